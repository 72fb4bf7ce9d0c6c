import Fluent
import SQLKit

/// Animators read the journal of their territories only, without the e-mails of the people in it
/// (issue 11, finding 12): each line names its territory, and the actor's address apart from their name.
struct AddAuditScope: AsyncMigration {
    func prepare(on db: any Database) async throws {
        // One column per statement: SQLite adds them one at a time.
        try await db.schema(AuditEntry.schema).field("territory_id", .uuid).update()
        try await db.schema(AuditEntry.schema).field("actor_email", .string).update()
        if let sql = db as? any SQLDatabase {
            try await sql.create(index: "audit_entries_territory").on(AuditEntry.schema).column("territory_id").run()
            try await sql.create(index: "audit_entries_at").on(AuditEntry.schema).column("at").run()
        }
    }
    func revert(on db: any Database) async throws {
        if let sql = db as? any SQLDatabase {
            try await sql.drop(index: "audit_entries_territory").run()
            try await sql.drop(index: "audit_entries_at").run()
        }
        try await db.schema(AuditEntry.schema).deleteField("territory_id").update()
        try await db.schema(AuditEntry.schema).deleteField("actor_email").update()
    }
}
