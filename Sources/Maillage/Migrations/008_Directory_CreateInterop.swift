import Fluent
import SQLKit

struct CreateInterop: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(OrganizationSource.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("source", .string, .required)
            .field("source_id", .string, .required)
            .field("source_updated", .string, .required)
            .field("fingerprint", .string, .required)
            .field("provenance", .string, .required)
            .field("imported_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "source", "source_id")
            .create()
        try await db.schema(ServiceOffer.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("source", .string, .required)
            .field("source_id", .string, .required)
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("themes", .string, .required)
            .field("fees", .string)
            .field("opening_hours", .string)
            .field("source_updated", .string, .required)
            .field("payload", .string, .required)
            .field("fingerprint", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "source", "source_id")
            .create()
        try await db.schema(Partnership.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("partner_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("declared_by", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("description", .string, .required)
            .field("since", .datetime, .required)
            .field("created_at", .datetime)
            .unique(on: "organization_id", "partner_id")
            .create()
        try await db.schema(PanelExpectation.schema)
            .id()
            .field("territory_id", .uuid, .required, .references(Territory.schema, .id, onDelete: .cascade))
            .field("row_key", .string, .required)
            .field("expected", .int, .required)
            .field("updated_at", .datetime)
            .unique(on: "territory_id", "row_key")
            .create()
        try await db.schema(Job.schema)
            .id()
            .field("kind", .string, .required)
            .field("arguments", .string, .required)
            .field("status", .string, .required)
            .field("host", .string, .required)
            .field("progress_done", .int, .required)
            .field("progress_total", .int, .required)
            .field("progress_label", .string, .required)
            .field("result", .string)
            .field("user_id", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("created_at", .datetime)
            .field("started_at", .datetime)
            .field("finished_at", .datetime)
            .create()
        if let sql = db as? any SQLDatabase {
            // Services and partners are read per structure; jobs are polled by status.
            try await sql.create(index: "service_offers_organization").on(ServiceOffer.schema).column("organization_id").run()
            try await sql.create(index: "organization_sources_organization").on(OrganizationSource.schema).column("organization_id").run()
            try await sql.create(index: "partnerships_partner").on(Partnership.schema).column("partner_id").run()
            try await sql.create(index: "jobs_status").on(Job.schema).column("status").run()
            try await sql.create(index: "organizations_siret").on(Organization.schema).column("siret").run()
        }
    }

    func revert(on db: any Database) async throws {
        if let sql = db as? any SQLDatabase { try await sql.drop(index: "organizations_siret").run() }
        for schema in [Job.schema, PanelExpectation.schema, Partnership.schema, ServiceOffer.schema, OrganizationSource.schema] {
            try await db.schema(schema).delete()
        }
    }
}
