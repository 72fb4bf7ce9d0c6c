import Fluent

/// A partnership declared by one structure shows only once the other confirms it (issue 11, finding 13).
/// Rows declared before this migration were never confirmed: they wait for the partner like new ones.
struct AddPartnershipConsent: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Partnership.schema).field("confirmed_at", .datetime).update()
    }
    func revert(on db: any Database) async throws {
        try await db.schema(Partnership.schema).deleteField("confirmed_at").update()
    }
}
