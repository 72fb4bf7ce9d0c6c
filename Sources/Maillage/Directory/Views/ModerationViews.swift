import Foundation
import Plot

enum ModerationPage {
    struct Model {
        var pending: [Organization]
        var requests: [TerritoryRequest]
    }

    final class View: ModelPage<Model> {

        override func pageTitle() -> String { "Structures à valider" }

        override func content() -> Component {
            Div {
                H1("Structures à valider")
                if self.model.pending.isEmpty { Paragraph("Aucune structure en attente sur vos territoires. Tout est à jour.").class("empty") }
                List(self.model.pending) { org in ListItem { self.card(org) } }.class("results")
                if !self.model.requests.isEmpty {
                    H2("Demandes pour intervenir sur vos territoires")
                    Paragraph("Ces structures ont leur adresse ailleurs et demandent à apparaître aussi sur votre territoire.").class("muted")
                    List(self.model.requests) { request in ListItem { self.requestCard(request) } }.class("results")
                }
            }
        }

        private func requestCard(_ request: TerritoryRequest) -> Component {
            let id = request.id ?? UUID.unsaved
            let org = request.organization
            return Article {
                H3 { Link(org.name, url: org.id.map { DirectoryURL.organization($0) } ?? "") }
                Paragraph("\(org.commune) (\(org.postalCode)) · demande à intervenir sur : \(request.territory.name) (\(request.territory.code))")
                Div {
                    PostButton(action: DirectoryURL.territoryRequestAnswer(id), label: "Accepter", csrf: self.context.csrf, hidden: [("decision", "accepter")])
                    PostButton(action: DirectoryURL.territoryRequestAnswer(id), label: "Refuser", csrf: self.context.csrf, style: "button secondary",
                               hidden: [("decision", "refuser")])
                }.class("actions")
            }.class("card")
        }

        private func card(_ org: Organization) -> Component {
            let id = org.id ?? UUID.unsaved
            return Article {
                H3 { Link(org.name, url: DirectoryURL.organization(id)) }
                Paragraph("\(org.categoryValue?.label ?? org.category) · \(org.commune) (\(org.postalCode)) · inscrite le \(Format.dateTime(org.createdAt))")
                if !org.summary.isEmpty { Paragraph(String(org.summary.prefix(300))).class("muted") }
                Div {
                    PostButton(action: DirectoryURL.moderationDecide(id), label: "Valider", csrf: self.context.csrf, hidden: [("decision", "valider")])
                    Form(url: DirectoryURL.moderationDecide(id), method: .post) {
                        CSRFField(token: self.context.csrf)
                        Input(type: .hidden, name: "decision", value: "refuser")
                        Input(type: .text, name: "reason", isRequired: true, placeholder: "Motif du refus (obligatoire)")
                        Button("Refuser").attribute(named: "type", value: "submit").class("button danger")
                    }.class("inline-form")
                }.class("actions")
            }.class("card")
        }
    }
}
