import Fluent
import FluentSQL

/// Needs of recipients (issue 15); like lots, `allocated_kg` never goes above `kg` (CHECK on both engines).
struct CreateNeed: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Need.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("created_by", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("category", .string, .required)
            .field("kg", .double, .required)
            .field("delivery_from", .datetime, .required)
            .field("delivery_to", .datetime, .required)
            .field("people_served", .int, .required)
            .field("status", .string, .required)
            .field("allocated_kg", .double, .required)
            .field("note", .string, .required)
            .field("created_at", .datetime)
            .constraint(.sql(unsafeRaw: "CONSTRAINT needs_within_kg CHECK (allocated_kg >= 0 AND allocated_kg <= kg + 0.000001)"))
            .create()
    }

    func revert(on db: any Database) async throws { try await db.schema(Need.schema).delete() }
}
