import Fluent

/// What an accepted dispatch booked or asked for through Sharing (issue 21): a van per tour, a room per hub. The
/// owner may answer later; its answer reaches this table through Sharing's `BookingDecided` fact.
struct CreateDispatchBooking: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(DispatchBooking.schema)
            .id()
            .field("dispatch_id", .uuid, .required, .references(Dispatch.schema, .id, onDelete: .cascade))
            .field("booking_id", .uuid, .required)
            .field("resource_id", .uuid, .required)
            .field("owner_id", .uuid, .required)
            .field("owner_name", .string, .required)
            .field("tour", .int)
            .field("status", .string, .required)
            .field("reason", .string, .required)
            .field("notified_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "booking_id")
            .create()
    }

    func revert(on db: any Database) async throws { try await db.schema(DispatchBooking.schema).delete() }
}
