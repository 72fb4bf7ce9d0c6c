import Fluent
import Foundation
import SQLKit
import Vapor

/// A message waiting to leave, written in the same transaction as the change that causes it: if the change
/// is rolled back, no mail goes; if the server stops, the mail still goes once it is back.
final class OutboxMessage: Model, @unchecked Sendable {
    static let schema = "outbox_messages"

    enum Status: String, Codable, Sendable {
        case queued, sending, sent, failed
        var label: String {
            switch self {
            case .queued: "en attente"
            case .sending: "en cours d'envoi"
            case .sent: "envoyé"
            case .failed: "échec"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    // data
    /// One message per key: enqueuing the same key twice (a retried request) sends once.
    @Field(key: "idempotency_key") var idempotencyKey: String
    @Field(key: "kind") var kind: String
    @Field(key: "recipient") var recipient: String
    @Field(key: "subject") var subject: String
    @Field(key: "text_body") var textBody: String
    @OptionalField(key: "html_body") var htmlBody: String?
    @Field(key: "status") var status: String
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "last_error") var lastError: String?
    /// Where answers go when the mail is written on someone's behalf (the contact form).
    @OptionalField(key: "reply_to") var replyTo: String?
    // timestamps
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?

    init() {}

    var statusValue: Status { Status(rawValue: status) ?? .failed }
}

/// A mail to write to the outbox.
struct Mail: Sendable {
    var kind: String
    var to: String
    var subject: String
    var text: String
    var html: String?
    var replyTo: String? = nil
}

enum Outbox {
    /// Adds `mail` unless a message with `key` exists. Call it on the transaction of the change.
    static func enqueue(_ mail: Mail, key: String, now: Date, on db: any Database) async throws {
        guard EmailAddress.isValid(mail.to), let sql = db as? any SQLDatabase else { return }
        try await sql.insert(into: OutboxMessage.schema)
            .columns(
                "id", "idempotency_key", "kind", "recipient", "subject", "text_body", "html_body", "status", "attempts", "next_attempt_at",
                "created_at", "reply_to"
            )
            .values(
                SQLBind(UUID()), SQLBind(key), SQLBind(mail.kind), SQLBind(mail.to), SQLBind(mail.subject), SQLBind(mail.text),
                SQLBind(mail.html), SQLBind(OutboxMessage.Status.queued.rawValue), SQLBind(0), SQLBind(now), SQLBind(now),
                SQLBind(mail.replyTo.flatMap { EmailAddress.isValid($0) ? $0 : nil })
            )
            .ignoringConflicts(with: "idempotency_key")
            .run()
    }

    /// How many mails of `kind` went to `address` since `since`: a ceiling keeps the site from being used to
    /// flood someone's mailbox.
    static func recentCount(kind: String, to address: String, since: Date, on db: any Database) async throws -> Int {
        try await OutboxMessage.query(on: db).filter(\.$kind == kind).filter(\.$recipient == address).filter(\.$createdAt >= since).count()
    }

    static let maxAttempts = 10

    /// After the n-th failed attempt: 1 min, 2, 4… up to 6 h, lengthened by up to a quarter (`spread` in [0, 1)):
    /// when the server comes back after an outage, the messages queued during it do not all retry in the same
    /// second and trip its rate limit.
    static func backoff(afterAttempt n: Int, spread: Double) -> TimeInterval {
        min(60 * pow(2, Double(max(0, n - 1))), 6 * 3600) * (1 + 0.25 * min(max(spread, 0), 1))
    }

    /// Sends what is due, one message at a time; returns how many were tried. Each message is claimed by a
    /// conditional update (its lease), so two senders never send the same one.
    @discardableResult
    static func deliverDue(app: Application, settings: SMTPSettings, limit: Int = 20) async throws -> Int {
        let db = app.db
        let now = app.clock.now
        let due = try await OutboxMessage.query(on: db)
            .filter(\.$status ~~ [OutboxMessage.Status.queued.rawValue, OutboxMessage.Status.sending.rawValue])
            .filter(\.$nextAttemptAt <= now).sort(\.$createdAt).limit(limit).all()
        var tried = 0
        for message in due {
            guard let id = message.id, let sql = db as? any SQLDatabase else { continue }
            // The lease: a sender that stops mid-way leaves the message to be retried after it.
            let claimed = try await db.writeTransaction { tx -> Bool in
                guard let sql = tx as? any SQLDatabase else { return false }
                return
                    !(try await sql.update(OutboxMessage.schema)
                    .set("status", to: OutboxMessage.Status.sending.rawValue)
                    .set("attempts", to: SQLRaw("attempts + 1"))
                    .set("next_attempt_at", to: now.addingTimeInterval(300))
                    .where("id", .equal, id).where("next_attempt_at", .lessThanOrEqual, now)
                    .where("status", .in, [OutboxMessage.Status.queued.rawValue, OutboxMessage.Status.sending.rawValue])
                    .returning("id").all()).isEmpty
            }
            guard claimed else { continue }
            tried += 1
            let attempt = message.attempts + 1
            let mail = OutgoingMail(
                to: message.recipient, subject: message.subject, text: message.textBody, html: message.htmlBody,
                messageID: "\(id.uuidString.lowercased())@\(settings.heloName)", replyTo: message.replyTo)
            do {
                try await SMTPClient.send(mail, with: settings, on: app.eventLoopGroup)
                try await db.writeTransaction { tx in
                    guard let sql = tx as? any SQLDatabase else { return }
                    try await sql.update(OutboxMessage.schema).set("status", to: OutboxMessage.Status.sent.rawValue)
                        .set("sent_at", to: app.clock.now).set("last_error", to: SQLLiteral.null).where("id", .equal, id).run()
                }
            } catch {
                let failure = error as? SMTPFailure
                let final = failure?.permanent == true || attempt >= maxAttempts
                try await sql.update(OutboxMessage.schema)
                    .set("status", to: (final ? OutboxMessage.Status.failed : .queued).rawValue)
                    .set("next_attempt_at", to: app.clock.now.addingTimeInterval(backoff(afterAttempt: attempt, spread: app.chance.unit())))
                    .set("last_error", to: String((failure?.description ?? "\(error)").prefix(500)))
                    .where("id", .equal, id).run()
                app.logger.warning("Courriel non envoyé à \(message.recipient) (essai \(attempt)) : \(failure?.description ?? "\(error)")")
            }
        }
        return tried
    }
}

/// Delivers the outbox in the background of `serve`, every few seconds, when SMTP is configured.
struct OutboxSender: LifecycleHandler {
    func didBootAsync(_ app: Application) async throws {
        guard app.maillageConfig.backgroundJobs, let settings = app.maillageConfig.smtp else {
            if app.maillageConfig.backgroundJobs {
                app.logger.notice("SMTP_HOST n'est pas défini : les courriels restent dans la boîte d'envoi et ne partent pas.")
            }
            return
        }
        let task = Task.detached {
            while !Task.isCancelled {
                do {
                    if try await Outbox.deliverDue(app: app, settings: settings) == 0 { try await Task.sleep(for: .seconds(2)) }
                } catch is CancellationError {
                    return
                } catch {
                    app.logger.error("Boîte d'envoi : \(error)")
                    try? await Task.sleep(for: .seconds(5))
                }
            }
        }
        app.storage[TaskKey.self] = task
    }

    func shutdownAsync(_ app: Application) async {
        app.storage[TaskKey.self]?.cancel()
    }

    private struct TaskKey: StorageKey { typealias Value = Task<Void, Never> }
}
