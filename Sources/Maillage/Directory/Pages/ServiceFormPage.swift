import Foundation
import Plot

/// A service of a structure, described with the data·inclusion vocabulary.
enum ServiceFormPage {
    struct Model {
        var organizationID: UUID
        var organizationName: String
        var serviceID: UUID?
        var form: FormState<ServicesController.Field>
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { self.model.serviceID == nil ? "Ajouter un service" : "Modifier le service" }

        private func chosen(_ key: ServicesController.Field) -> Set<String> {
            Set(self.model.form[key].split(separator: ",").map(String.init))
        }

        override func content() -> Component {
            let m = self.model
            let f = m.form
            let vocabulary = ServiceVocabulary.shared
            let action = m.serviceID.map { DirectoryURL.serviceEdit(m.organizationID, $0) } ?? DirectoryURL.serviceNew(m.organizationID)
            return Div {
                Paragraph { Link("← Retour à la fiche", url: DirectoryURL.organization(m.organizationID) + "#services") }
                H1("\(self.pageTitle()) — \(m.organizationName)")
                Paragraph(
                    "Décrivez chaque service (distribution de colis, épicerie, repas, atelier cuisine…) : il apparaît sur la fiche, les filtres de l'annuaire et les exports data·inclusion."
                ).class("muted")
                if !f.isValid {
                    Paragraph("Certaines informations sont à corriger : voir les messages en rouge.").class("notice error").attribute(
                        named: "role", value: "alert")
                }
                Form(url: action, method: .post) {
                    CSRFField(token: self.context.csrf)
                    InputField(label: "Nom du service", name: "nom", value: f[.name], error: f.error(.name), required: true)
                    InputField(
                        label: "Description", name: "description", value: f[.description], error: f.error(.description), required: true,
                        hint: "Ce qui est proposé, à qui, comment y accéder.", multiline: true)
                    self.checkboxGroup(
                        legend: "Thématiques", name: "thematiques", error: f.error(.themes),
                        groups: ServiceVocabulary.themeGroups.map { group in
                            (group.label, vocabulary.themes(in: group.key), group.key == "equipement-et-alimentation")
                        })
                    self.checkboxes(legend: "Publics", name: "publics", terms: vocabulary.publics, chosen: self.chosen(.publics), error: f.error(.publics))
                    Element(name: "fieldset") {
                        Legend("Frais")
                        for term in vocabulary.fees {
                            Div {
                                Input(type: .radio, name: "frais", value: term.value).id("f-frais-\(term.value)")
                                    .attribute(named: "checked", value: f[.fees] == term.value ? "checked" : nil)
                                Label(term.label) { EmptyComponent() }.attribute(named: "for", value: "f-frais-\(term.value)")
                            }.class("check")
                        }
                        if let error = f.error(.fees) { Span(error).class("field-error") }
                    }
                    self.checkboxes(legend: "Modes d'accueil", name: "modes_accueil", terms: vocabulary.receptionModes, chosen: self.chosen(.modes), error: nil)
                    InputField(
                        label: "Conditions d'accès", name: "conditions_acces", value: f[.conditions], error: f.error(.conditions),
                        hint: "Par exemple : sur orientation d'un travailleur social, justificatif de domicile.", multiline: true)
                    InputField(
                        label: "Horaires du service, s'ils diffèrent de ceux de la structure", name: "horaires", value: f[.hours], error: f.error(.hours),
                        hint: "Au format OpenStreetMap, par exemple : Tu 14:00-17:00")
                    Button(m.serviceID == nil ? "Ajouter le service" : "Enregistrer").attribute(named: "type", value: "submit").class("button")
                }.class("stacked")
            }
        }

        private func checkboxes(legend: String, name: String, terms: [ServiceVocabulary.Term], chosen: Set<String>, error: String?) -> Component {
            Element(name: "fieldset") {
                Legend(legend)
                Div {
                    for term in terms { CheckboxField(label: term.label, name: name, value: term.value, checked: chosen.contains(term.value)) }
                }.class("check-grid")
                if let error { Span(error).class("field-error") }
            }
        }

        private func checkboxGroup(legend: String, name: String, error: String?, groups: [(String, [ServiceVocabulary.Term], Bool)]) -> Component {
            let chosen = self.chosen(.themes)
            return Element(name: "fieldset") {
                Legend(legend)
                if let error { Span(error).class("field-error") }
                for (label, terms, open) in groups {
                    Element(name: "details") {
                        Element(name: "summary") { Text(label) }
                        Div {
                            for term in terms { CheckboxField(label: term.label, name: name, value: term.value, checked: chosen.contains(term.value)) }
                        }.class("check-grid")
                    }.attribute(named: "open", value: open || terms.contains { chosen.contains($0.value) } ? "open" : nil)
                }
            }
        }
    }
}
