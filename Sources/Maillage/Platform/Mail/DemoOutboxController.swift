import Fluent
import Foundation
import Plot
import Vapor

/// On the demo site, mail does not leave: a visitor reads here what would have been sent (issue 12).
enum DemoOutboxController {
    @Sendable static func list(req: Request) async throws -> Response {
        guard req.application.maillageConfig.demo else { throw Abort(.notFound) }
        let messages = try await OutboxMessage.query(on: req.db).sort(\.$createdAt, .descending).limit(50).all()
        let model = DemoOutboxPage.Model(
            messages: messages.map {
                .init(to: $0.recipient, subject: $0.subject, text: $0.textBody, at: $0.createdAt, status: $0.statusValue.label)
            })
        return DemoOutboxPage.View(context: PageContext(req), model: model).response(on: req)
    }
}
