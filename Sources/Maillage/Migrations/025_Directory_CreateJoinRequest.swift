import Fluent

/// Someone asks to join a structure (its referents answer) or to claim an imported fiche nobody holds (an animator
/// answers): issue 13, item 5. One row per person and structure, reopened if asked again after a refusal.
struct CreateJoinRequest: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(JoinRequest.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("message", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .field("decided_at", .datetime)
            .field("decided_by", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .unique(on: "organization_id", "user_id")
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema(JoinRequest.schema).delete() }
}
