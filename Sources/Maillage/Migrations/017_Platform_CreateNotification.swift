import Fluent
import SQLKit

/// The inbox of each person.
struct CreateNotification: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(UserNotification.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("link", .string, .required)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .field("digested_at", .datetime)
            .create()
        if let sql = db as? any SQLDatabase {
            try await sql.create(index: "notifications_user_unread").on(UserNotification.schema).column("user_id").column("read_at").run()
        }
    }
    func revert(on db: any Database) async throws { try await db.schema(UserNotification.schema).delete() }
}
