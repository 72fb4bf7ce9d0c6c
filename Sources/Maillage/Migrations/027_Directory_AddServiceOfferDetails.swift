import Fluent

/// Services described with the data·inclusion vocabulary (issue 13, item 7): publics, modes d'accueil and
/// conditions d'accès, beside the thématiques and frais already kept.
struct AddServiceOfferDetails: AsyncMigration {
    func prepare(on db: any Database) async throws {
        // One column per statement: SQLite adds them one at a time.
        try await db.schema(ServiceOffer.schema).field("publics", .string, .required, .sql(.default(""))).update()
        try await db.schema(ServiceOffer.schema).field("reception_modes", .string, .required, .sql(.default(""))).update()
        try await db.schema(ServiceOffer.schema).field("access_conditions", .string, .required, .sql(.default(""))).update()
    }
    func revert(on db: any Database) async throws {
        try await db.schema(ServiceOffer.schema).deleteField("access_conditions").update()
        try await db.schema(ServiceOffer.schema).deleteField("reception_modes").update()
        try await db.schema(ServiceOffer.schema).deleteField("publics").update()
    }
}
