import Foundation
import Plot

/// The activation link opens this page; one button activates the account.
enum ActivationPage {
    struct Model {
        var token: String
        var valid: Bool
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Activer mon compte" }

        override func content() -> Component {
            Div {
                H1("Activer mon compte")
                if self.model.valid {
                    Paragraph("Un clic pour confirmer votre adresse et ouvrir votre compte.")
                    Form(url: AccountsURL.activation.path, method: .post) {
                        CSRFField(token: self.context.csrf)
                        Input(type: .hidden, name: "jeton", value: self.model.token)
                        Button("Activer mon compte").attribute(named: "type", value: "submit").class("button")
                    }
                } else {
                    Paragraph("Ce lien n'est plus valable : il a déjà servi ou a expiré. Connectez-vous pour en recevoir un nouveau.").class("notice error")
                    Paragraph { Link("Se connecter", url: AccountsURL.signIn.path) }
                }
            }.class("narrow")
        }
    }
}
