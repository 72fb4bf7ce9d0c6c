import Fluent

/// Who signed up for each gleaning day (once each), and who came.
struct CreateGleaningSignup: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(GleaningSignup.schema)
            .id()
            .field("day_id", .uuid, .required, .references(GleaningDay.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("organization_id", .uuid, .references(Organization.schema, .id, onDelete: .setNull))
            .field("status", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "day_id", "user_id")
            .create()
    }

    func revert(on db: any Database) async throws { try await db.schema(GleaningSignup.schema).delete() }
}
