import Fluent

/// Single-use links sent by mail (address verification, password reset, change of address), stored hashed.
struct CreateAccountToken: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(AccountToken.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("purpose", .string, .required)
            .field("token_hash", .string, .required)
            .field("new_email", .string)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema(AccountToken.schema).delete() }
}
