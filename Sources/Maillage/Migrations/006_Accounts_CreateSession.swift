import Fluent

struct CreateSession: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(UserSession.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("expires_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        try await db.schema(ApiToken.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("created_at", .datetime)
            .field("last_used_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await db.schema("login_failures")
            .id()
            .field("key", .string, .required)
            .field("at", .datetime, .required)
            .create()
    }
    func revert(on db: any Database) async throws {
        for schema in ["login_failures", ApiToken.schema, UserSession.schema] {
            try await db.schema(schema).delete()
        }
    }
}
