import Fluent
import SQLKit

/// Fix forward of 034 (issue 21): the storage a dispatch may use in a shared cold room (`hub_resource_id`) was added
/// to `CreateNeed` after it had landed. Skipped where the column is already there.
struct AddNeedHub: AsyncMigration {
    func prepare(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        guard try await !SchemaProbe.hasColumn("hub_resource_id", in: Need.schema, on: sql) else { return }
        try await sql.raw(
            "ALTER TABLE needs ADD COLUMN hub_resource_id UUID REFERENCES shared_resources (id) ON DELETE CASCADE"
        ).run()
    }

    func revert(on db: any Database) async throws {}
}
