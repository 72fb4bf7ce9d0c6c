import Foundation
import Plot

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
                                TableCell(AuditAction.label(of: e.action))
                                TableCell {
                                    if e.entityType == "structure", let id = e.entityID { Link(e.summary, url: DirectoryURL.organization(id)) }
                                    else { Text(e.summary) }
                                }
                            }
                        } }).class("audit")
                }
                Navigation {
                    if self.model.page > 1 { Link("← Plus récents", url: PlatformURL.journal.path + "?page=\(self.model.page - 1)") }
                    if self.model.hasMore { Link("Plus anciens →", url: PlatformURL.journal.path + "?page=\(self.model.page + 1)") }
                }.class("pagination")
            }
        }
    }
}
