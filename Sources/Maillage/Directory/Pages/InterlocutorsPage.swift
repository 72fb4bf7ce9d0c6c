import Foundation
import Plot

/// "Interlocuteurs publics" of a territory: who to call for what, with a named person (seed 004).
enum InterlocutorsPage {
    struct Agent: Equatable {
        var name: String
        var jobTitle: String?
        var service: String
        var serviceKind: String?
        var organizationID: UUID?
        var domains: [AgentDomain]
        var email: String?
        var phone: String?
    }

    struct Model {
        var territory: TerritorySummary
        var agents: [Agent]
        var showDetails: Bool
        var signedIn: Bool
        var canManage: Bool
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Interlocuteurs publics — \(self.model.territory.name)" }

        override func content() -> Component {
            let m = self.model
            let undeclared = m.agents.filter { $0.domains.isEmpty }
            return Div {
                H1("Interlocuteurs publics — \(m.territory.name)")
                Paragraph("Qui appeler, dans les services de l'État et des collectivités, pour quoi.").class("muted")
                if m.canManage {
                    Paragraph { Link("Gérer l'équipe du territoire (animateur·rices, agents publics)", url: DirectoryURL.territoryTeam(m.territory.code)) }
                }
                if !m.showDetails && !m.agents.isEmpty {
                    Paragraph {
                        Text("Les e-mails et téléphones sont montrés aux membres des structures validées, aux animateur·rices et aux agents publics. ")
                        if !m.signedIn { Link("Se connecter", url: AccountsURL.signIn.path) }
                    }.class("muted small")
                }
                if m.agents.isEmpty {
                    Paragraph(
                        "Aucun agent public n'a encore rejoint ce territoire sur Maillage. Les animateur·rices du territoire peuvent les ajouter depuis l'équipe du territoire."
                    ).class("empty")
                }
                for domain in AgentDomain.allCases {
                    let agents = m.agents.filter { $0.domains.contains(domain) }
                    if !agents.isEmpty {
                        H2(domain.label)
                        List(agents) { a in ListItem { self.agent(a) } }.class("results")
                    }
                }
                if !undeclared.isEmpty {
                    H2("Autres agents publics du territoire")
                    List(undeclared) { a in ListItem { self.agent(a) } }.class("results")
                }
            }
        }

        private func agent(_ a: Agent) -> Component {
            Article {
                H3(a.name)
                Paragraph {
                    if let title = a.jobTitle { Text(title + " · ") }
                    if let id = a.organizationID { Link(a.service, url: DirectoryURL.organization(id)) } else { Text(a.service) }
                }
                if a.email != nil || a.phone != nil {
                    Paragraph {
                        if let email = a.email { MailLink(address: email) }
                        if let phone = a.phone { Text(" · "); Link(phone, url: "tel:" + phone.filter { $0.isNumber || $0 == "+" }) }
                    }
                }
            }.class("card")
        }
    }
}
