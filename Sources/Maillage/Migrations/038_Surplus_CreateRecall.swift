import Fluent

/// Product recalls of a territory (issue 15).
struct CreateRecall: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Recall.schema)
            .id()
            .field("territory_id", .uuid, .required, .references(Territory.schema, .id, onDelete: .cascade))
            .field("created_by", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("product", .string, .required)
            .field("lot_numbers", .string, .required)
            .field("date_from", .string, .required)
            .field("date_to", .string, .required)
            .field("reason", .string, .required)
            .field("instructions", .string, .required)
            .field("source", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on db: any Database) async throws { try await db.schema(Recall.schema).delete() }
}
