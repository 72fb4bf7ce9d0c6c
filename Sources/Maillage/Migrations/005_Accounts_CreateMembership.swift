import Fluent

struct CreateMembership: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Membership.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("role", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "user_id", "organization_id")
            .create()
        try await db.schema(Invitation.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("email", .string, .required)
            .field("role", .string, .required)
            .field("invited_by", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "organization_id", "email")
            .create()
        try await db.schema(TerritoryRole.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("territory_id", .uuid, .required, .references(Territory.schema, .id, onDelete: .cascade))
            .field("role", .string, .required)
            .unique(on: "user_id", "territory_id", "role")
            .create()
    }
    func revert(on db: any Database) async throws {
        for schema in [TerritoryRole.schema, Invitation.schema, Membership.schema] {
            try await db.schema(schema).delete()
        }
    }
}
