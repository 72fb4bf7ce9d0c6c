import Fluent
import SQLKit

struct CreateOrganization: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Organization.schema)
            .id()
            .field("name", .string, .required)
            .field("category", .string, .required)
            .field("description", .string, .required)
            .field("services", .string, .required)
            .field("address", .string, .required)
            .field("postal_code", .string, .required)
            .field("commune", .string, .required)
            .field("insee_code", .string)
            .field("latitude", .double, .required)
            .field("longitude", .double, .required)
            .field("siret", .string)
            .field("email", .string)
            .field("phone", .string)
            .field("website", .string)
            .field("opening_hours", .string, .required)
            .field("status", .string, .required)
            .field("status_reason", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        // The directory index reloads when the newest update changes; keep that probe cheap.
        if let sql = db as? any SQLDatabase {
            try await sql.create(index: "organizations_updated_at").on(Organization.schema).column("updated_at").run()
            try await sql.create(index: "organizations_status").on(Organization.schema).column("status").run()
        }
        try await db.schema(OrganizationTerritory.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("territory_id", .uuid, .required, .references(Territory.schema, .id, onDelete: .cascade))
            .unique(on: "organization_id", "territory_id")
            .create()
        try await db.schema(Contact.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("role", .string, .required)
            .field("email", .string)
            .field("phone", .string)
            .create()
        try await db.schema(Capacity.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("temperature", .string, .required)
            .field("capacity_kg", .double, .required)
            .field("note", .string, .required)
            .create()
    }
    func revert(on db: any Database) async throws {
        for schema in [Capacity.schema, Contact.schema, OrganizationTerritory.schema, Organization.schema] {
            try await db.schema(schema).delete()
        }
    }
}
