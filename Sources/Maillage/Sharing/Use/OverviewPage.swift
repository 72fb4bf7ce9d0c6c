import Foundation
import Plot

/// The territory's resources and their use over twelve months, for funders (issue 14).
enum OverviewPage {
    struct Line {
        var resource: SharedResource
        var organization: String
        var year: ResourceStats.Month
    }

    struct Model {
        var territory: String
        var lines: [Line]
        var from: Date
        var to: Date
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Utilisation des ressources partagées" }

        override func content() -> Component {
            let m = self.model
            let booked = m.lines.map(\.year.bookedHours).reduce(0, +)
            let refused = m.lines.map(\.year.refusedCount).reduce(0, +)
            return Div {
                Paragraph { Link("← Ressources partagées", url: SharingURL.resources.path) }
                H1("Utilisation des ressources partagées")
                Paragraph(
                    "Du \(Format.date(m.from)) au \(Format.date(m.to.addingTimeInterval(-43_200))) : \(French.count(m.lines.count, "ressource", plural: "ressources")), "
                        + "\(Format.number(booked.rounded())) heures prêtées (quantité × heures pour les stockages), "
                        + "\(French.count(refused, "demande non satisfaite", plural: "demandes non satisfaites"))."
                )
                if m.lines.isEmpty {
                    Paragraph("Aucune ressource partagée ici pour l'instant.").class("empty")
                } else {
                    Table(
                        header: TableRow {
                            TableHeaderCell("Ressource"); TableHeaderCell("Structure"); TableHeaderCell("Occupation")
                            TableHeaderCell("Heures prêtées"); TableHeaderCell("Structures servies"); TableHeaderCell("Demandes non satisfaites")
                        },
                        rows: {
                            for line in m.lines {
                                TableRow {
                                    TableCell { Link(line.resource.name, url: SharingURL.stats(line.resource.id ?? UUID())) }
                                    TableCell(line.organization)
                                    TableCell("\(Format.number((line.year.occupancy * 100).rounded())) %")
                                    TableCell(Format.number(line.year.bookedHours.rounded()))
                                    TableCell(String(line.year.byOrganization.count))
                                    TableCell(String(line.year.refusedCount))
                                }
                            }
                        }
                    )
                }
            }
        }
    }
}
