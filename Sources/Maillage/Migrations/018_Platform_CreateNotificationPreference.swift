import Fluent

/// How each person wants to hear about each kind of notification.
struct CreateNotificationPreference: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(NotificationPreference.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("channel", .string, .required)
            .unique(on: "user_id", "kind")
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema(NotificationPreference.schema).delete() }
}
