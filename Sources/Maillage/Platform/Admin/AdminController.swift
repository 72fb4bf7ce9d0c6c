import Fluent
import Foundation
import Vapor

/// The administrators' page: whether mail leaves, what waits, what failed and why (issue 12).
enum AdminController {
    @Sendable static func page(req: Request) async throws -> Response {
        var counts: [OutboxMessage.Status: Int] = [:]
        for status in [OutboxMessage.Status.queued, .sending, .sent, .failed] {
            counts[status] = try await OutboxMessage.query(on: req.db).filter(\.$status == status.rawValue).count()
        }
        let failed = try await OutboxMessage.query(on: req.db).filter(\.$status == OutboxMessage.Status.failed.rawValue)
            .sort(\.$createdAt, .descending).limit(30).all()
        let waiting = try await OutboxMessage.query(on: req.db).filter(
            \.$status ~~ [OutboxMessage.Status.queued.rawValue, OutboxMessage.Status.sending.rawValue]
        )
        .sort(\.$createdAt).limit(30).all()
        func row(_ m: OutboxMessage) -> AdminPage.Message? {
            m.id.map { .init(id: $0, to: m.recipient, subject: m.subject, at: m.createdAt, attempts: m.attempts, error: m.lastError, next: m.nextAttemptAt) }
        }
        let smtp = req.application.maillageConfig.smtp
        let model = AdminPage.Model(
            smtp: smtp.map { "\($0.host):\($0.port), expéditeur \($0.from)" }, counts: counts,
            failed: failed.compactMap(row), waiting: waiting.compactMap(row))
        return AdminPage.View(context: PageContext(req), model: model).response(on: req)
    }

    /// A failed message goes back to the queue, for one more try now.
    @Sendable static func retry(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = try PlatformURL.adminRetry.value(of: req)
        let now = req.clock.now
        try await req.db.audited(.mailRetried, about: .none, by: viewer, summary: "Courriel remis dans la file d'envoi") { tx in
            try await OutboxMessage.query(on: tx).filter(\.$id == id).filter(\.$status == OutboxMessage.Status.failed.rawValue)
                .set(\.$status, to: OutboxMessage.Status.queued.rawValue).set(\.$nextAttemptAt, to: now).set(\.$attempts, to: 0).update()
        }
        return Redirect.to(PlatformURL.admin.path, on: req, notice: "Le courriel est remis dans la file : il part au prochain passage.")
    }
}

extension AuditAction {
    static let mailRetried = AuditAction("courriel.relance", "Courriel relancé")
}
