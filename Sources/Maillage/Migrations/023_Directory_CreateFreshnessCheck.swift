import Fluent
import SQLKit

/// The yearly "is this fiche still right?" mails: one per referent and fiche, with a single-use link (stored hashed).
struct CreateFreshnessCheck: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(FreshnessCheck.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("sent_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash")
            .create()
        if let sql = db as? any SQLDatabase {
            try await sql.create(index: "freshness_checks_organization").on(FreshnessCheck.schema).column("organization_id").column("sent_at").run()
        }
    }
    func revert(on db: any Database) async throws { try await db.schema(FreshnessCheck.schema).delete() }
}
