import Fluent
import SQLKit

/// Shared resources and their bookings (issue 14). No double booking is the database's rule, not only the app's:
/// on PostgreSQL an exclusion constraint keeps the accepted bookings of an exclusive resource apart (buffer
/// included, half-open ranges so back-to-back is allowed); on SQLite triggers do the same check inside the write.
/// Shared capacity is counted hour by hour in `resource_load`, whose `CHECK (used <= capacity)` refuses the
/// booking that would go over, on both engines.
struct CreateSharedResources: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(SharedResource.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("capacity", .double, .required)
            .field("unit", .string, .required)
            .field("refrigerated", .bool, .required)
            .field("buffer_minutes", .int, .required)
            .field("needs_approval", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await db.schema(Booking.schema)
            .id()
            .field("resource_id", .uuid, .required, .references(SharedResource.schema, .id, onDelete: .cascade))
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("requested_by", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("start_at", .datetime, .required)
            .field("end_at", .datetime, .required)
            .field("blocked_until", .datetime, .required)
            .field("quantity", .double, .required)
            .field("is_exclusive", .bool, .required)
            .field("status", .string, .required)
            .field("purpose", .string, .required)
            .field("reason", .string, .required)
            .field("created_at", .datetime)
            .field("decided_at", .datetime)
            .create()
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw(
            """
            CREATE TABLE resource_load (
                id UUID PRIMARY KEY,
                resource_id UUID NOT NULL REFERENCES shared_resources(id) ON DELETE CASCADE,
                slot_start \(unsafeRaw: sql.dialect.name == "postgresql" ? "TIMESTAMPTZ" : "REAL") NOT NULL,
                used DOUBLE PRECISION NOT NULL CHECK (used >= 0),
                capacity DOUBLE PRECISION NOT NULL,
                CONSTRAINT resource_load_within_capacity CHECK (used <= capacity + 0.000001),
                UNIQUE (resource_id, slot_start)
            )
            """
        ).run()
        try await sql.raw("CREATE INDEX bookings_resource_range ON bookings (resource_id, start_at)").run()
        if sql.dialect.name == "postgresql" {
            try await sql.raw("CREATE EXTENSION IF NOT EXISTS btree_gist").run()
            try await sql.raw(
                """
                ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (
                    resource_id WITH =, tstzrange(start_at, blocked_until, '[)') WITH &&
                ) WHERE (status = 'accepted' AND is_exclusive)
                """
            ).run()
        } else {
            for (name, event) in [("insert", "INSERT"), ("update", "UPDATE OF status, start_at, blocked_until")] {
                try await sql.raw(
                    """
                    CREATE TRIGGER bookings_no_overlap_\(unsafeRaw: name) BEFORE \(unsafeRaw: event) ON bookings
                    WHEN NEW.status = 'accepted' AND NEW.is_exclusive
                    BEGIN
                        SELECT RAISE(ABORT, 'bookings_no_overlap') WHERE EXISTS (
                            SELECT 1 FROM bookings b WHERE b.resource_id = NEW.resource_id AND b.id <> NEW.id
                            AND b.status = 'accepted' AND b.is_exclusive
                            AND b.start_at < NEW.blocked_until AND NEW.start_at < b.blocked_until);
                    END
                    """
                ).run()
            }
        }
    }

    func revert(on db: any Database) async throws {
        if let sql = db as? any SQLDatabase { try await sql.raw("DROP TABLE IF EXISTS resource_load").run() }
        try await db.schema(Booking.schema).delete()
        try await db.schema(SharedResource.schema).delete()
    }
}
