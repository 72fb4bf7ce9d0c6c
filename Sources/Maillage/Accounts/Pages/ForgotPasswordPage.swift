import Foundation
import Plot

/// Asks for a reset link; the answer is the same whether the address has an account or not.
enum ForgotPasswordPage {
    struct Model {
        var email: String
        var sent: Bool
        var error: String?
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Mot de passe oublié" }

        override func content() -> Component {
            Div {
                H1("Mot de passe oublié")
                if self.model.sent {
                    Paragraph(
                        "Si un compte existe avec l'adresse \(self.model.email), un lien pour choisir un nouveau mot de passe vient de lui être envoyé. Il reste valable une heure."
                    )
                    .class("notice").attribute(named: "role", value: "status")
                    if self.context.demo {
                        Paragraph {
                            Text("Site de démonstration : le message est dans la "); Link("boîte d'envoi", url: PlatformURL.demoOutbox.path); Text(".")
                        }
                    }
                } else {
                    Paragraph("Indiquez l'adresse de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe.").class("muted")
                    Form(url: AccountsURL.forgotPassword.path, method: .post) {
                        CSRFField(token: self.context.csrf)
                        InputField(label: "E-mail", name: "email", value: self.model.email, error: self.model.error, type: .email, required: true)
                        Button("Recevoir le lien").attribute(named: "type", value: "submit").class("button")
                    }.class("stacked")
                }
                Paragraph { Link("Retour à la connexion", url: AccountsURL.signIn.path) }
            }.class("narrow")
        }
    }
}
