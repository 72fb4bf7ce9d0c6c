import Fluent

/// When a referent last said "toujours exact" without changing anything: a fiche is as fresh as its last
/// change or confirmation (issue 13, item 9).
struct AddOrganizationConfirmedAt: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Organization.schema).field("confirmed_at", .datetime).update()
    }
    func revert(on db: any Database) async throws {
        try await db.schema(Organization.schema).deleteField("confirmed_at").update()
    }
}
