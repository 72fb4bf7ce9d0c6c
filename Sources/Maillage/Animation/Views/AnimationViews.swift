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
            let id = request.id?.uuidString ?? ""
            let org = request.organization
            return Article {
                H3 { Link(org.name, url: SiteURL.organization.path(org.id?.uuidString ?? "")) }
                Paragraph("\(org.commune) (\(org.postalCode)) · demande à intervenir sur : \(request.territory.name) (\(request.territory.code))")
                Div {
                    PostButton(action: SiteURL.territoryRequestAnswer.path(id), label: "Accepter", csrf: self.context.csrf, hidden: [("decision", "accepter")])
                    PostButton(action: SiteURL.territoryRequestAnswer.path(id), label: "Refuser", csrf: self.context.csrf, style: "button secondary",
                               hidden: [("decision", "refuser")])
                }.class("actions")
            }.class("card")
        }

        private func card(_ org: Organization) -> Component {
            let id = org.id?.uuidString ?? ""
            return Article {
                H3 { Link(org.name, url: SiteURL.organization.path(id)) }
                Paragraph("\(org.categoryValue?.label ?? org.category) · \(org.commune) (\(org.postalCode)) · inscrite le \(Format.dateTime(org.createdAt))")
                if !org.summary.isEmpty { Paragraph(String(org.summary.prefix(300))).class("muted") }
                Div {
                    PostButton(action: SiteURL.moderationDecide.path(id), label: "Valider", csrf: self.context.csrf, hidden: [("decision", "valider")])
                    Form(url: SiteURL.moderationDecide.path(id), method: .post) {
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

enum AuditPage {
    struct Model {
        var entries: [AuditEntry]
        var page: Int
        var hasMore: Bool
        var showEmails: Bool
    }

    final class View: ModelPage<Model> {

        override func pageTitle() -> String { "Journal des modifications" }

        override func content() -> Component {
            Div {
                H1("Journal des modifications")
                Paragraph("Chaque changement fait sur Maillage est noté ici : qui, quoi, quand.").class("muted")
                if self.model.entries.isEmpty { Paragraph("Le journal est vide.").class("empty") }
                else {
                    Table(
                        header: TableRow { TableHeaderCell("Quand"); TableHeaderCell("Qui"); TableHeaderCell("Action"); TableHeaderCell("Détail") },
                        rows: { for e in self.model.entries {
                            TableRow {
                                TableCell(Format.dateTime(e.at))
                                TableCell(self.model.showEmails ? e.actor + (e.actorEmail.map { " <\($0)>" } ?? "") : e.actor)
                                TableCell(e.action)
                                TableCell {
                                    if e.entityType == "structure", let id = e.entityID { Link(e.summary, url: SiteURL.organization.path(id)) }
                                    else { Text(e.summary) }
                                }
                            }
                        } }).class("audit")
                }
                Navigation {
                    if self.model.page > 1 { Link("← Plus récents", url: SiteURL.audit.path() + "?page=\(self.model.page - 1)") }
                    if self.model.hasMore { Link("Plus anciens →", url: SiteURL.audit.path() + "?page=\(self.model.page + 1)") }
                }.class("pagination")
            }
        }
    }
}
