import Fluent
import SQLKit

/// Accounts prove their address before it counts (issue 11, finding 5). Accounts made before this
/// migration have been used with their address for a while: they count as verified.
struct AddEmailVerification: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(User.schema).field("email_verified_at", .datetime).update()
        if let sql = db as? any SQLDatabase {
            try await sql.raw("UPDATE users SET email_verified_at = created_at").run()
        }
    }
    func revert(on db: any Database) async throws {
        try await db.schema(User.schema).deleteField("email_verified_at").update()
    }
}
