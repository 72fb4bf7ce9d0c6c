import Fluent
import SQLKit

/// Merges of duplicate fiches, with what each moved, so that one can be undone for 30 days and the merged-away
/// address redirects to the kept fiche (issue 13, item 5).
struct CreateMerge: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Merge.schema)
            .id()
            .field("kept_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("removed_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("removed_status", .string, .required)
            .field("snapshot", .string, .required)
            .field("merged_by", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("merged_at", .datetime, .required)
            .field("undone_at", .datetime)
            .create()
        if let sql = db as? any SQLDatabase {
            try await sql.create(index: "merges_removed").on(Merge.schema).column("removed_id").run()
        }
    }
    func revert(on db: any Database) async throws { try await db.schema(Merge.schema).delete() }
}
