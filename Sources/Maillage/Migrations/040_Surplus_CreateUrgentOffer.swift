import Fluent
import FluentSQL

/// Urgent offers of a lot to a few recipients; one accepted offer per lot (partial unique index, SQLite and
/// PostgreSQL alike).
struct CreateUrgentOffer: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(UrgentOffer.schema)
            .id()
            .field("lot_id", .uuid, .required, .references(Lot.schema, .id, onDelete: .cascade))
            .field("need_id", .uuid, .required, .references(Need.schema, .id, onDelete: .cascade))
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("answered_by", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("kg", .double, .required)
            .field("km", .double, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime)
            .field("answered_at", .datetime)
            .unique(on: "lot_id", "need_id")
            .create()
        try await (db as? any SQLDatabase)?.raw("CREATE UNIQUE INDEX urgent_offers_one_taker ON urgent_offers (lot_id) WHERE status = 'accepted'").run()
    }

    func revert(on db: any Database) async throws { try await db.schema(UrgentOffer.schema).delete() }
}
