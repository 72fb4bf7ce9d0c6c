import Foundation
import Plot

/// The people with a role on a territory: animators and public agents, managed by its animators.
enum TeamPage {
    struct Member: Equatable {
        var id: UUID
        var name: String
        var email: String
        var role: TerritoryRoleKind
    }

    struct Model {
        var territory: TerritorySummary
        var members: [Member]
        var email: String
        var error: String?
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Équipe du territoire — \(self.model.territory.name)" }

        override func content() -> Component {
            let m = self.model
            let code = m.territory.code
            return Div {
                H1("Équipe du territoire — \(m.territory.name)")
                Paragraph { Link("Voir les interlocuteurs publics", url: DirectoryURL.interlocutors(code)) }
                if m.members.isEmpty {
                    Paragraph("Personne n'a encore de rôle sur ce territoire : ajoutez une animatrice ou un agent public avec le formulaire ci-dessous.").class(
                        "empty")
                }
                List(m.members) { member in
                    ListItem {
                        Element(name: "strong") { Text(member.name) }
                        Text(" (\(member.email)) — \(member.role.label) ")
                        PostButton(
                            action: DirectoryURL.territoryTeamRemove(code, member.id), label: "Retirer ce rôle", csrf: self.context.csrf,
                            style: "link danger", confirm: "Retirer ce rôle à \(member.name) ?")
                    }
                }.class("team")
                H2("Ajouter une personne")
                Paragraph(
                    "La personne doit avoir un compte Maillage activé. Elle est prévenue ; un agent public est invité à indiquer son service et ses domaines."
                )
                .class("muted")
                if let error = m.error { Paragraph(error).class("notice error").attribute(named: "role", value: "alert") }
                Form(url: DirectoryURL.territoryTeam(code), method: .post) {
                    CSRFField(token: self.context.csrf)
                    InputField(label: "E-mail", name: "courriel", value: m.email, type: .email, required: true)
                    SelectField(
                        label: "Rôle", name: "role", options: TerritoryRoleKind.allCases.map { ($0.rawValue, $0.label) }, selected: "public-agent")
                    Button("Ajouter").attribute(named: "type", value: "submit").class("button")
                }.class("stacked narrow")
            }
        }
    }
}
