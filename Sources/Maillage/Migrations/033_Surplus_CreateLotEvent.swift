import Fluent
import FluentSQL

/// The append-only log of each lot (Reg. 178/2002 traceability): the database refuses to change or delete an event,
/// so a correction can only be a new one. PostgreSQL: a trigger function raising on UPDATE and DELETE; SQLite: the
/// same with two triggers.
struct CreateLotEvent: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(LotEvent.schema)
            .id()
            .field("lot_id", .uuid, .required, .references(Lot.schema, .id, onDelete: .restrict))
            .field("organization_id", .uuid, .references(Organization.schema, .id, onDelete: .setNull))
            .field("user_id", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("need_id", .uuid)
            .field("dispatch_id", .uuid)
            .field("kind", .string, .required)
            .field("at", .datetime, .required)
            .field("kg", .double, .required)
            .field("temperature_c", .double)
            .field("note", .string, .required)
            .create()
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX lot_events_lot ON lot_events (lot_id, at)").run()
        if sql.dialect.name == "postgresql" {
            try await sql.raw(
                """
                CREATE FUNCTION lot_events_append_only() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'lot_events_append_only'; END $$ LANGUAGE plpgsql
                """
            ).run()
            try await sql.raw(
                "CREATE TRIGGER lot_events_append_only BEFORE UPDATE OR DELETE ON lot_events FOR EACH ROW EXECUTE FUNCTION lot_events_append_only()"
            ).run()
        } else {
            for event in ["UPDATE", "DELETE"] {
                try await sql.raw(
                    """
                    CREATE TRIGGER lot_events_append_only_\(unsafeRaw: event.lowercased()) BEFORE \(unsafeRaw: event) ON lot_events
                    BEGIN SELECT RAISE(ABORT, 'lot_events_append_only'); END
                    """
                ).run()
            }
        }
    }

    func revert(on db: any Database) async throws {
        try await db.schema(LotEvent.schema).delete()
        if let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" {
            try await sql.raw("DROP FUNCTION IF EXISTS lot_events_append_only()").run()
        }
    }
}
