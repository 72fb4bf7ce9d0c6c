import Fluent
import SQLKit

/// The structures of a territory are read by territory (coverage, exports, its stamp on every coverage view):
/// without this index each read scanned every link (issue 11, finding 15).
struct IndexTerritoryLinks: AsyncMigration {
    func prepare(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.create(index: "organization_territories_territory").on(OrganizationTerritory.schema).column("territory_id").run()
    }
    func revert(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.drop(index: "organization_territories_territory").run()
    }
}
