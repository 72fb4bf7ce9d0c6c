import Fluent

/// What an accepted dispatch moves: one row per lot and need, then what the driver marked.
struct CreateDelivery: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Delivery.schema)
            .id()
            .field("dispatch_id", .uuid, .required, .references(Dispatch.schema, .id, onDelete: .cascade))
            .field("lot_id", .uuid, .required, .references(Lot.schema, .id, onDelete: .restrict))
            .field("need_id", .uuid, .required, .references(Need.schema, .id, onDelete: .restrict))
            .field("kg", .double, .required)
            .field("tour", .int)
            .field("status", .string, .required)
            .field("collected_kg", .double)
            .field("delivered_kg", .double)
            .field("temperature_c", .double)
            .field("note", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "dispatch_id", "lot_id", "need_id")
            .create()
    }

    func revert(on db: any Database) async throws { try await db.schema(Delivery.schema).delete() }
}
