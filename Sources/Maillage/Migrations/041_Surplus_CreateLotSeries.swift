import Fluent

/// Recurring pickups (issue 15): the rule; the lots it makes carry `series_id` and their day.
struct CreateLotSeries: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(LotSeries.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("created_by", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("product", .string, .required)
            .field("category", .string, .required)
            .field("temperature", .string, .required)
            .field("date_kind", .string, .required)
            .field("shelf_days", .int, .required)
            .field("kg", .double, .required)
            .field("weekdays", .string, .required)
            .field("pickup_start", .int, .required)
            .field("pickup_end", .int, .required)
            .field("starts_on", .string, .required)
            .field("until", .string)
            .field("active", .bool, .required)
            .field("note", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on db: any Database) async throws { try await db.schema(LotSeries.schema).delete() }
}
