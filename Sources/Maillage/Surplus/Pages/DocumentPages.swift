import Foundation
import Plot

/// The *bordereau de prise en charge*: what one donor handed over in one dispatch, signed by both parties.
enum SlipPage {
    struct Model {
        var dispatch: Dispatch
        var donor: Organization
        var rows: [Delivery]
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Bordereau de prise en charge — \(self.model.donor.name)" }

        override func content() -> Component {
            let m = self.model
            let donor = m.donor
            let total = m.rows.reduce(0) { $0 + ($1.collectedKg ?? $1.kg) }
            return Div {
                Paragraph { Link("← Répartition du \(Day.label(m.dispatch.day))", url: SurplusURL.dispatch(m.dispatch.id ?? UUID())) }.class("no-print")
                H1("Bordereau de prise en charge")
                Paragraph("Répartition du \(Day.label(m.dispatch.day)) · n° \(m.dispatch.id.map { String($0.uuidString.prefix(8)) } ?? "")")
                H2("Donateur")
                Paragraph("\(donor.name) · \(donor.address), \(donor.postalCode) \(donor.commune)\(donor.siret.map { " · SIRET \($0)" } ?? "")")
                H2("Denrées remises")
                Table(
                    header: TableRow {
                        TableHeaderCell("Produit"); TableHeaderCell("N° de lot"); TableHeaderCell("Date"); TableHeaderCell("Conservation")
                        TableHeaderCell("kg"); TableHeaderCell("T° relevée"); TableHeaderCell("Destinataire")
                    },
                    rows: {
                        for d in m.rows {
                            TableRow {
                                TableCell(d.lot.product); TableCell(d.lot.lotNumber.isEmpty ? "—" : d.lot.lotNumber)
                                TableCell("\(d.lot.dateKind == .dlc ? "DLC" : "DDM") \(Day.label(d.lot.date))"); TableCell(d.lot.temperature.label)
                                TableCell(Format.number(d.collectedKg ?? d.kg)); TableCell(d.temperatureC.map { "\(Format.number($0)) °C" } ?? "—")
                                TableCell(d.need.organization.name)
                            }
                        }
                    }
                ).attribute(named: "data-keep-columns", value: "1")
                Paragraph("Total : \(Format.number(total)) kg.").class("balance")
                Paragraph(
                    "Le donateur certifie que les denrées remises sont propres à la consommation et ont été conservées dans le respect de la chaîne du froid. Le transporteur et le destinataire prennent en charge les denrées à compter de la signature."
                ).class("muted")
                Div {
                    Div { Span("Signature du donateur") }.class("signature")
                    Div { Span("Signature du transporteur") }.class("signature")
                }.class("field-row")
            }
        }
    }
}

/// A donor's gifts over a period, with the valuation rule, for its tax receipt.
enum DonorSummaryPage {
    final class View: ModelPage<DonorSummary> {
        override func pageTitle() -> String { "Récapitulatif des dons — \(self.model.organization.name)" }

        override func content() -> Component {
            let m = self.model
            let id = m.organization.id ?? UUID()
            var query = "?du=\(m.from)&au=\(m.to)"
            for (c, p) in m.prices { query += "&prix-\(c.rawValue)=\(p)" }
            return Div {
                Paragraph { Link("← Dons et besoins", url: SurplusURL.board.path) }
                H1("Récapitulatif des dons — \(m.organization.name)")
                Paragraph(
                    "Ce que vous avez donné et qui a été livré, pour établir le reçu fiscal avec l'association qui le délivre. Valorisation : au prix de revient ; "
                        + "la moitié pour les produits donnés dans les trois derniers jours avant leur DLC."
                ).class("muted")
                Form(url: SurplusURL.donorSummary(id), method: .get) {
                    Div {
                        InputField(label: "Du", name: "du", value: m.from, error: nil, type: .date)
                        InputField(label: "Au", name: "au", value: m.to, error: nil, type: .date)
                    }.class("field-row")
                    Element(name: "details") {
                        Element(name: "summary") { Text("Prix de revient par catégorie (€/kg)") }
                        for c in FoodCategory.allCases {
                            InputField(
                                label: c.label, name: "prix-" + c.rawValue, value: m.prices[c].map(Format.number) ?? "", error: nil, inputMode: "decimal")
                        }
                    }
                    Button("Calculer").attribute(named: "type", value: "submit").class("button secondary")
                }
                Paragraph(
                    "\(French.count(m.lines.count, "livraison", plural: "livraisons")), \(Format.number(m.totalKg.rounded())) kg"
                        + (m.totalValue.map { " · valeur : \(Format.number(($0 * 100).rounded() / 100)) €" } ?? " · indiquez vos prix de revient pour la valeur")
                ).class("balance")
                Paragraph { Link("Télécharger en CSV (tableur)", url: SurplusURL.donorSummaryCSV(id) + query) }
                if m.lines.isEmpty {
                    Paragraph("Aucune livraison de vos dons sur cette période.").class("empty")
                } else {
                    Table(
                        header: TableRow {
                            TableHeaderCell("Livré le"); TableHeaderCell("Produit"); TableHeaderCell("N° de lot"); TableHeaderCell("Date")
                            TableHeaderCell("kg"); TableHeaderCell("Taux"); TableHeaderCell("Destinataire")
                        },
                        rows: {
                            for l in m.lines {
                                TableRow {
                                    TableCell(Day.label(l.day)); TableCell(l.product); TableCell(l.lotNumber.isEmpty ? "—" : l.lotNumber)
                                    TableCell("\(l.dateKind == .dlc ? "DLC" : "DDM") \(Day.label(l.date))"); TableCell(Format.number(l.kg))
                                    TableCell(l.rate < 1 ? "50 %" : "100 %"); TableCell(l.recipient)
                                }
                            }
                        })
                }
            }
        }
    }
}
