import Fluent
import SQLKit

/// The outbox: mail written with the change that causes it, delivered by a background sender.
struct CreateOutboxMessage: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(OutboxMessage.schema)
            .id()
            .field("idempotency_key", .string, .required)
            .field("kind", .string, .required)
            .field("recipient", .string, .required)
            .field("subject", .string, .required)
            .field("text_body", .string, .required)
            .field("html_body", .string)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("last_error", .string)
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .unique(on: "idempotency_key")
            .create()
        if let sql = db as? any SQLDatabase {
            try await sql.create(index: "outbox_messages_due").on(OutboxMessage.schema).column("status").column("next_attempt_at").run()
            try await sql.create(index: "outbox_messages_recipient").on(OutboxMessage.schema).column("recipient").column("kind").run()
        }
    }
    func revert(on db: any Database) async throws { try await db.schema(OutboxMessage.schema).delete() }
}
