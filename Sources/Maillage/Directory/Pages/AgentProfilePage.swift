import Foundation
import Plot

/// A public agent's "Mon service": service, job, phone, domains, and the service's fiche.
enum AgentProfilePage {
    struct Model {
        var form: FormState<PublicAgentRules.Field>
        var domains: Set<String>
        var fiches: [(id: UUID, name: String)]
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Mon service" }

        override func content() -> Component {
            let f = self.model.form
            return Div {
                H1("Mon service d'agent public")
                Paragraph(
                    "Ces informations apparaissent sur la page « Interlocuteurs publics » de vos territoires : les structures savent qui appeler pour quoi. Votre e-mail et votre téléphone n'y sont montrés qu'aux structures validées, aux animateur·rices et aux autres agents."
                ).class("muted")
                Form(url: DirectoryURL.agentProfile.path, method: .post) {
                    CSRFField(token: self.context.csrf)
                    SelectField(
                        label: "Service *", name: PublicAgentRules.Field.service.rawValue, options: PublicService.allCases.map { ($0.rawValue, $0.label) },
                        selected: f[.service], error: f.error(.service), includeEmpty: "— Choisir —")
                    InputField(
                        label: "Nom du service", name: PublicAgentRules.Field.serviceName.rawValue, value: f[.serviceName], error: f.error(.serviceName),
                        required: true, hint: "Par exemple : DDETS de l'Aude")
                    InputField(
                        label: "Votre fonction", name: PublicAgentRules.Field.jobTitle.rawValue, value: f[.jobTitle], error: f.error(.jobTitle),
                        required: true, hint: "Par exemple : chargée de mission aide alimentaire")
                    InputField(
                        label: "Téléphone direct", name: PublicAgentRules.Field.phone.rawValue, value: f[.phone], error: f.error(.phone), type: .tel)
                    if !self.model.fiches.isEmpty {
                        SelectField(
                            label: "La fiche de votre service dans l'annuaire", name: PublicAgentRules.Field.organization.rawValue,
                            options: self.model.fiches.map { ($0.id.uuidString, $0.name) }, selected: f[.organization], error: f.error(.organization),
                            includeEmpty: "— Aucune —")
                    }
                    Element(name: "fieldset") {
                        Legend("Pour quoi vous appeler ?")
                        for domain in AgentDomain.allCases {
                            CheckboxField(
                                label: domain.label, name: "domaines", value: domain.rawValue, checked: self.model.domains.contains(domain.rawValue),
                                id: "f-domaine-\(domain.rawValue)")
                        }
                        if let error = f.error(.domains) { Span(error).class("field-error") }
                    }
                    Button("Enregistrer").attribute(named: "type", value: "submit").class("button")
                }.class("stacked narrow")
            }
        }
    }
}
