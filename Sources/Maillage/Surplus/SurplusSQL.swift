import Fluent
import Foundation
import SQLKit

/// The conditional updates that keep the surplus invariants (a lot given once, a need never over-filled, a plan
/// accepted once): `UPDATE … WHERE <still true> RETURNING id`, on SQLite (3.35+) and PostgreSQL alike.
enum SurplusSQL {
    struct Row: Decodable { var id: UUID }

    static func returningIDs(_ db: any Database, _ query: SQLQueryString) async throws -> [UUID] {
        guard let sql = db as? any SQLDatabase else { return [] }
        return try await sql.raw(query).all(decoding: Row.self).map(\.id)
    }
}
