import Foundation
import Plot

/// The inbox of notifications.
enum NotificationsPage {
    struct Item: Equatable {
        var id: UUID
        var kind: String
        var title: String
        var body: String
        var at: Date
        var read: Bool
    }

    struct Model {
        var items: [Item]
        var unread: Int
        var page: Int
        var hasMore: Bool
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Notifications" }

        override func content() -> Component {
            let m = self.model
            return Div {
                H1("Notifications")
                Div {
                    Paragraph(m.unread == 0 ? "Tout est lu." : French.count(m.unread, "notification non lue", plural: "notifications non lues"))
                    if m.unread > 0 {
                        PostButton(
                            action: PlatformURL.notificationsRead.path, label: "Tout marquer comme lu", csrf: self.context.csrf, style: "button secondary")
                    }
                    Link("Choisir comment être prévenu·e", url: AccountsURL.settings.path + "#notifications")
                }.class("actions")
                if m.items.isEmpty {
                    Paragraph(
                        "Rien pour l'instant. Vous serez prévenu·e ici quand une structure vous invitera, quand votre fiche sera validée, ou quand un partenaire vous répondra."
                    )
                    .class("empty")
                }
                List(m.items) { item in
                    ListItem {
                        Article {
                            H2 { Link(item.title, url: PlatformURL.notificationOpen(item.id)) }
                            Paragraph("\(item.kind) · \(Format.dateTime(item.at))\(item.read ? "" : " · non lue")").class("muted small")
                            Paragraph(item.body)
                        }.class(item.read ? "card" : "card unread")
                    }
                }.class("results")
                Navigation {
                    if m.page > 1 { Link("← Plus récentes", url: PlatformURL.notifications.path + "?page=\(m.page - 1)") }
                    if m.hasMore { Link("Plus anciennes →", url: PlatformURL.notifications.path + "?page=\(m.page + 1)") }
                }.class("pagination").attribute(named: "aria-label", value: "Pages des notifications")
            }
        }
    }
}
