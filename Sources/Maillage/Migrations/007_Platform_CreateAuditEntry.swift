import Fluent

struct CreateAuditEntry: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(AuditEntry.schema)
            .id()
            .field("at", .datetime, .required)
            .field("user_id", .uuid)
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("entity_type", .string, .required)
            .field("entity_id", .uuid)
            .field("summary", .string, .required)
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema(AuditEntry.schema).delete() }
}
