import Fluent

/// Each resource's iCal feed is read by calendar programs without signing in: its address carries a secret, made
/// with the resource (issue 14).
struct AddResourceCalendarToken: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(SharedResource.schema).field("calendar_token", .string).update()
    }
    func revert(on db: any Database) async throws { try await db.schema(SharedResource.schema).deleteField("calendar_token").update() }
}
