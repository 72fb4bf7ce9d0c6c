import Foundation
import Plot

/// Declaring a lot from a phone: the fields a label shows, in the order it shows them.
enum LotFormPage {
    struct Model {
        var structures: [(UUID, String)]
        var form: FormState<LotField>
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Déclarer un don" }

        override func content() -> Component {
            let f = self.model.form
            return Div {
                Paragraph { Link("← Dons et besoins", url: SurplusURL.board.path) }
                H1("Déclarer un don")
                Paragraph(
                    "Les règles du don alimentaire sont vérifiées au fil de la saisie : un produit à DLC doit avoir au moins 48 h devant lui à la collecte."
                )
                .class("muted")
                Form(url: SurplusURL.newLot.path, method: .post) {
                    CSRFField(token: self.context.csrf)
                    StructureChoice(label: "Structure qui donne", structures: self.model.structures, selected: f[.organization], error: f.error(.organization))
                    SelectField(
                        label: "Catégorie", name: "category", options: FoodCategory.allCases.map { ($0.rawValue, $0.label) }, selected: f[.category],
                        error: f.error(.category), includeEmpty: "Choisir…")
                    InputField(label: "Produit", name: "product", value: f[.product], error: f.error(.product), hint: "Par exemple : yaourts nature, carottes")
                    InputField(
                        label: "Poids total (kg)", name: "kg", value: f[.kg], error: f.error(.kg), hint: "Ou bien le nombre d'unités et le poids d'une unité",
                        inputMode: "decimal")
                    Div {
                        InputField(label: "Nombre d'unités", name: "units", value: f[.units], error: nil, inputMode: "numeric")
                        InputField(label: "Poids d'une unité (kg)", name: "unit_kg", value: f[.unit_kg], error: nil, inputMode: "decimal")
                    }.class("field-row")
                    SelectField(
                        label: "Conservation", name: "temperature", options: TemperatureClass.allCases.map { ($0.rawValue, $0.label) },
                        selected: f[.temperature], error: f.error(.temperature))
                    SelectField(
                        label: "Type de date", name: "date_kind", options: DateKind.allCases.map { ($0.rawValue, $0.label) }, selected: f[.date_kind],
                        error: f.error(.date_kind))
                    InputField(label: "Date sur l'emballage", name: "date", value: f[.date], error: f.error(.date), type: .date, required: true)
                    InputField(
                        label: "Date de congélation", name: "frozen_on", value: f[.frozen_on], error: f.error(.frozen_on), type: .date,
                        hint: "Obligatoire pour la viande et le poisson congelés")
                    InputField(
                        label: "Numéro de lot", name: "lot_number", value: f[.lot_number], error: f.error(.lot_number),
                        hint: "S'il y en a un : il sert en cas de rappel")
                    Element(name: "fieldset") {
                        Legend("Quand peut-on venir le chercher ?")
                        InputField(
                            label: "À partir de", name: "pickup_from", value: f[.pickup_from], error: f.error(.pickup_from), type: .datetimeLocal,
                            required: true)
                        InputField(label: "Jusqu'à", name: "pickup_to", value: f[.pickup_to], error: f.error(.pickup_to), type: .datetimeLocal, required: true)
                    }
                    InputField(label: "Remarque", name: "note", value: f[.note], error: nil, hint: "Accès, quai, contact sur place…", multiline: true)
                    Button("Enregistrer le don").attribute(named: "type", value: "submit").class("button")
                }
            }
        }
    }
}
