import Foundation
import Plot

/// The person's own page: their invitations, structures and roles.
enum AccountPage {
    struct Invitation {
        var id: UUID
        var organization: String
        var role: MembershipRole
        var invitedBy: String
    }

    struct Structure: Equatable {
        var id: UUID
        var name: String
        var role: MembershipRole
        var status: OrganizationStatus
    }

    struct Model {
        var organizations: [Structure]
        /// "Animateur·rice territorial·e — Aude".
        var roles: [String]
        var invitations: [Invitation]
        var verified: Bool
    }

    final class View: ModelPage<Model> {

        override func pageTitle() -> String { "Mon compte" }

        override func content() -> Component {
            Div {
                H1("Mon compte")
                if let viewer = self.context.viewer { Paragraph("\(viewer.name) · \(viewer.email)") }
                Paragraph {
                    Link("Paramètres du compte", url: AccountsURL.settings.path)
                    Text(" (nom, adresse, mot de passe, notifications, sessions, mes données) · ")
                    Link("Mon espace", url: PlatformURL.dashboard.path)
                }
                if !self.model.verified {
                    Div {
                        Paragraph(
                            "Votre adresse n'est pas encore vérifiée : ouvrez le lien reçu par e-mail. En attendant, les coordonnées des interlocuteurs et les invitations restent cachées."
                        )
                        PostButton(action: AccountsURL.resendActivation.path, label: "Renvoyer le lien", csrf: self.context.csrf, style: "button secondary")
                    }.class("notice warning").id("verification")
                }
                if !self.model.invitations.isEmpty {
                    H2("Invitations").id("invitations")
                    List(self.model.invitations) { invitation in
                        ListItem {
                            Paragraph(
                                "\(invitation.invitedBy) vous invite à rejoindre « \(invitation.organization) » comme \(invitation.role.label.lowercased()).")
                            if self.model.verified {
                                Div {
                                    PostButton(
                                        action: AccountsURL.invitationAnswer(invitation.id), label: "Accepter", csrf: self.context.csrf,
                                        hidden: [("decision", "accepter")])
                                    PostButton(
                                        action: AccountsURL.invitationAnswer(invitation.id), label: "Décliner", csrf: self.context.csrf,
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
                    Paragraph("Vous n'êtes membre d'aucune structure pour l'instant : inscrivez la vôtre, ou demandez à son ou sa référent·e de vous inviter.")
                        .class("muted")
                }
                List(self.model.organizations) { structure in
                    ListItem {
                        Link(structure.name, url: DirectoryURL.organization(structure.id))
                        Text(" — \(structure.role.label) · \(structure.status.label)")
                    }
                }
                Paragraph { Link("Inscrire une nouvelle structure", url: DirectoryURL.newOrganization.path).class("button") }
                if !self.model.roles.isEmpty {
                    H2("Mes rôles sur les territoires")
                    List(self.model.roles) { role in ListItem(role) }
                }
                H2("Accès par programme")
                Paragraph { Link("Gérer mes jetons d'API", url: AccountsURL.tokens.path) }
            }
        }
    }
}
