import Foundation
import Plot

/// Declaring a recurring pickup.
enum SeriesFormPage {
    struct Model {
        var structures: [(UUID, String)]
        var form: FormState<SeriesService.Field>
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Ramasse régulière" }

        override func content() -> Component {
            let f = self.model.form
            let days = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
            let keys: [SeriesService.Field] = [.jour1, .jour2, .jour3, .jour4, .jour5, .jour6, .jour7]
            return Div {
                Paragraph { Link("← Dons et besoins", url: SurplusURL.board.path) }
                H1("Ramasse régulière")
                Paragraph(
                    "Chaque semaine aux mêmes jours : les lots des deux semaines à venir sont proposés d'avance ; vous pouvez en sauter ou en modifier un."
                )
                .class("muted")
                Form(url: SurplusURL.newSeries.path, method: .post) {
                    CSRFField(token: self.context.csrf)
                    StructureChoice(label: "Structure qui donne", structures: self.model.structures, selected: f[.organization], error: f.error(.organization))
                    InputField(label: "Produits", name: "product", value: f[.product], error: f.error(.product), hint: "Par exemple : ramasse frais du magasin")
                    SelectField(
                        label: "Catégorie", name: "category", options: FoodCategory.allCases.map { ($0.rawValue, $0.label) }, selected: f[.category],
                        error: f.error(.category), includeEmpty: "Choisir…")
                    InputField(label: "Poids habituel (kg)", name: "kg", value: f[.kg], error: f.error(.kg), required: true, inputMode: "decimal")
                    SelectField(
                        label: "Conservation", name: "temperature", options: TemperatureClass.allCases.map { ($0.rawValue, $0.label) },
                        selected: f[.temperature], error: f.error(.temperature))
                    SelectField(
                        label: "Type de date", name: "date_kind", options: DateKind.allCases.map { ($0.rawValue, $0.label) }, selected: f[.date_kind],
                        error: f.error(.date_kind))
                    InputField(
                        label: "Jours avant la date, à la ramasse", name: "shelf_days", value: f[.shelf_days], error: f.error(.shelf_days),
                        hint: "Par exemple 3 si les produits ramassés ont d'habitude encore 3 jours de DLC", inputMode: "numeric")
                    Element(name: "fieldset") {
                        Legend("Jours de ramasse")
                        for (i, key) in keys.enumerated() {
                            CheckboxField(label: days[i], name: key.rawValue, checked: f[key] == "1")
                        }
                        if let e = f.error(.jour1) { Span(e).class("field-error") }
                    }
                    Div {
                        InputField(label: "De", name: "de", value: f[.de], error: f.error(.de), type: .time)
                        InputField(label: "À", name: "a", value: f[.a], error: f.error(.a), type: .time)
                    }.class("field-row")
                    Div {
                        InputField(label: "À partir du", name: "debut", value: f[.debut], error: f.error(.debut), type: .date)
                        InputField(label: "Jusqu'au (facultatif)", name: "fin", value: f[.fin], error: f.error(.fin), type: .date)
                    }.class("field-row")
                    InputField(label: "Remarque", name: "note", value: f[.note], error: nil, hint: "Quai, contact, consignes", multiline: true)
                    Button("Enregistrer la ramasse").attribute(named: "type", value: "submit").class("button")
                }
            }
        }
    }
}

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
