import Fluent

/// A mail written on someone's behalf (the contact form) is answered to them, not to the platform.
struct AddOutboxReplyTo: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(OutboxMessage.schema).field("reply_to", .string).update()
    }
    func revert(on db: any Database) async throws {
        try await db.schema(OutboxMessage.schema).deleteField("reply_to").update()
    }
}
