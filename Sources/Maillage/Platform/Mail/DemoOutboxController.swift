import Fluent
import Foundation
import Plot
import Vapor

/// On the demo site, mail does not leave: a visitor reads here what would have been sent (issue 12).
enum DemoOutboxController {
    @Sendable static func list(req: Request) async throws -> Response {
        guard req.application.maillageConfig.demo else { throw Abort(.notFound) }
        let messages = try await OutboxMessage.query(on: req.db).sort(\.$createdAt, .descending).limit(50).all()
        let model = DemoOutboxPage.Model(messages: messages.map {
            .init(to: $0.recipient, subject: $0.subject, text: $0.textBody, at: $0.createdAt, status: $0.statusValue.label)
        })
        return DemoOutboxPage.View(context: PageContext(req), model: model).response(on: req)
    }
}

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
                Paragraph("Sur ce site de démonstration, les e-mails ne partent pas : les voici, les plus récents d'abord. Les liens qu'ils contiennent fonctionnent.")
                    .class("muted")
                if self.model.messages.isEmpty { Paragraph("Aucun message pour l'instant : créez un compte ou invitez quelqu'un pour en voir un.").class("empty") }
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
