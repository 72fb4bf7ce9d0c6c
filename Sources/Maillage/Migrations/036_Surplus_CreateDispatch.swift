import Fluent

/// Dispatch runs: what was chosen, the plan computed in the background, who accepted it.
struct CreateDispatch: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Dispatch.schema)
            .id()
            .field("territory_id", .uuid, .required, .references(Territory.schema, .id, onDelete: .cascade))
            .field("created_by", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("accepted_by", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("day", .string, .required)
            .field("seconds", .double, .required)
            .field("status", .string, .required)
            .field("selection", .string, .required)
            .field("plan", .string)
            .field("failure", .string)
            .field("created_at", .datetime)
            .field("finished_at", .datetime)
            .field("accepted_at", .datetime)
            .create()
    }

    func revert(on db: any Database) async throws { try await db.schema(Dispatch.schema).delete() }
}
