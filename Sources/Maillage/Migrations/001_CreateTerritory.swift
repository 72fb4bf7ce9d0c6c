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

/// Every département is a territory from the start, so a structure always has one.
struct SeedDepartementTerritories: AsyncMigration {
    func prepare(on db: any Database) async throws {
        for d in CommuneTable.shared.departements {
            try await Territory(code: d.code, name: d.name, kind: "departement").create(on: db)
        }
    }
    func revert(on db: any Database) async throws {
        try await Territory.query(on: db).filter(\.$kind == "departement").delete()
    }
}
