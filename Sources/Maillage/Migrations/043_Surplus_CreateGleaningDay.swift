import Fluent
import FluentSQL

/// Gleaning days; `signed_up` never exceeds `pickers_needed` (CHECK, both engines), so the last place is taken once.
struct CreateGleaningDay: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(GleaningDay.schema)
            .id()
            .field("field_id", .uuid, .required, .references(GleaningField.schema, .id, onDelete: .cascade))
            .field("day", .string, .required)
            .field("starts_at", .int, .required)
            .field("ends_at", .int, .required)
            .field("pickers_needed", .int, .required)
            .field("signed_up", .int, .required)
            .field("leader", .string, .required)
            .field("equipment", .string, .required)
            .field("gleaned_kg", .double)
            .field("created_at", .datetime)
            .constraint(.sql(unsafeRaw: "CONSTRAINT gleaning_days_capacity CHECK (signed_up >= 0 AND signed_up <= pickers_needed)"))
            .create()
    }

    func revert(on db: any Database) async throws { try await db.schema(GleaningDay.schema).delete() }
}
