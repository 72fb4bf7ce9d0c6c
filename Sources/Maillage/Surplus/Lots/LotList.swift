import Foundation
import Plot

/// Lots as a list: what, how much, cold chain, date, pickup window, status.
struct LotList: Component {
    var lots: [Lot]
    var showDonor: Bool

    var body: Component {
        List(lots) { l in
            ListItem {
                Link("\(Format.number(l.kg)) kg · \(l.product)", url: SurplusURL.lot(l.id ?? UUID()))
                Text(" · \(l.temperature.label) · \(l.dateKind == .dlc ? "DLC" : "DDM") \(Day.label(l.date))")
                if showDonor { Text(" · \(l.organization.name)") }
                Text(" · collecte du \(Format.dateTime(l.pickupFrom)) au \(Format.dateTime(l.pickupTo))")
                Span(" \(l.status.label)").class("badge")
            }
        }.class("results")
    }
}
