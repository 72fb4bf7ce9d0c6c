import Foundation
import Plot

/// The opening hours of the structure form: a row per day (closed, open, by appointment, up to three slots),
/// public holidays, temporary closures, and the OSM text for other tools. Works without script; `directory.js`
/// hides the slots of closed days and adds "same as the day before".
struct HoursEditor: Component {
    var values: [String: String]
    var errors: [String: String]

    private func v(_ k: String) -> String { values[k] ?? "" }

    var body: Component {
        typealias Key = HoursForm.Key
        let initial = v(Key.initial)
        let foreign = !HoursForm.editorCanShow(initial)
        return FieldSet {
            Legend("Horaires d'ouverture")
            Input(type: .hidden, name: Key.editor, value: "1")
            Paragraph(
                "Pour chaque jour : fermé, ouvert (jusqu'à trois créneaux) ou sur rendez-vous. Une fermeture avant l'ouverture passe minuit (22:00 → 02:00)."
            )
            .class("hint")
            if foreign {
                Paragraph(
                    "Ces horaires viennent d'un autre outil, dans une forme que ces cases ne savent pas afficher : ils restent tels quels tant que vous ne remplissez pas les jours ci-dessous."
                ).class("notice warning")
            }
            if let error = errors[Key.osm] { Paragraph(error).class("field-error").id("f-opening_hours-erreur") }
            Div {
                for d in 0..<7 { self.day(d) }
            }.class("week-hours")
            CheckboxField(label: "Fermé les jours fériés", name: Key.holidays, checked: !v(Key.holidays).isEmpty)
            self.closures()
            Element(name: "details") {
                Element(name: "summary") { Text("Format OpenStreetMap (pour les outils et les imports)") }
                InputField(
                    label: "Horaires au format opening_hours", name: Key.osm, value: v(Key.osm), error: nil,
                    hint: "Rempli à partir des cases ci-dessus. Si vous le modifiez ici, c'est ce texte qui est enregistré.")
                Input(type: .hidden, name: Key.initial, value: initial)
            }.attribute(named: "open", value: foreign ? "open" : nil)
        }.class("hours-editor")
    }

    private func day(_ d: Int) -> Component {
        typealias Key = HoursForm.Key
        let name = WeeklyHours.frenchDays[d].capitalized
        let error = errors[Key.day(d)]
        let errorID = "f-\(Key.day(d))-erreur"
        return Element(name: "fieldset") {
            Legend(name)
            Div {
                Label("\(name) : fermé, ouvert ou sur rendez-vous") { EmptyComponent() }.attribute(named: "for", value: "f-\(Key.mode(d))").class("sr-only")
                Element(name: "select") {
                    for mode in DayMode.allCases {
                        Element(name: "option") { Text(mode.label) }.attribute(named: "value", value: mode.rawValue)
                            .attribute(named: "selected", value: self.selectedMode(d) == mode ? "selected" : nil)
                    }
                }.attribute(named: "name", value: Key.mode(d)).id("f-\(Key.mode(d))").data(named: "jour", value: String(d))
                    .attribute(named: "aria-describedby", value: error == nil ? nil : errorID)
            }.class("day-mode")
            Div {
                for k in 0..<HoursForm.slotsPerDay {
                    Div {
                        self.time(label: "\(name), créneau \(k + 1) : ouverture", key: Key.opens(d, k), error: error, errorID: errorID)
                        Span("à").attribute(named: "aria-hidden", value: "true")
                        self.time(label: "\(name), créneau \(k + 1) : fermeture", key: Key.closes(d, k), error: error, errorID: errorID)
                    }.class("slot")
                }
            }.class("slots")
            if let error { Span(error).class("field-error").id(errorID) }
        }.class(error == nil ? "day-hours" : "day-hours has-error").data(named: "jour", value: String(d))
    }

    private func selectedMode(_ d: Int) -> DayMode {
        if let mode = DayMode(rawValue: v(HoursForm.Key.mode(d))) { return mode }
        return (0..<HoursForm.slotsPerDay).contains { !v(HoursForm.Key.opens(d, $0)).isEmpty } ? .open : .closed
    }

    private func time(label: String, key: String, error: String?, errorID: String) -> Component {
        Span {
            Label(label) { EmptyComponent() }.attribute(named: "for", value: "f-\(key)").class("sr-only")
            Input(type: .time, name: key, value: v(key)).id("f-\(key)")
                .attribute(named: "aria-invalid", value: error == nil ? nil : "true")
                .attribute(named: "aria-describedby", value: error == nil ? nil : errorID)
        }
    }

    private func closures() -> Component {
        typealias Key = HoursForm.Key
        return Div {
            H2("Fermetures temporaires").class("subheading")
            Paragraph("Congés d'été, travaux, crise : les dates et un message pour les visiteurs. Elles disparaissent d'elles-mêmes une fois passées.")
                .class("hint")
            for k in 0..<HoursForm.closureRows(values) {
                let error = errors[Key.closure(k)]
                Div {
                    InputField(label: "Du", name: Key.closureFrom(k), value: v(Key.closureFrom(k)), error: nil, type: .date)
                    InputField(label: "Au (inclus)", name: Key.closureTo(k), value: v(Key.closureTo(k)), error: nil, type: .date)
                    InputField(
                        label: "Message", name: Key.closureMessage(k), value: v(Key.closureMessage(k)), error: nil,
                        hint: "Par exemple : congés d'été, reprise des distributions le 24 août")
                    if let error { Span(error).class("field-error").id("f-\(Key.closure(k))-erreur") }
                }.class(error == nil ? "closure-row" : "closure-row has-error")
            }
        }.class("closures")
    }
}
