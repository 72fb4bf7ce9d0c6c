import Foundation
import Plot

/// Sign-up: name, address, password; the account is activated from the mail.
enum SignUpField: String, FormKey {
    case name, email, password
    case passwordConfirmation = "password_confirmation"
}

enum SignUpPage {
    struct Model {
        var form: FormState<SignUpField>
    }

    final class View: ModelPage<Model> {

        override func pageTitle() -> String { "Créer un compte" }

        override func content() -> Component {
            Div {
                H1("Créer un compte")
                Paragraph("Un compte personnel permet d'inscrire votre structure, de la tenir à jour et de voir les coordonnées des interlocuteurs.").class(
                    "muted")
                Form(url: AccountsURL.signUp.path, method: .post) {
                    CSRFField(token: self.context.csrf)
                    InputField(label: "Prénom et nom", name: "name", value: self.model.form[.name], error: self.model.form.error(.name), required: true)
                    InputField(
                        label: "E-mail", name: "email", value: self.model.form[.email], error: self.model.form.error(.email), type: .email, required: true)
                    InputField(
                        label: "Mot de passe", name: "password", value: "", error: self.model.form.error(.password), type: .password, required: true,
                        hint: "10 caractères au moins ; évitez les mots de passe courants (azerty…, 123456…)")
                    InputField(
                        label: "Mot de passe (encore)", name: "password_confirmation", value: "", error: self.model.form.error(.passwordConfirmation),
                        type: .password, required: true)
                    Button("Créer mon compte").attribute(named: "type", value: "submit").class("button")
                }.class("stacked narrow")
                Paragraph("Vous recevrez un lien par e-mail pour activer le compte.").class("muted")
                Paragraph {
                    Text("Déjà un compte ? "); Link("Se connecter", url: AccountsURL.signIn.path)
                }
            }
        }
    }
}
