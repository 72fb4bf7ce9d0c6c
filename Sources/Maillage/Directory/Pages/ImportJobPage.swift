import Foundation
import Plot

/// An import as pages show it, read from its job.
struct ImportSummary: Equatable {
    var id: UUID
    var filename: String
    var servicesFilename: String?
    var territory: String
    var createdAt: Date?
    var status: Job.Status
    var progressLabel: String
    var progressDone: Int
    var progressTotal: Int
    var report: ImportReport?
    var failure: String?

    init?(_ job: Job) {
        guard let id = job.id else { return nil }
        let args = ImportJob.arguments(of: job)
        self.id = id
        filename = args?.structuresFilename ?? "fichier"
        servicesFilename = args?.servicesFilename
        territory = args?.run.territory ?? ""
        createdAt = job.createdAt
        status = job.statusValue
        progressLabel = job.progressLabel
        progressDone = job.progressDone
        progressTotal = job.progressTotal
        report = ImportJob.report(of: job)
        failure = status == .failed ? job.result : nil
    }

    var statusText: String {
        switch status {
        case .done:
            guard let r = report else { return "Terminé" }
            return "Terminé : \(French.count(r.imported, "créé")), \(r.updated) mis à jour, \(French.count(r.unchanged, "inchangé")), "
                + French.count(r.rejected, "refusé")
        case .failed: return "Échec : \(failure ?? "")"
        case .running: return "En cours (\(progressLabel.lowercased()))"
        case .queued: return "En attente"
        }
    }
}

/// One import: its progress while it runs, then its report (what was created, updated, refused and why).
enum ImportJobPage {
    struct Model { var summary: ImportSummary }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Import" }
        override var refreshSeconds: Int? { [.queued, .running].contains(self.model.summary.status) ? 2 : nil }

        override func content() -> Component {
            let s = self.model.summary
            return Div {
                H1("Import de « \(s.filename) »")
                Paragraph(
                    "Territoire : \(French.departement(s.territory)) · envoyé le \(Format.dateTime(s.createdAt))\(s.servicesFilename.map { " · services : « \($0) »" } ?? "")"
                )
                .class("muted")
                switch s.status {
                case .queued, .running:
                    Paragraph("\(s.status.label) : \(s.progressLabel)…").attribute(named: "role", value: "status")
                    Element(name: "progress") { EmptyComponent() }.attribute(named: "max", value: String(max(s.progressTotal, 1)))
                        .attribute(named: "value", value: String(s.progressDone)).class("upload-progress")
                    Paragraph("Cette page se met à jour toute seule. Vous pouvez la quitter : l'import continue.").class("muted")
                case .failed:
                    Paragraph(
                        "L'import s'est arrêté : \(s.failure ?? "erreur inconnue"). Ce qui était déjà enregistré le reste ; corrigez le fichier et renvoyez-le : seul ce qui manque sera ajouté."
                    )
                    .class("error").attribute(named: "role", value: "alert")
                case .done:
                    self.report(s.report, territory: s.territory)
                }
                Paragraph { Link("← Tous les imports", url: DirectoryURL.imports.path) }
            }
        }

        private func report(_ report: ImportReport?, territory: String) -> Component {
            guard let report else { return Paragraph("Terminé.") }
            return Div {
                Paragraph("Import terminé.").class("notice").attribute(named: "role", value: "status")
                Table(
                    header: TableRow {
                        TableHeaderCell("Résultat"); TableHeaderCell("Structures"); TableHeaderCell("Services")
                    },
                    rows: {
                        TableRow {
                            TableCell("Créés"); TableCell(String(report.structuresImported)); TableCell(String(report.servicesImported))
                        }
                        TableRow {
                            TableCell("Mis à jour"); TableCell(String(report.structuresUpdated)); TableCell(String(report.servicesUpdated))
                        }
                        TableRow {
                            TableCell("Inchangés"); TableCell(String(report.structuresUnchanged)); TableCell(String(report.servicesUnchanged))
                        }
                    }
                ).class("report").id("bilan")
                Paragraph {
                    Link("Voir l'annuaire", url: DirectoryURL.directory.path)
                    Text(" · ")
                    Link("Qui manque autour de la table ?", url: DirectoryURL.coverage(territory))
                    Text(" · ")
                    Link("Doublons possibles", url: DirectoryURL.duplicates.path)
                }
                if report.rejections.isEmpty {
                    Paragraph("Aucun enregistrement refusé.")
                } else {
                    H2(French.count(report.rejected, "enregistrement refusé", plural: "enregistrements refusés"))
                    Paragraph("Ils n'ont pas été importés. Corrigez-les à la source puis renvoyez le fichier : ce qui est déjà importé ne sera pas dupliqué.")
                        .class("muted")
                    Table(
                        header: TableRow {
                            TableHeaderCell("Enregistrement"); TableHeaderCell("Champ"); TableHeaderCell("Raison")
                        },
                        rows: {
                            for r in report.rejections.prefix(1000) {
                                TableRow {
                                    TableCell {
                                        if let name = r.name { Element(name: "strong") { Text(name) }; Text(" ") }
                                        Span(r.name == nil ? r.id : "(\(r.id))").class("muted")
                                    }
                                    TableCell(r.field); TableCell(r.reason)
                                }
                            }
                        }
                    ).class("rejections").id("refus")
                    if report.rejections.count > 1000 {
                        Paragraph("… et \(report.rejections.count - 1000) autres (la commande en ligne les liste tous).").class("muted")
                    }
                }
            }
        }
    }
}
