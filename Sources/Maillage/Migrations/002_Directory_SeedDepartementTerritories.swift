import Fluent

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
