import Fluent
import FluentSQL

/// Lots offered by donors (issue 15). `allocated_kg` never goes above `kg`: the CHECK refuses the second of two
/// dispatches (or urgent takers) racing for the same kilos, on both engines.
struct CreateLot: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Lot.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("created_by", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("category", .string, .required)
            .field("product", .string, .required)
            .field("kg", .double, .required)
            .field("units", .int)
            .field("temperature", .string, .required)
            .field("date_kind", .string, .required)
            .field("date", .string, .required)
            .field("lot_number", .string, .required)
            .field("frozen_on", .string)
            .field("pickup_from", .datetime, .required)
            .field("pickup_to", .datetime, .required)
            .field("status", .string, .required)
            .field("allocated_kg", .double, .required)
            .field("note", .string, .required)
            .field("created_at", .datetime)
            .constraint(.sql(unsafeRaw: "CONSTRAINT lots_within_kg CHECK (allocated_kg >= 0 AND allocated_kg <= kg + 0.000001)"))
            .create()
        try await (db as? any SQLDatabase)?.raw("CREATE INDEX lots_status_pickup ON lots (status, pickup_to)").run()
    }

    func revert(on db: any Database) async throws { try await db.schema(Lot.schema).delete() }
}
