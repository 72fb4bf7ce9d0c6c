import Foundation
import Plot

enum GleaningFieldFormPage {
    struct Model {
        var structures: [(UUID, String)]
        var form: FormState<GleaningService.FieldKey>
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Proposer un champ à glaner" }

        override func content() -> Component {
            let f = self.model.form
            return Div {
                Paragraph { Link("← Glanage", url: SurplusURL.gleaning.path) }
                H1("Proposer un champ à glaner")
                Form(url: SurplusURL.newGleaningField.path, method: .post) {
                    CSRFField(token: self.context.csrf)
                    StructureChoice(label: "Exploitation", structures: self.model.structures, selected: f[.organization], error: f.error(.organization))
                    InputField(
                        label: "Culture", name: "crop", value: f[.crop], error: f.error(.crop), required: true, hint: "Pommes de terre, courges, pommes…")
                    InputField(
                        label: "Quantité espérée (kg)", name: "expected_kg", value: f[.expected_kg], error: f.error(.expected_kg), required: true,
                        inputMode: "decimal")
                    InputField(
                        label: "Lieu", name: "place", value: f[.place], error: f.error(.place), required: true, hint: "Lieu-dit, chemin, point de rendez-vous")
                    Div {
                        InputField(label: "Saison du", name: "season_from", value: f[.season_from], error: f.error(.season_from), type: .date)
                        InputField(label: "au", name: "season_to", value: f[.season_to], error: f.error(.season_to), type: .date)
                    }.class("field-row")
                    InputField(
                        label: "Autorisation", name: "authorisation", value: f[.authorisation], error: f.error(.authorisation), required: true,
                        hint: "Qui a autorisé le glanage et pour quelle période (accord écrit de l'exploitant)")
                    InputField(label: "Remarque", name: "note", value: f[.note], error: nil, hint: "Bottes, gants, parking…", multiline: true)
                    Button("Proposer le champ").attribute(named: "type", value: "submit").class("button")
                }
            }
        }
    }
}
