import Fluent

/// Who was told of each recall, and when they acknowledged: one row per structure and recall.
struct CreateRecallNotice: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(RecallNotice.schema)
            .id()
            .field("recall_id", .uuid, .required, .references(Recall.schema, .id, onDelete: .cascade))
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("acknowledged_by", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("role", .string, .required)
            .field("kg", .double, .required)
            .field("lots", .string, .required)
            .field("acknowledged_at", .datetime)
            .field("acknowledgement", .string, .required)
            .unique(on: "recall_id", "organization_id")
            .create()
    }

    func revert(on db: any Database) async throws { try await db.schema(RecallNotice.schema).delete() }
}
