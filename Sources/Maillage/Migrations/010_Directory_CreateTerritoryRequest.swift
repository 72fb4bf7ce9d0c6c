import Fluent

/// A structure asks to act in a territory other than its address's: that territory's animator decides
/// (issue 11, finding 11: the territories a member ticked used to choose who validated).
struct CreateTerritoryRequest: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(TerritoryRequest.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("territory_id", .uuid, .required, .references(Territory.schema, .id, onDelete: .cascade))
            .field("requested_by", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("created_at", .datetime)
            .unique(on: "organization_id", "territory_id")
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema(TerritoryRequest.schema).delete() }
}
