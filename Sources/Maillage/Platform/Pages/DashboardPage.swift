import Foundation
import Plot

/// "Mon espace": the blocks of every module, each with what to do next.
enum DashboardPage {
    struct Model {
        var name: String
        var widgets: [WidgetModel]
        var verified: Bool
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Mon espace" }

        override func content() -> Component {
            let m = self.model
            return Div {
                H1("Bonjour \(m.name)")
                if !m.verified {
                    Paragraph("Votre adresse n'est pas encore vérifiée : ouvrez le lien reçu par e-mail, ou demandez-en un autre depuis votre compte.")
                        .class("notice warning")
                }
                Div {
                    for widget in m.widgets {
                        Element(name: "section") {
                            H2(widget.title)
                            if widget.items.isEmpty {
                                Paragraph(widget.empty).class("muted")
                            } else {
                                List(widget.items) { item in
                                    ListItem {
                                        Link(item.label, url: item.link)
                                        if !item.detail.isEmpty { Span(" · " + item.detail).class("muted small") }
                                    }
                                }
                            }
                            if let action = widget.action { Paragraph { Link(action.label, url: action.link) } }
                        }.class("panel widget")
                    }
                }.class("widgets")
            }
        }
    }
}
