import Fluent

struct CreateUser: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(User.schema)
            .id()
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("password_hash", .string, .required)
            .field("is_admin", .bool, .required)
            .field("created_at", .datetime)
            .unique(on: "email")
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema(User.schema).delete() }
}
