import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@testable import Maillage

/// What the permission matrix compares before and after a refused request (issue 21).
enum TableFingerprint {
    /// The content of every table of every module, read from the schema: any write moves it. Sessions and login
    /// throttles record every request, refused or not, and the migrations table never moves: they are left out.
    static func of(_ app: Application) async throws -> [String: String] {
        let sql = try #require(app.db as? any SQLDatabase)
        let sqlite = sql.dialect.name == "sqlite"
        let tables =
            try await sql.raw(
                sqlite
                    ? "SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                    : "SELECT table_name::text AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            ).all().map { try $0.decode(column: "t", as: String.self) }
        var out: [String: String] = [:]
        for table in tables where !volatile.contains(table) {
            let all =
                try await sql.raw(
                    sqlite
                        ? "SELECT name AS c FROM pragma_table_info(\(bind: table))"
                        : "SELECT column_name::text AS c FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = \(bind: table)"
                ).all().map { try $0.decode(column: "c", as: String.self) }
            let columns = all.filter { !volatileColumns.contains("\(table).\($0)") }
            let select = columns.enumerated().map { i, c in "CAST(\"\(c)\" AS TEXT) AS c\(i)" }.joined(separator: ", ")
            let rows = try await sql.raw("SELECT \(unsafeRaw: select) FROM \(unsafeRaw: table)").all().map { row in
                try columns.indices.map { try row.decode(column: "c\($0)", as: String?.self) ?? "∅" }.joined(separator: "|")
            }
            out[table] = rows.sorted().joined(separator: "\n")
        }
        return out
    }

    static let volatile: Set<String> = ["_fluent_migrations", "user_sessions", "login_throttle"]
    /// Columns every request moves, refused or not (a token's last use).
    static let volatileColumns: Set<String> = ["api_tokens.last_used_at"]

    /// The tables whose content differs.
    static func changed(_ before: [String: String], _ after: [String: String]) -> [String] {
        Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
    }
}
