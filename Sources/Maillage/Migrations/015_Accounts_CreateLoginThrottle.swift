import Fluent

/// Failed sign-ins per account and address pair, and per address: the slot is taken before the password is
/// checked (issue 11, finding 7).
struct CreateLoginThrottle: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(LoginThrottleRow.schema)
            .field("key", .string, .identifier(auto: false))
            .field("failures", .int, .required)
            .field("next_allowed_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        // The old table counted failures after the fact; nothing reads it any more.
        try await db.schema("login_failures").delete()
    }
    func revert(on db: any Database) async throws {
        try await db.schema(LoginThrottleRow.schema).delete()
        try await db.schema("login_failures").id().field("key", .string, .required).field("at", .datetime, .required).create()
    }
}
