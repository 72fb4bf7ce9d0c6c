import Fluent

/// A public agent's service and domains (issue 13, item 10; seed 004: "désigner clairement les interlocuteurs").
struct CreatePublicAgentProfile: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(PublicAgentProfile.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("service", .string, .required)
            .field("service_name", .string, .required)
            .field("organization_id", .uuid, .references(Organization.schema, .id, onDelete: .setNull))
            .field("job_title", .string, .required)
            .field("phone", .string)
            .field("domains", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "user_id")
            .create()
    }
    func revert(on db: any Database) async throws { try await db.schema(PublicAgentProfile.schema).delete() }
}
