import Foundation
import Plot

/// The person's settings, one form per concern.
enum SettingsPage {
    struct Notification: Equatable {
        var key: String
        var label: String
        var channel: NotificationChannel
    }

    struct Session: Equatable {
        var createdAt: Date?
        var browser: String
        var current: Bool
    }

    struct Model {
        var name: String
        var email: String
        /// An address waiting for its confirmation link to be opened.
        var pendingEmail: String?
        var notifications: [Notification]
        var sessions: [Session]
        var errors: [String: String]
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Paramètres du compte" }

        override func content() -> Component {
            let m = self.model
            return Div {
                H1("Paramètres du compte")
                Paragraph { Link("← Mon compte", url: AccountsURL.account.path) }
                Form(url: AccountsURL.settingsName.path, method: .post) {
                    CSRFField(token: self.context.csrf)
                    Element(name: "fieldset") {
                        Legend("Votre nom")
                        InputField(label: "Prénom et nom", name: "name", value: m.name, error: m.errors["name"], required: true, autocomplete: "name")
                        Button("Enregistrer le nom").attribute(named: "type", value: "submit").class("button")
                    }
                }.class("stacked").id("nom")
                Form(url: AccountsURL.settingsEmail.path, method: .post) {
                    CSRFField(token: self.context.csrf)
                    Element(name: "fieldset") {
                        Legend("Adresse e-mail")
                        Paragraph("Adresse actuelle : \(m.email)")
                        if let pending = m.pendingEmail {
                            Paragraph("En attente de confirmation : \(pending). Ouvrez le lien reçu à cette adresse.").class("notice warning")
                        }
                        InputField(
                            label: "Nouvelle adresse", name: "email", value: "", error: m.errors["email"], type: .email, required: true,
                            hint: "Elle remplacera l'actuelle quand vous aurez ouvert le lien qui lui sera envoyé.", autocomplete: "email")
                        InputField(
                            label: "Votre mot de passe", name: "current_password", value: "", error: m.errors["current_password"], type: .password,
                            required: true, autocomplete: "current-password")
                        Button("Changer d'adresse").attribute(named: "type", value: "submit").class("button")
                    }
                }.class("stacked").id("adresse")
                Form(url: AccountsURL.settingsPassword.path, method: .post) {
                    CSRFField(token: self.context.csrf)
                    Element(name: "fieldset") {
                        Legend("Mot de passe")
                        InputField(
                            label: "Mot de passe actuel", name: "current_password", value: "", error: m.errors["current_password"], type: .password,
                            required: true, autocomplete: "current-password")
                        InputField(
                            label: "Nouveau mot de passe", name: "password", value: "", error: m.errors["password"], type: .password, required: true,
                            hint: "10 caractères au moins", autocomplete: "new-password")
                        InputField(
                            label: "Nouveau mot de passe (encore)", name: "password_confirmation", value: "", error: m.errors["password_confirmation"],
                            type: .password, required: true, autocomplete: "new-password")
                        Button("Changer le mot de passe").attribute(named: "type", value: "submit").class("button")
                    }
                }.class("stacked").id("mot-de-passe")
                Form(url: AccountsURL.settingsNotifications.path, method: .post) {
                    CSRFField(token: self.context.csrf)
                    Element(name: "fieldset") {
                        Legend("Notifications")
                        Paragraph("Pour chaque sorte de nouvelle : tout de suite par e-mail, dans un résumé chaque matin, ou seulement dans Maillage.").class(
                            "muted")
                        for n in m.notifications {
                            SelectField(
                                label: n.label, name: "canal_" + n.key, options: NotificationChannel.allCases.map { ($0.rawValue, $0.label) },
                                selected: n.channel.rawValue)
                        }
                        Button("Enregistrer mes préférences").attribute(named: "type", value: "submit").class("button")
                    }
                }.class("stacked").id("notifications")
                Element(name: "section") {
                    H2("Sessions ouvertes").id("sessions")
                    List(m.sessions) { s in
                        ListItem("\(s.browser), ouverte le \(Format.dateTime(s.createdAt))\(s.current ? " — cette session" : "")")
                    }
                    PostButton(
                        action: AccountsURL.sessionsClose.path, label: "Se déconnecter partout ailleurs", csrf: self.context.csrf,
                        style: "button secondary")
                }.class("panel")
                Element(name: "section") {
                    H2("Mes données").id("donnees")
                    Paragraph(
                        "Tout ce que Maillage garde sur vous (compte, structures, sessions, jetons, notifications, vos lignes du journal), dans un fichier JSON."
                    )
                    Paragraph { Link("Télécharger mes données", url: AccountsURL.dataExport.path).class("button secondary") }
                }.class("panel")
                Form(url: AccountsURL.deleteAccount.path, method: .post) {
                    CSRFField(token: self.context.csrf)
                    Element(name: "fieldset") {
                        Legend("Supprimer mon compte")
                        Paragraph(
                            """
                            Votre compte, vos sessions, jetons, notifications et votre place dans vos structures seront effacés. Les lignes du \
                            journal de vos actions sont gardées (elles prouvent qui a changé quoi), avec votre nom remplacé par « compte \
                            supprimé ». Les fiches des structures restent, tenues par leurs autres membres.
                            """)
                        InputField(
                            label: "Votre mot de passe, pour confirmer", name: "current_password", value: "", error: m.errors["delete_password"],
                            type: .password, required: true, autocomplete: "current-password")
                        Button("Supprimer définitivement mon compte").attribute(named: "type", value: "submit").class("button danger")
                    }
                }.class("stacked").id("suppression").data(named: "confirm", value: "Supprimer définitivement votre compte ?")
            }
        }
    }
}

/// The link sent to a new address opens this page; one button confirms the change.
enum EmailConfirmPage {
    struct Model {
        var token: String
        var newEmail: String?
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Confirmer ma nouvelle adresse" }

        override func content() -> Component {
            Div {
                H1("Confirmer ma nouvelle adresse")
                if let email = self.model.newEmail {
                    Paragraph("Votre compte utilisera désormais l'adresse \(email).")
                    Form(url: AccountsURL.emailConfirm.path, method: .post) {
                        CSRFField(token: self.context.csrf)
                        Input(type: .hidden, name: "jeton", value: self.model.token)
                        Button("Confirmer").attribute(named: "type", value: "submit").class("button")
                    }
                } else {
                    Paragraph("Ce lien n'est plus valable : il a déjà servi ou a expiré. Refaites la demande depuis vos paramètres.").class("notice error")
                }
            }.class("narrow")
        }
    }
}
