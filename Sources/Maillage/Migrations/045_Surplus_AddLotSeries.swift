import Fluent
import SQLKit

/// Fix forward of 032 (issue 21): recurring pickups were added to `CreateLot` after it had landed, so a database
/// already in the field never got them. A recurring pickup makes one lot per day, however often generation runs
/// (UNIQUE series × day). Databases created while 032 carried the columns already have them: each step is skipped
/// when its column or index is there.
struct AddLotSeries: AsyncMigration {
    func prepare(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        if try await !SchemaProbe.hasColumn("series_id", in: Lot.schema, on: sql) {
            try await sql.raw("ALTER TABLE lots ADD COLUMN series_id UUID").run()
            try await sql.raw("ALTER TABLE lots ADD COLUMN occurrence TEXT").run()
        }
        if try await !SchemaProbe.hasUniqueIndex(on: Lot.schema, columns: ["series_id", "occurrence"], on: sql) {
            try await sql.raw("CREATE UNIQUE INDEX lots_series_occurrence ON lots (series_id, occurrence)").run()
        }
    }

    func revert(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX IF EXISTS lots_series_occurrence").run()
    }
}
