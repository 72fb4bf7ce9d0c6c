import Foundation
import Plot

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
                Paragraph { Text("Pas encore de compte ? "); Link("Créer un compte", url: AccountsURL.signUp.path) }
                if !self.model.demoAccounts.isEmpty { self.demo() }
            }
        }

        private func demo() -> Component {
            Div {
                H2("Comptes de démonstration")
                Paragraph("Ce site tourne en mode démonstration : ces comptes sont là pour essayer.").class("muted")
                Table(
                    header: TableRow { TableHeaderCell("E-mail"); TableHeaderCell("Mot de passe"); TableHeaderCell("Rôle") },
                    rows: { for a in self.model.demoAccounts { TableRow { TableCell(a.email); TableCell(a.password); TableCell(a.role) } } }
                ).class("demo-accounts")
            }.class("panel")
        }
    }
}

enum SignUpPage {
    struct Model {
        var values: [String: String]
        var errors: [String: String]
    }

    final class View: ModelPage<Model> {

        override func pageTitle() -> String { "Créer un compte" }

        override func content() -> Component {
            Div {
                H1("Créer un compte")
                Paragraph("Un compte personnel permet d'inscrire votre structure, de la tenir à jour et de voir les coordonnées des interlocuteurs.").class("muted")
                Form(url: AccountsURL.signUp.path, method: .post) {
                    CSRFField(token: self.context.csrf)
                    InputField(label: "Prénom et nom", name: "name", value: self.model.values["name"] ?? "", error: self.model.errors["name"], required: true)
                    InputField(label: "E-mail", name: "email", value: self.model.values["email"] ?? "", error: self.model.errors["email"], type: .email, required: true)
                    InputField(label: "Mot de passe", name: "password", value: "", error: self.model.errors["password"], type: .password, required: true,
                          hint: "10 caractères au moins ; évitez les mots de passe courants (azerty…, 123456…)")
                    InputField(label: "Mot de passe (encore)", name: "password_confirmation", value: "", error: self.model.errors["password_confirmation"], type: .password, required: true)
                    Button("Créer mon compte").attribute(named: "type", value: "submit").class("button")
                }.class("stacked narrow")
                Paragraph("Vous recevrez un lien par e-mail pour activer le compte.").class("muted")
                Paragraph { Text("Déjà un compte ? "); Link("Se connecter", url: AccountsURL.signIn.path) }
            }
        }
    }
}

enum AccountPage {
    struct Invitation {
        var id: UUID
        var organization: String
        var role: MembershipRole
        var invitedBy: String
    }

    struct Model {
        var organizations: [(Organization, MembershipRole)]
        var roles: [(Territory, TerritoryRoleKind)]
        var invitations: [Invitation]
        var verified: Bool
    }

    final class View: ModelPage<Model> {

        override func pageTitle() -> String { "Mon compte" }

        override func content() -> Component {
            Div {
                H1("Mon compte")
                if let viewer = self.context.viewer { Paragraph("\(viewer.name) · \(viewer.email)") }
                if !self.model.verified {
                    Div {
                        Paragraph("Votre adresse n'est pas encore vérifiée : ouvrez le lien reçu par e-mail. En attendant, les coordonnées des interlocuteurs et les invitations restent cachées.")
                        PostButton(action: AccountsURL.resendActivation.path, label: "Renvoyer le lien", csrf: self.context.csrf, style: "button secondary")
                    }.class("notice warning").id("verification")
                }
                if !self.model.invitations.isEmpty {
                    H2("Invitations").id("invitations")
                    List(self.model.invitations) { invitation in
                        ListItem {
                            Paragraph("\(invitation.invitedBy) vous invite à rejoindre « \(invitation.organization) » comme \(invitation.role.label.lowercased()).")
                            if self.model.verified {
                                Div {
                                    PostButton(action: AccountsURL.invitationAnswer(invitation.id), label: "Accepter", csrf: self.context.csrf,
                                               hidden: [("decision", "accepter")])
                                    PostButton(action: AccountsURL.invitationAnswer(invitation.id), label: "Décliner", csrf: self.context.csrf,
                                               style: "button secondary", hidden: [("decision", "decliner")])
                                }.class("actions")
                            } else {
                                Paragraph("Vérifiez votre adresse pour répondre.").class("muted")
                            }
                        }.class("card")
                    }.class("results")
                }
                H2("Mes structures")
                if self.model.organizations.isEmpty {
                    Paragraph("Vous n'êtes membre d'aucune structure pour l'instant : inscrivez la vôtre, ou demandez à son ou sa référent·e de vous inviter.").class("muted")
                }
                List(self.model.organizations) { pair in
                    ListItem {
                        Link(pair.0.name, url: pair.0.id.map { DirectoryURL.organization($0) } ?? DirectoryURL.directory.path)
                        Text(" — \(pair.1.label) · \(pair.0.statusValue.label)")
                    }
                }
                Paragraph { Link("Inscrire une nouvelle structure", url: DirectoryURL.newOrganization.path).class("button") }
                if !self.model.roles.isEmpty {
                    H2("Mes rôles sur les territoires")
                    List(self.model.roles) { pair in ListItem("\(pair.1.label) — \(pair.0.name)") }
                }
                H2("Accès par programme")
                Paragraph { Link("Gérer mes jetons d'API", url: AccountsURL.tokens.path) }
            }
        }
    }
}

enum CheckMailPage {
    struct Model {}

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Vérifiez votre boîte mail" }

