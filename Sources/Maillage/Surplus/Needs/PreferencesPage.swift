import Foundation
import Plot

/// A recipient's preferences and redistribution delay, next to its storage.
enum PreferencesPage {
    struct Model {
        var organization: Organization
        var preferences: [FoodCategory: Preference]
        var redistributesWithinHours: Int?
        var storage: [Capacity]
        var error: String?
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Préférences de dons" }

        override func content() -> Component {
            let m = self.model
            let orgID = m.organization.id ?? UUID()
            return Div {
                Paragraph { Link("← Dons et besoins", url: SurplusURL.board.path) }
                H1("Préférences de dons — \(m.organization.name)")
                H2("Stockage")
                if m.storage.isEmpty {
                    Paragraph("Aucun stockage déclaré : sans chambre froide ni congélateur, vous ne recevrez que de l'ambiant.").class("empty")
                } else {
                    List(m.storage) { c in
                        ListItem { Text("\(TemperatureClass(rawValue: c.temperature)?.label ?? c.temperature) : \(Format.number(c.capacityKg)) kg") }
                    }
                }
                Paragraph { Link("Mettre à jour le stockage sur la fiche de la structure", url: DirectoryURL.organizationEdit(orgID)) }
                Form(url: SurplusURL.preferences(orgID), method: .post) {
                    CSRFField(token: self.context.csrf)
                    H2("Ce que vous recherchez")
                    for c in FoodCategory.allCases {
                        SelectField(
                            label: c.label, name: "pref-" + c.rawValue, options: Preference.allCases.map { ($0.rawValue, $0.label) },
                            selected: (m.preferences[c] ?? .accepted).rawValue, error: nil)
                    }
                    InputField(
                        label: "Nous redistribuons en moins de (heures)", name: "delai", value: m.redistributesWithinHours.map(String.init) ?? "",
                        error: m.error,
                        hint: "Laissez vide si vous ne le garantissez pas : les produits à DLC doivent alors avoir 48 h devant eux.", inputMode: "numeric")
                    Button("Enregistrer").attribute(named: "type", value: "submit").class("button")
                }
            }
        }
    }
}
