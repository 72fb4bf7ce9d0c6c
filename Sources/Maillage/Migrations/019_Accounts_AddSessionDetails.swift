import Fluent

/// Sessions a person can recognise on their settings page ("Firefox, ouverte le 3 mars") and close.
struct AddSessionDetails: AsyncMigration {
    func prepare(on db: any Database) async throws {
        // One column per statement: SQLite adds them one at a time.
        try await db.schema(UserSession.schema).field("created_at", .datetime).update()
        try await db.schema(UserSession.schema).field("user_agent", .string).update()
    }
    func revert(on db: any Database) async throws {
        try await db.schema(UserSession.schema).deleteField("user_agent").update()
        try await db.schema(UserSession.schema).deleteField("created_at").update()
    }
}
