import Fluent

struct CreateTerritory: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Territory.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .unique(on: "code")
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema(Territory.schema).delete() }
}
