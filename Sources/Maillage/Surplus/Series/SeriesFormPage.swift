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
