import Foundation
import Plot

/// A new password, from the reset link.
enum ResetPasswordPage {
    struct Model {
        var token: String
        var valid: Bool
        var errors: [String: String]
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Nouveau mot de passe" }

        override func content() -> Component {
            Div {
                H1("Choisir un nouveau mot de passe")
                if self.model.valid {
                    Form(url: AccountsURL.resetPassword.path, method: .post) {
                        CSRFField(token: self.context.csrf)
                        Input(type: .hidden, name: "jeton", value: self.model.token)
                        InputField(
                            label: "Nouveau mot de passe", name: "password", value: "", error: self.model.errors["password"], type: .password,
                            required: true, hint: "10 caractères au moins")
                        InputField(
                            label: "Nouveau mot de passe (encore)", name: "password_confirmation", value: "",
                            error: self.model.errors["password_confirmation"], type: .password, required: true)
                        Button("Enregistrer le mot de passe").attribute(named: "type", value: "submit").class("button")
                    }.class("stacked")
                } else {
                    Paragraph("Ce lien n'est plus valable : il a déjà servi ou a expiré (une heure). Demandez-en un nouveau.").class("notice error")
                    Paragraph { Link("Recevoir un nouveau lien", url: AccountsURL.forgotPassword.path) }
                }
            }.class("narrow")
        }
    }
}
