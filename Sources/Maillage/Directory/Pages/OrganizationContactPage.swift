import Foundation
import Plot

/// "Contacter": writing to a fiche's interlocutor without seeing their address (issue 13, item 4).
enum OrganizationContactPage {
    struct Model {
        var organizationID: UUID
        var organizationName: String
        var recipients: [ContactRecipient]
        var form: FormState<ContactRules.Field>
        /// Signed in with a verified address: name and address are the account's.
        var senderIsKnown: Bool
        var refusal: String?
    }

    final class View: ModelPage<Model> {

        override func pageTitle() -> String { "Contacter « \(self.model.organizationName) »" }

        override func content() -> Component {
            let m = self.model
            return Div {
                Paragraph { Link("← Retour à la fiche", url: DirectoryURL.organization(m.organizationID)) }
                H1("Écrire à « \(m.organizationName) »")
                if m.recipients.isEmpty {
                    Paragraph("Cette fiche n'indique encore personne à qui écrire. Revenez plus tard, ou appelez la structure si elle affiche un numéro.")
                        .class("empty")
                } else {
                    Paragraph(
                        "Votre message part par e-mail à la personne choisie, sans que son adresse vous soit montrée. Sa réponse arrivera directement dans votre boîte."
                    ).class("muted")
                    if let refusal = m.refusal { Paragraph(refusal).class("notice error").attribute(named: "role", value: "alert") }
                    self.form()
                }
            }
        }

        private func form() -> Component {
            let m = self.model
            let chosen = m.form[.recipient].isEmpty && m.recipients.count == 1 ? m.recipients.first?.key ?? "" : m.form[.recipient]
            return Form(url: DirectoryURL.contact(m.organizationID), method: .post) {
                CSRFField(token: self.context.csrf)
                Element(name: "fieldset") {
                    Legend("À qui écrire ?")
                    for (i, r) in m.recipients.enumerated() {
                        Div {
                            Input(type: .radio, name: ContactRules.Field.recipient.rawValue, value: r.key).id("f-destinataire-\(i)")
                                .attribute(named: "checked", value: chosen == r.key ? "checked" : nil)
                                .attribute(named: "required", value: "required")
                            Label(r.label) { EmptyComponent() }.attribute(named: "for", value: "f-destinataire-\(i)")
                        }.class("check")
                    }
                    if let error = m.form.error(.recipient) { Span(error).class("field-error") }
                }
                if m.senderIsKnown {
                    Paragraph("Vous écrivez en tant que \(m.form[.name]) (\(m.form[.email])) : c'est à cette adresse que viendra la réponse.").class("muted")
                    Input(type: .hidden, name: ContactRules.Field.name.rawValue, value: m.form[.name])
                } else {
                    InputField(
                        label: "Votre nom", name: ContactRules.Field.name.rawValue, value: m.form[.name], error: m.form.error(.name), required: true,
                        autocomplete: "name")
                    InputField(
                        label: "Votre e-mail", name: ContactRules.Field.email.rawValue, value: m.form[.email], error: m.form.error(.email), type: .email,
                        required: true, hint: "La réponse arrivera à cette adresse.", autocomplete: "email")
                }
                InputField(
                    label: "Votre message", name: ContactRules.Field.message.rawValue, value: m.form[.message], error: m.form.error(.message),
                    required: true, hint: "Présentez-vous et dites ce que vous proposez ou cherchez (3 000 caractères au plus).", multiline: true)
                Button("Envoyer le message").attribute(named: "type", value: "submit").class("button")
            }.class("stacked narrow")
        }
    }
}
