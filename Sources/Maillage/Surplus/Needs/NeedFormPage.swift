import Foundation
import Plot

/// Expressing a need: how much, when, for how many people.
enum NeedFormPage {
    struct Model {
        var structures: [(UUID, String)]
        var form: FormState<NeedField>
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Exprimer un besoin" }

        override func content() -> Component {
            let f = self.model.form
            return Div {
                Paragraph { Link("← Dons et besoins", url: SurplusURL.board.path) }
                H1("Exprimer un besoin")
                Form(url: SurplusURL.newNeed.path, method: .post) {
                    CSRFField(token: self.context.csrf)
                    StructureChoice(label: "Structure qui reçoit", structures: self.model.structures, selected: f[.organization], error: f.error(.organization))
                    SelectField(
                        label: "Catégorie", name: "category",
                        options: [(FoodCategory.any, "Toutes catégories")] + FoodCategory.allCases.map { ($0.rawValue, $0.label) },
                        selected: f[.category], error: f.error(.category))
                    InputField(label: "Quantité (kg)", name: "kg", value: f[.kg], error: f.error(.kg), required: true, inputMode: "decimal")
                    InputField(
                        label: "Personnes servies", name: "people_served", value: f[.people_served], error: f.error(.people_served), required: true,
                        hint: "Par semaine, un ordre de grandeur suffit", inputMode: "numeric")
                    Element(name: "fieldset") {
                        Legend("Quand pouvez-vous recevoir ?")
                        InputField(
                            label: "À partir de", name: "delivery_from", value: f[.delivery_from], error: f.error(.delivery_from), type: .datetimeLocal,
                            required: true)
                        InputField(
                            label: "Jusqu'à", name: "delivery_to", value: f[.delivery_to], error: f.error(.delivery_to), type: .datetimeLocal, required: true)
                    }
                    InputField(label: "Remarque", name: "note", value: f[.note], error: nil, multiline: true)
                    Button("Enregistrer le besoin").attribute(named: "type", value: "submit").class("button")
                }
            }
        }
    }
}
