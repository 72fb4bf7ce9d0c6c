import Fluent

/// Fields opened to gleaners (issue 15).
struct CreateGleaningField: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(GleaningField.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("created_by", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("crop", .string, .required)
            .field("expected_kg", .double, .required)
            .field("place", .string, .required)
            .field("season_from", .string, .required)
            .field("season_to", .string, .required)
            .field("authorisation", .string, .required)
            .field("note", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on db: any Database) async throws { try await db.schema(GleaningField.schema).delete() }
}
