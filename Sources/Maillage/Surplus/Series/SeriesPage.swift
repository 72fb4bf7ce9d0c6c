import Foundation
import Plot

/// A recurring pickup and its coming lots.
enum SeriesPage {
    struct Model {
        var series: LotSeries
        var lots: [Lot]
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Ramasse : \(self.model.series.product)" }

        override func content() -> Component {
            let s = self.model.series
            let names = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
            let days = s.days.sorted().map { names[$0 - 1] }.joined(separator: ", ")
            return Div {
                Paragraph { Link("← Dons et besoins", url: SurplusURL.board.path) }
                H1("Ramasse régulière : \(s.product)")
                Paragraph(
                    "\(Format.number(s.kg)) kg · \(s.temperature.label) · chaque \(days), de \(String(format: "%02d:%02d", s.pickupStart / 60, s.pickupStart % 60)) à \(String(format: "%02d:%02d", s.pickupEnd / 60, s.pickupEnd % 60))"
                        + (s.until.map { " · jusqu'au \(Day.label($0))" } ?? ""))
                Span(s.active ? "Active" : "Arrêtée").class("badge")
                H2("Prochains lots")
                if self.model.lots.isEmpty {
                    Paragraph(s.active ? "Aucun lot dans les deux semaines à venir." : "Ramasse arrêtée.").class("empty")
                }
                List(self.model.lots) { l in
                    ListItem {
                        Link("\(Day.label(l.occurrence ?? l.date)) · \(Format.number(l.kg)) kg", url: SurplusURL.lot(l.id ?? UUID()))
                        Span(" \(l.status.label)").class("badge")
                        if l.status == .offered && l.allocatedKg == 0 {
                            PostButton(
                                action: SurplusURL.withdraw(l.id ?? UUID()), label: "Sauter ce jour", csrf: self.context.csrf, style: "link",
                                hidden: [("motif", "Pas de ramasse ce jour-là")], confirm: "Pas de ramasse ce jour-là ?")
                        }
                    }
                }.class("results")
                if s.active {
                    PostButton(
                        action: SurplusURL.stopSeries(s.id ?? UUID()), label: "Arrêter cette ramasse", csrf: self.context.csrf, style: "button danger",
                        confirm: "Arrêter la ramasse ? Les lots à venir non attribués seront retirés.")
                }
            }
        }
    }
}
