import Fluent
import Foundation
import SQLKit

/// The owner's rules of use (issue 14): weekly opening hours, closed dates, a monthly quota per structure,
/// requests that hold their place while they wait, and release of what is not picked up.
///
/// A booking now "holds" its place (column `holds`) when accepted, or when pending on a resource whose owner chose
/// that requests hold: the database's rule against double booking reads that column instead of the status. Hours
/// booked per structure and month are counted in `quota_use`, whose `CHECK (hours <= quota)` refuses the booking
/// that would go over, as `resource_load` does for capacity.
struct AddResourceRules: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let resourceFields: [(String, DatabaseSchema.DataType, [DatabaseSchema.FieldConstraint])] = [
            ("open_days", .string, [.required, .sql(.default("1234567"))]),
            ("opens_at", .int, [.required, .sql(.default(0))]),
            ("closes_at", .int, [.required, .sql(.default(1440))]),
            ("quota_hours", .int, []),
            ("pending_holds", .bool, [.required, .sql(.default(false))]),
            ("checkin_minutes", .int, []),
        ]
        for (name, type, constraints) in resourceFields {
            try await db.schema(SharedResource.schema).field(.definition(name: .key(.string(name)), dataType: type, constraints: constraints)).update()
        }
        try await db.schema(Booking.schema).field("holds", .bool, .required, .sql(.default(false))).update()
        try await db.schema(Booking.schema).field("checked_in_at", .datetime).update()
        try await db.schema(ResourceClosure.schema)
            .id()
            .field("resource_id", .uuid, .required, .references(SharedResource.schema, .id, onDelete: .cascade))
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("label", .string, .required)
            .create()
        try await db.schema(StructureCalendar.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("token", .string, .required)
            .unique(on: "organization_id")
            .create()
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw(
            """
            CREATE TABLE quota_use (
                id UUID PRIMARY KEY,
                resource_id UUID NOT NULL REFERENCES shared_resources(id) ON DELETE CASCADE,
                organization_id UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                month TEXT NOT NULL,
                hours DOUBLE PRECISION NOT NULL CHECK (hours >= -0.000001),
                quota DOUBLE PRECISION NOT NULL,
                CONSTRAINT quota_use_within_quota CHECK (hours <= quota + 0.000001),
                UNIQUE (resource_id, organization_id, month)
            )
            """
        ).run()
        try await sql.raw("UPDATE bookings SET holds = (status = 'accepted')").run()
        if sql.dialect.name == "postgresql" {
            try await sql.raw("ALTER TABLE bookings DROP CONSTRAINT bookings_no_overlap").run()
            try await sql.raw(
                """
                ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (
                    resource_id WITH =, tstzrange(start_at, blocked_until, '[)') WITH &&
                ) WHERE (holds AND is_exclusive)
                """
            ).run()
        } else {
            for (name, event) in [("insert", "INSERT"), ("update", "UPDATE OF holds, start_at, blocked_until")] {
                try await sql.raw("DROP TRIGGER bookings_no_overlap_\(unsafeRaw: name)").run()
                try await sql.raw(
                    """
                    CREATE TRIGGER bookings_no_overlap_\(unsafeRaw: name) BEFORE \(unsafeRaw: event) ON bookings
                    WHEN NEW.holds AND NEW.is_exclusive
                    BEGIN
                        SELECT RAISE(ABORT, 'bookings_no_overlap') WHERE EXISTS (
                            SELECT 1 FROM bookings b WHERE b.resource_id = NEW.resource_id AND b.id <> NEW.id
                            AND b.holds AND b.is_exclusive
                            AND b.start_at < NEW.blocked_until AND NEW.start_at < b.blocked_until);
                    END
                    """
                ).run()
            }
        }
        // Hours already lent count toward the month's quota, so that releasing them later finds them.
        let lent = try await Booking.query(on: db).filter(\.$holds == true).filter(\.$isOutage == false).with(\.$resource).all()
        for b in lent where b.$organization.id != b.resource.$organization.id {
            try await BookingService.countQuota(b, of: b.resource, sign: 1, on: db)
        }
    }

    func revert(on db: any Database) async throws {
        if let sql = db as? any SQLDatabase { try await sql.raw("DROP TABLE IF EXISTS quota_use").run() }
        try await db.schema(StructureCalendar.schema).delete()
        try await db.schema(ResourceClosure.schema).delete()
    }
}
