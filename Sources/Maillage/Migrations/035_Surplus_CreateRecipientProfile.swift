import Fluent

/// How each recipient takes donations: preferences per category and its redistribution delay.
struct CreateRecipientProfile: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(RecipientProfile.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("redistributes_within_hours", .int)
            .field("preferences", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "organization_id")
            .create()
    }

    func revert(on db: any Database) async throws { try await db.schema(RecipientProfile.schema).delete() }
}
