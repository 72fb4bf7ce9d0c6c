import Fluent
import SQLKit

/// Fix forward of 037 (issue 21): refused and lost kilos, and the van's balance (what was delivered, refused and lost
/// stays within what was collected), were added to `CreateDelivery` after it had landed. PostgreSQL takes the CHECK
/// on the existing table; SQLite cannot add one, so two triggers refuse the same rows with a constraint error.
/// Skipped where the columns and the CHECK already came with the table.
struct AddDeliveryBalance: AsyncMigration {
    static let balance = "COALESCE(delivered_kg, 0) + refused_kg + lost_kg <= COALESCE(collected_kg, kg) + 0.05"

    func prepare(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        guard try await !SchemaProbe.hasColumn("refused_kg", in: Delivery.schema, on: sql) else { return }
        try await sql.raw("ALTER TABLE deliveries ADD COLUMN refused_kg DOUBLE PRECISION NOT NULL DEFAULT 0").run()
        try await sql.raw("ALTER TABLE deliveries ADD COLUMN lost_kg DOUBLE PRECISION NOT NULL DEFAULT 0").run()
        if sql.dialect.name == "sqlite" {
            for event in ["INSERT", "UPDATE"] {
                let row = Self.balance
                    .replacingOccurrences(of: "delivered_kg", with: "NEW.delivered_kg")
                    .replacingOccurrences(of: "refused_kg", with: "NEW.refused_kg")
                    .replacingOccurrences(of: "lost_kg", with: "NEW.lost_kg")
                    .replacingOccurrences(of: "collected_kg", with: "NEW.collected_kg")
                    .replacingOccurrences(of: ", kg)", with: ", NEW.kg)")
                try await sql.raw(
                    """
                    CREATE TRIGGER deliveries_balance_\(unsafeRaw: event.lowercased()) BEFORE \(unsafeRaw: event) ON deliveries
                    WHEN NOT (\(unsafeRaw: row))
                    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: deliveries_balance'); END
                    """
                ).run()
            }
        } else {
            try await sql.raw("ALTER TABLE deliveries ADD CONSTRAINT deliveries_balance CHECK (\(unsafeRaw: Self.balance))").run()
        }
    }

    func revert(on db: any Database) async throws {}
}
