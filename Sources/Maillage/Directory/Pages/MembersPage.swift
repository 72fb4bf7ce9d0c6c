import Foundation
import Plot

/// The people of a structure and its pending invitations, for its referents.
enum MembersPage {
    struct Member: Equatable { var membershipID: UUID; var name: String; var email: String; var role: MembershipRole }
    struct Invitation: Equatable { var id: UUID; var email: String; var role: MembershipRole }
    struct JoinAsk: Equatable { var id: UUID; var name: String; var email: String; var message: String; var at: Date }
    struct Model {
        var organizationID: UUID
        var organizationName: String
        var members: [Member]
        var invitations: [Invitation]
        var requests: [JoinAsk] = []
        var email: String
        var error: String?
    }

    final class View: ModelPage<Model> {

        override func pageTitle() -> String { "Membres — \(self.model.organizationName)" }

        override func content() -> Component {
            let id = self.model.organizationID
            return Div {
                H1("Membres de \(self.model.organizationName)")
                Paragraph { Link("← Retour à la fiche", url: DirectoryURL.organization(id)) }
                Table(
                    header: TableRow {
                        TableHeaderCell("Nom"); TableHeaderCell("E-mail"); TableHeaderCell("Rôle"); TableHeaderCell("Action")
                    },
                    rows: {
                        for m in self.model.members {
                            TableRow {
                                TableCell(m.name); TableCell(m.email); TableCell(m.role.label)
                                TableCell {
                                    PostButton(
                                        action: DirectoryURL.memberRemove(id, m.membershipID), label: "Retirer",
                                        csrf: self.context.csrf, style: "link danger", confirm: "Retirer \(m.name) de la structure ?")
                                }
                            }
                        }
                    })
                if !self.model.requests.isEmpty {
                    H2("Demandes pour rejoindre la structure")
                    List(self.model.requests) { r in
                        ListItem {
                            Element(name: "strong") { Text(r.name) }
                            Text(" (\(r.email)) · le \(Format.date(r.at))")
                            if !r.message.isEmpty { Paragraph("« \(r.message) »").class("muted") }
                            Div {
                                PostButton(
                                    action: DirectoryURL.joinAnswer(id, r.id), label: "Accepter", csrf: self.context.csrf, hidden: [("decision", "accepter")])
                                PostButton(
                                    action: DirectoryURL.joinAnswer(id, r.id), label: "Refuser", csrf: self.context.csrf, style: "button secondary",
                                    hidden: [("decision", "refuser")])
                            }.class("actions")
                        }.class("card")
                    }.class("results")
                }
                if !self.model.invitations.isEmpty {
                    H2("Invitations en attente")
                    Paragraph("Ces personnes ont reçu un e-mail : elles rejoindront la structure quand elles auront accepté, depuis leur compte.").class(
                        "muted")
                    List(self.model.invitations) { i in
                        ListItem {
                            Text("\(i.email) — \(i.role.label) ")
                            PostButton(
                                action: DirectoryURL.invitationCancel(id, i.id), label: "Annuler l'invitation",
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
