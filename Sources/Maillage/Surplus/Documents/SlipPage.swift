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
