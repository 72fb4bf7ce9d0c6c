import Foundation
import Plot

/// A resource's year of use, for its owner and its funders: occupancy per month as bars, refused demand beside it.
enum ResourceStatsPage {
    struct Model {
        var resource: SharedResource
        var months: [ResourceStats.Month]
        /// Who borrowed, for the two structures and the territory's animators only.
        var showWho: Bool
    }

    static func monthName(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "fr_FR")
        f.timeZone = TimeZone(identifier: "Europe/Paris")
        f.dateFormat = "MMM yyyy"
        return f.string(from: d)
    }

    static func monthAndYear(_ d: Date) -> (String, String) {
        let parts = monthName(d).split(separator: " ")
        return (String(parts.first ?? ""), String(parts.last ?? ""))
    }

    static func percent(_ v: Double) -> String { "\(Int((v * 100).rounded())) %" }

    /// Twelve bars of occupancy (0–100 %), with the count of unmet requests above each month that had some.
    static func chart(_ months: [ResourceStats.Month]) -> TrustedMarkup {
        var w = SVGWriter()
        let width = 720.0, height = 240.0, left = 40.0, bottom = 40.0, top = 20.0
        let band = (width - left) / Double(max(months.count, 1))
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        w.open(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(f(width)) \(f(height))"), ("role", "img"), ("class", "chart"),
                ("aria-label", "Taux d'occupation par mois ; le tableau ci-dessous donne les mêmes chiffres"),
            ])
        for tick in [0.0, 0.5, 1.0] {
            let y = top + (height - top - bottom) * (1 - tick)
            w.element("line", [("x1", f(left)), ("x2", f(width)), ("y1", f(y)), ("y2", f(y)), ("stroke", "rgb(210,215,220)")])
            w.element(
                "text", [("x", f(left - 4)), ("y", f(y + 4)), ("text-anchor", "end"), ("font-size", "11"), ("fill", "rgb(85,85,85)")], text: percent(tick))
        }
        for (k, m) in months.enumerated() {
            let x = left + band * Double(k) + band * 0.15
            let h = (height - top - bottom) * m.occupancy
            w.element("rect", [("x", f(x)), ("y", f(height - bottom - h)), ("width", f(band * 0.7)), ("height", f(max(h, 0.5))), ("fill", "#1f6f5c")])
            // The month, and the year under January and under the first bar: labels that fit fourteen bars.
            let (month, year) = monthAndYear(m.start)
            w.element(
                "text", [("x", f(x + band * 0.35)), ("y", f(height - bottom + 15)), ("text-anchor", "middle"), ("font-size", "11"), ("fill", "rgb(51,51,51)")],
                text: month)
            if k == 0 || month.hasPrefix("janv") {
                w.element(
                    "text",
                    [("x", f(x + band * 0.35)), ("y", f(height - bottom + 29)), ("text-anchor", "middle"), ("font-size", "11"), ("fill", "rgb(85,85,85)")],
                    text: year)
            }
            if m.refusedCount > 0 {
                w.element(
                    "text",
                    [("x", f(x + band * 0.35)), ("y", f(height - bottom - h - 4)), ("text-anchor", "middle"), ("font-size", "11"), ("fill", "#a11")],
                    text: "\(m.refusedCount) refus")
            }
        }
        w.close("svg")
        return w.markup
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Utilisation — \(self.model.resource.name)" }

        override func content() -> Component {
            let m = self.model
            let r = m.resource
            let id = r.id ?? UUID()
            return Div {
                Paragraph { Link("← \(r.name)", url: SharingURL.resource(id)) }
                H1("Utilisation de « \(r.name) »")
                Paragraph(
                    r.kindValue.isExclusive
                        ? "Occupation : heures réservées ÷ heures disponibles (hors pannes). Refus : demandes refusées ou impossibles faute de place — la demande que la ressource ne couvre pas."
                        : "Occupation : \(r.unit) × heures réservées ÷ capacité × heures disponibles (hors pannes). Refus : demandes refusées ou impossibles faute de place."
                ).class("muted")
                Div { ResourceStatsPage.chart(m.months) }.class("chart-panel")
                Table(
                    header: TableRow {
                        TableHeaderCell("Mois"); TableHeaderCell("Occupation")
                        TableHeaderCell(r.kindValue.isExclusive ? "Heures réservées" : "\(r.unit) × heures")
                        TableHeaderCell("Demandes non satisfaites"); TableHeaderCell("Hors service (h)")
                        if m.showWho { TableHeaderCell("Par qui") }
                    },
                    rows: {
                        for month in m.months.reversed() {
                            TableRow {
                                TableCell(ResourceStatsPage.monthName(month.start)); TableCell(ResourceStatsPage.percent(month.occupancy))
                                TableCell(Format.number(month.bookedHours.rounded())); TableCell(String(month.refusedCount))
                                TableCell(Format.number(month.outageHours.rounded()))
                                if m.showWho {
                                    TableCell(
                                        month.byOrganization.sorted { $0.value > $1.value }.prefix(3).map { "\($0.key) (\(Format.number($0.value.rounded())))" }
                                            .joined(separator: ", "))
                                }
                            }
                        }
                    }
                ).class("stats")
                Paragraph { Link("Télécharger en CSV (tableur)", url: SharingURL.statsCSV(id)) }
            }
        }
    }
}