        override func content() -> Component {
            Div {
                H1("Vérifiez votre boîte mail")
                Paragraph("Nous venons d'envoyer un message à l'adresse indiquée. Ouvrez le lien qu'il contient pour activer votre compte.")
                Paragraph("Rien reçu après quelques minutes ? Regardez dans les indésirables, ou vérifiez l'adresse et recommencez.").class("muted")
                if self.context.demo {
                    Paragraph { Text("Site de démonstration : les messages n'y partent pas, ils sont lisibles dans la "); Link("boîte d'envoi", url: PlatformURL.demoOutbox.path); Text(".") }
                        .class("notice")
                }
                Paragraph { Link("Se connecter", url: AccountsURL.signIn.path) }
            }.class("narrow")
        }
    }
}

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
                    Paragraph("Si un compte existe avec l'adresse \(self.model.email), un lien pour choisir un nouveau mot de passe vient de lui être envoyé. Il reste valable une heure.")
                        .class("notice").attribute(named: "role", value: "status")
                    if self.context.demo {
                        Paragraph { Text("Site de démonstration : le message est dans la "); Link("boîte d'envoi", url: PlatformURL.demoOutbox.path); Text(".") }
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
                        InputField(label: "Nouveau mot de passe", name: "password", value: "", error: self.model.errors["password"], type: .password,
                                  required: true, hint: "10 caractères au moins")
                        InputField(label: "Nouveau mot de passe (encore)", name: "password_confirmation", value: "",
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

enum TokensPage {
    struct Model {
        var tokens: [ApiToken]
        var newToken: String?
        var error: String?
    }

    final class View: ModelPage<Model> {

        override func pageTitle() -> String { "Jetons d'API" }

        override func content() -> Component {
            Div {
                H1("Jetons d'API")
                Paragraph("Un jeton permet à un script ou à un autre logiciel d'utiliser l'API en votre nom : envoyez-le dans l'en-tête « Authorization: Bearer … ». Documentation : ").class("muted")
                Paragraph { Link(PlatformURL.apiOpenAPI.path, url: PlatformURL.apiOpenAPI.path) }
                if let token = self.model.newToken {
                    Div {
                        Paragraph("Voici votre nouveau jeton. Copiez-le maintenant : il ne sera plus affiché.")
                        Element(name: "code") { Text(token) }
                    }.class("notice").id("nouveau-jeton")
                }
                Form(url: AccountsURL.tokens.path, method: .post) {
                    CSRFField(token: self.context.csrf)
                    InputField(label: "Nom du jeton", name: "name", value: "", error: self.model.error, hint: "Par exemple : export hebdomadaire")
                    Button("Créer un jeton").attribute(named: "type", value: "submit").class("button")
                }.class("stacked narrow")
                if self.model.tokens.isEmpty { Paragraph("Aucun jeton pour l'instant.").class("muted") }
                else {
                    Table(
                        header: TableRow { TableHeaderCell("Nom"); TableHeaderCell("Créé le"); TableHeaderCell("Dernier usage"); TableHeaderCell("") },
                        rows: { for t in self.model.tokens {
                            TableRow {
                                TableCell(t.name); TableCell(Format.dateTime(t.createdAt)); TableCell(Format.dateTime(t.lastUsedAt))
                                TableCell { PostButton(action: t.id.map { AccountsURL.tokenRevoke($0) } ?? AccountsURL.tokens.path, label: "Révoquer", csrf: self.context.csrf,
                                                       style: "link danger", confirm: "Révoquer ce jeton ? Les scripts qui l'utilisent s'arrêteront.") }
                            }
                        } })
                }
            }
        }
    }
}

enum MembersPage {
    struct Member { var membershipID: UUID; var name: String; var email: String; var role: MembershipRole }
    struct Model {
        var org: Organization
        var members: [Member]
        var invitations: [Invitation]
        var email: String
        var error: String?
    }

    final class View: ModelPage<Model> {

        override func pageTitle() -> String { "Membres — \(self.model.org.name)" }

        override func content() -> Component {
            let id = self.model.org.id ?? UUID.unsaved
            return Div {
                H1("Membres de \(self.model.org.name)")
                Paragraph { Link("← Retour à la fiche", url: DirectoryURL.organization(id)) }
                Table(
                    header: TableRow { TableHeaderCell("Nom"); TableHeaderCell("E-mail"); TableHeaderCell("Rôle"); TableHeaderCell("") },
                    rows: { for m in self.model.members {
                        TableRow {
                            TableCell(m.name); TableCell(m.email); TableCell(m.role.label)
                            TableCell { PostButton(action: DirectoryURL.memberRemove(id, m.membershipID), label: "Retirer",
                                                   csrf: self.context.csrf, style: "link danger", confirm: "Retirer \(m.name) de la structure ?") }
                        }
                    } })
                if !self.model.invitations.isEmpty {
                    H2("Invitations en attente")
                    Paragraph("Ces personnes ont reçu un e-mail : elles rejoindront la structure quand elles auront accepté, depuis leur compte.").class("muted")
                    List(self.model.invitations) { i in
                        ListItem {
                            Text("\(i.email) — \(MembershipRole(rawValue: i.role)?.label ?? i.role) ")
                            PostButton(action: DirectoryURL.invitationCancel(id, i.id ?? UUID.unsaved), label: "Annuler l'invitation",
                                       csrf: self.context.csrf, style: "link danger")
                        }
                    }
                }
                H2("Inviter une personne")
                if let error = self.model.error { Paragraph(error).class("notice error").attribute(named: "role", value: "alert") }
                Form(url: DirectoryURL.members(id), method: .post) {
                    CSRFField(token: self.context.csrf)
                    InputField(label: "E-mail", name: "email", value: self.model.email, type: .email, required: true)
                    SelectField(label: "Rôle", name: "role", options: MembershipRole.allCases.reversed().map { ($0.rawValue, $0.label) }, selected: "member")
                    Button("Envoyer l'invitation").attribute(named: "type", value: "submit").class("button")
                }.class("stacked narrow")
            }
        }
    }
}
