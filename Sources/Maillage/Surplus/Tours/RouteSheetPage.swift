import Foundation
import Plot

/// Route sheets: on paper one page per tour (stops in order, times, addresses, what to load and unload, cold chain,
/// contacts, a signature box); on the driver's phone the same stops, each marked as it happens.
enum RouteSheetPage {
    struct Model {
        var dispatch: Dispatch
        var sheets: [RouteSheet]
        /// The phone view: forms to mark each step.
        var marking: Bool
        /// Messages per delivery row, after a wrong mark.
        var errors: [UUID: [DeliveryRules.Field: String]]
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String {
            self.model.sheets.count == 1
                ? "Tournée \(self.model.sheets[0].number) — \(Day.label(self.model.dispatch.day))" : "Feuilles de route — \(Day.label(self.model.dispatch.day))"
        }

        override func content() -> Component {
            let m = self.model
            return Div {
                Paragraph {
                    Link("← Répartition du \(Day.label(m.dispatch.day))", url: SurplusURL.dispatch(m.dispatch.id ?? UUID()))
                }.class("no-print")
                for sheet in m.sheets { self.sheet(sheet) }
            }
        }

        private func time(_ d: Date?) -> String {
            guard let d else { return "" }
            return Formatters.date("HH:mm", french: true).use { $0.string(from: d) }
        }

        private func sheet(_ s: RouteSheet) -> Component {
            let b = s.balance
            return Element(name: "section") {
                H1("Tournée \(s.number) — \(Day.label(self.model.dispatch.day))")
                Paragraph("\(s.vehicle) · départ \(self.time(s.departure)), retour \(self.time(s.back)) · \(Format.number(s.km.rounded())) km")
                Paragraph("Chauffeur·e : ……………………………………  Téléphone : ……………………").class("print-only")
                Paragraph(
                    "Bilan du véhicule : \(Format.number(b.collected)) kg chargés = \(Format.number(b.delivered)) livrés + \(Format.number(b.refused)) refusés + \(Format.number(b.lost)) perdus"
                        + (b.onBoard > 0.05 ? " + \(Format.number(b.onBoard)) encore à bord" : " ✓")
                ).class("balance")
                Element(name: "ol") {
                    for stop in s.stops { self.stop(stop) }
                }.class("sheet-stops")
            }.class("route-sheet")
        }

        private func stop(_ stop: RouteSheet.Stop) -> Component {
            let place = stop.place
            let contact = place.contacts.first
            return ListItem {
                H2("\(self.time(stop.arrival)) · \(stop.pickup ? "Charger chez" : "Livrer à") \(place.name)")
                Paragraph {
                    Text("\(place.address), \(place.postalCode) \(place.commune)")
                    if let phone = contact?.phone ?? place.phone {
                        Text(" · ")
                        Link(phone, url: "tel:" + phone.filter { $0.isNumber || $0 == "+" })
                    }
                    if let name = contact?.name { Text(" · \(name)") }
                }.class("muted")
                List(stop.items) { item in self.item(item, pickup: stop.pickup) }.class("sheet-items")
                Div {
                    Span("Signature \(stop.pickup ? "du donateur" : "du destinataire") :")
                }.class("signature print-only")
            }.class("card")
        }

        private func item(_ item: RouteSheet.Item, pickup: Bool) -> Component {
            let d = item.delivery, l = item.lot
            let id = d.id ?? UUID()
            let errors = self.model.errors[id] ?? [:]
            let suffix = "-" + id.uuidString.prefix(8)
            return ListItem {
                Element(name: "strong") { Text("\(Format.number(d.kg)) kg · \(l.product)") }
                Text(" · \(l.temperature.label) · \(l.dateKind == .dlc ? "DLC" : "DDM") \(Day.label(l.date))")
                if !l.lotNumber.isEmpty { Text(" · lot \(l.lotNumber)") }
                Text(pickup ? " · pour \(item.recipient)" : "")
                Span(" \(d.status.label)").class("badge")
                if d.collectedKg != nil || d.deliveredKg != nil {
                    Paragraph(
                        [
                            d.collectedKg.map { "chargé \(Format.number($0)) kg" }, d.deliveredKg.map { "livré \(Format.number($0)) kg" },
                            d.refusedKg > 0 ? "refusé \(Format.number(d.refusedKg)) kg" : nil, d.lostKg > 0 ? "perdu \(Format.number(d.lostKg)) kg" : nil,
                            d.temperatureC.map { "\(Format.number($0)) °C" }, d.note.isEmpty ? nil : d.note,
                        ].compactMap { $0 }.joined(separator: " · ")
                    ).class("muted")
                }
                if self.model.marking {
                    if pickup && d.status == .planned {
                        Form(url: SurplusURL.mark(id), method: .post) {
                            CSRFField(token: self.context.csrf)
                            Input(type: .hidden, name: "etape", value: "collecte")
                            Div {
                                InputField(
                                    label: "kg chargés", name: "kg", value: Format.number(d.kg), error: errors[.kg], inputMode: "decimal", idSuffix: suffix)
                                if l.temperature != .ambiant {
                                    InputField(
                                        label: "Température (°C)", name: "temperature", value: "", error: errors[.temperature], inputMode: "decimal",
                                        idSuffix: suffix)
                                }
                            }.class("field-row")
                            Button("Collecté").attribute(named: "type", value: "submit").class("button")
                        }
                        Form(url: SurplusURL.mark(id), method: .post) {
                            CSRFField(token: self.context.csrf)
                            Input(type: .hidden, name: "etape", value: "absent")
                            InputField(label: "Absent ou perdu : pourquoi ?", name: "reason", value: "", error: errors[.reason], idSuffix: suffix + "-a")
                            Button("Rien à charger").attribute(named: "type", value: "submit").class("button secondary")
                        }.class("secondary-form")
                    } else if !pickup && d.status == .collected {
                        Form(url: SurplusURL.mark(id), method: .post) {
                            CSRFField(token: self.context.csrf)
                            Input(type: .hidden, name: "etape", value: "livraison")
                            Div {
                                InputField(
                                    label: "kg livrés", name: "delivered", value: Format.number(d.collectedKg ?? d.kg), error: errors[.delivered],
                                    inputMode: "decimal", idSuffix: suffix)
                                InputField(label: "kg refusés", name: "refused", value: "", error: errors[.refused], inputMode: "decimal", idSuffix: suffix)
                                InputField(label: "kg perdus", name: "lost", value: "", error: errors[.lost], inputMode: "decimal", idSuffix: suffix)
                                if l.temperature != .ambiant {
                                    InputField(
                                        label: "Température (°C)", name: "temperature", value: "", error: errors[.temperature], inputMode: "decimal",
                                        idSuffix: suffix)
                                }
                            }.class("field-row")
                            InputField(
                                label: "Motif du refus ou de la perte", name: "reason", value: "", error: errors[.reason],
                                hint: "Pas de place, qualité, arrivé trop tard, casse…", idSuffix: suffix)
                            Button("Livré").attribute(named: "type", value: "submit").class("button")
                        }
                    }
                }
            }.id("livraison-\(id.uuidString)")
        }
    }
}
