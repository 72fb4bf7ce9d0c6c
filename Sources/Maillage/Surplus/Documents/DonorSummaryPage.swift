import Foundation
import Plot

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
