import Foundation
import Plot

/// Sign-in, with the link to reset a password and, on the demo site, the accounts to try.
enum SignInPage {
    struct Model {
        var email: String
        var error: String?
        var returnTo: String
        var demoAccounts: [DemoAccount]
    }

    final class View: ModelPage<Model> {

        override func pageTitle() -> String { "Connexion" }

        override func content() -> Component {
            Div {
                H1("Se connecter")
                if let error = self.model.error { Paragraph(error).class("notice error").attribute(named: "role", value: "alert") }
                Form(url: AccountsURL.signIn.path, method: .post) {
                    CSRFField(token: self.context.csrf)
                    Input(type: .hidden, name: "retour", value: self.model.returnTo)
                    InputField(label: "E-mail", name: "email", value: self.model.email, type: .email, required: true)
                    InputField(label: "Mot de passe", name: "password", value: "", type: .password, required: true)
                    Button("Se connecter").attribute(named: "type", value: "submit").class("button")
                }.class("stacked narrow")
                Paragraph { Link("Mot de passe oublié ?", url: AccountsURL.forgotPassword.path) }
                Paragraph {
                    Text("Pas encore de compte ? "); Link("Créer un compte", url: AccountsURL.signUp.path)
                }
                if !self.model.demoAccounts.isEmpty { self.demo() }
            }
        }

        private func demo() -> Component {
            Div {
                H2("Comptes de démonstration")
                Paragraph("Ce site tourne en mode démonstration : ces comptes sont là pour essayer.").class("muted")
                Table(
                    header: TableRow {
                        TableHeaderCell("E-mail"); TableHeaderCell("Mot de passe"); TableHeaderCell("Rôle")
                    },
                    rows: {
                        for a in self.model.demoAccounts {
                            TableRow {
                                TableCell(a.email); TableCell(a.password); TableCell(a.role)
                            }
                        }
                    }
                ).class("demo-accounts")
            }.class("panel")
        }
    }
}
