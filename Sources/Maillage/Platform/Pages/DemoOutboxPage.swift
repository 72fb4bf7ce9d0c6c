import Foundation
import Plot

/// The demo site's outbox, readable by visitors.
enum DemoOutboxPage {
    struct Message {
        var to: String
        var subject: String
        var text: String
        var at: Date
        var status: String
    }

    struct Model { var messages: [Message] }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Boîte d'envoi (démonstration)" }

        override func content() -> Component {
            Div {
                H1("Boîte d'envoi de la démonstration")
                Paragraph(
                    "Sur ce site de démonstration, les e-mails ne partent pas : les voici, les plus récents d'abord. Les liens qu'ils contiennent fonctionnent."
                )
                .class("muted")
                if self.model.messages.isEmpty {
                    Paragraph("Aucun message pour l'instant : créez un compte ou invitez quelqu'un pour en voir un.").class("empty")
                }
                for message in self.model.messages {
                    Article {
                        H2(message.subject)
                        Paragraph("À \(message.to) · \(Format.dateTime(message.at)) · \(message.status)").class("muted")
                        Element(name: "pre") { Text(message.text) }.class("mail-text")
                    }.class("card")
                }
            }
        }
    }
}
