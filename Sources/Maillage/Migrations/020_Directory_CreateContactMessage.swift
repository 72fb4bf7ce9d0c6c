import Fluent
import SQLKit

/// The log of messages sent through a fiche's contact form (issue 13, item 4): who wrote to whom and when, for
/// the rate limits and for the journal; the message itself only travels in the outbox.
struct CreateContactMessage: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(ContactMessage.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("recipient", .string, .required)
            .field("sender_name", .string, .required)
            .field("sender_email", .string, .required)
            .field("sender_user_id", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("client_key", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        if let sql = db as? any SQLDatabase {
            try await sql.create(index: "contact_messages_client").on(ContactMessage.schema).column("client_key").column("created_at").run()
            try await sql.create(index: "contact_messages_sender").on(ContactMessage.schema).column("sender_email").column("created_at").run()
        }
    }
    func revert(on db: any Database) async throws { try await db.schema(ContactMessage.schema).delete() }
}
