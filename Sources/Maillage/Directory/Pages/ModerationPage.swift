import Foundation
import Plot

/// The animators' validation queue: new structures of their territories, and structures from elsewhere asking
/// to act there too.
enum ModerationPage {
    struct Pending: Equatable {
        var id: UUID
        var name: String
        var category: String
        var commune: String
        var postalCode: String
        var createdAt: Date?
        var summary: String
        var submittedBy: String? = nil
        var duplicates: [LikelyDuplicates.Match] = []
    }

    /// Someone asks to hold an imported fiche nobody holds.
    struct Claim: Equatable {
        var id: UUID
        var organizationID: UUID
        var organizationName: String
        var commune: String
        var person: String
        var email: String
        var message: String
        var at: Date
    }

    struct Request: Equatable {
        var id: UUID
        var organizationID: UUID
        var organizationName: String
        var commune: String
        var postalCode: String
        var territory: TerritorySummary
    }

    struct Model {
        var pending: [Pending]
        var requests: [Request]
        var claims: [Claim] = []
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Structures à valider" }

        override func content() -> Component {
            Div {
                H1("Structures à valider")
                if self.model.pending.isEmpty { Paragraph("Aucune structure en attente sur vos territoires. Tout est à jour.").class("empty") }
                List(self.model.pending) { org in ListItem { self.card(org) } }.class("results")
                if !self.model.claims.isEmpty {
                    H2("Fiches importées revendiquées")
                    Paragraph(
                        "Ces personnes demandent à tenir une fiche importée que personne ne tient encore : vérifiez qu'elles font partie de la structure."
                    )
                    .class("muted")
                    List(self.model.claims) { c in ListItem { self.claimCard(c) } }.class("results")
                }
                if !self.model.requests.isEmpty {
                    H2("Demandes pour intervenir sur vos territoires")
                    Paragraph("Ces structures ont leur adresse ailleurs et demandent à apparaître aussi sur votre territoire.").class("muted")
                    List(self.model.requests) { request in ListItem { self.requestCard(request) } }.class("results")
                }
            }
        }

        private func requestCard(_ request: Request) -> Component {
            Article {
                H3 { Link(request.organizationName, url: DirectoryURL.organization(request.organizationID)) }
                Paragraph("\(request.commune) (\(request.postalCode)) · demande à intervenir sur : \(request.territory.name) (\(request.territory.code))")
                Div {
                    PostButton(
                        action: DirectoryURL.territoryRequestAnswer(request.id), label: "Accepter", csrf: self.context.csrf,
                        hidden: [("decision", "accepter")])
                    PostButton(
                        action: DirectoryURL.territoryRequestAnswer(request.id), label: "Refuser", csrf: self.context.csrf,
                        style: "button secondary", hidden: [("decision", "refuser")])
                }.class("actions")
            }.class("card")
        }

        private func claimCard(_ c: Claim) -> Component {
            Article {
                H3 { Link(c.organizationName, url: DirectoryURL.organization(c.organizationID)) }
                Paragraph("\(c.commune) · demandée par \(c.person) (\(c.email)) le \(Format.date(c.at))")
                if !c.message.isEmpty { Paragraph("« \(c.message) »").class("muted") }
                Div {
                    PostButton(
                        action: DirectoryURL.joinAnswer(c.organizationID, c.id), label: "Confier la fiche", csrf: self.context.csrf,
                        hidden: [("decision", "accepter")])
                    PostButton(
                        action: DirectoryURL.joinAnswer(c.organizationID, c.id), label: "Refuser", csrf: self.context.csrf, style: "button secondary",
                        hidden: [("decision", "refuser")])
                }.class("actions")
            }.class("card")
        }

        private func card(_ org: Pending) -> Component {
            Article {
                H2 { Link(org.name, url: DirectoryURL.organization(org.id)) }
                Paragraph(
                    "\(org.category) · \(org.commune) (\(org.postalCode)) · inscrite le \(Format.dateTime(org.createdAt))"
                        + (org.submittedBy.map { " par \($0)" } ?? ""))
                if !org.summary.isEmpty { Paragraph(String(org.summary.prefix(300))).class("muted") }
                if !org.duplicates.isEmpty {
                    Div {
                        Text("Doublon possible : ")
                        for (i, d) in org.duplicates.enumerated() {
                            if i > 0 { Text(" ; ") }
                            Link(d.name, url: DirectoryURL.organization(d.id))
                            Text(" (\(d.commune), \(d.reason)) — ")
                            Link("comparer et fusionner", url: DirectoryURL.merge.path + "?garder=\(d.id.uuidString)&retirer=\(org.id.uuidString)")
                        }
                    }.class("notice warning")
                }
                Div {
                    PostButton(action: DirectoryURL.moderationDecide(org.id), label: "Valider", csrf: self.context.csrf, hidden: [("decision", "valider")])
                    Form(url: DirectoryURL.moderationDecide(org.id), method: .post) {
                        CSRFField(token: self.context.csrf)
                        Input(type: .hidden, name: "decision", value: "refuser")
                        Input(type: .text, name: "reason", isRequired: true, placeholder: "Motif du refus (obligatoire)")
                            .attribute(named: "aria-label", value: "Motif du refus de « \(org.name) »")
                        Button("Refuser").attribute(named: "type", value: "submit").class("button danger")
                    }.class("inline-form")
                }.class("actions")
            }.class("card")
        }
    }
}
