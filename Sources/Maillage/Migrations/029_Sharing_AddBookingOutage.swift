import Fluent

/// A breakdown is a booking of the whole resource by its owner, marked as such (issue 14): it shows as "hors
/// service" on the calendar and is never counted as lending in the statistics.
struct AddBookingOutage: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Booking.schema).field("is_outage", .bool, .required, .sql(.default(false))).update()
    }
    func revert(on db: any Database) async throws { try await db.schema(Booking.schema).deleteField("is_outage").update() }
}
