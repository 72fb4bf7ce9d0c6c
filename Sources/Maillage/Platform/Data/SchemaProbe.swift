import SQLKit

/// What a table already has, for fix-forward migrations that must run on databases created before and after a
/// landed migration was (wrongly) edited. Both engines: SQLite's pragmas, PostgreSQL's catalog.
enum SchemaProbe {
    static func hasColumn(_ column: String, in table: String, on sql: any SQLDatabase) async throws -> Bool {
        if sql.dialect.name == "sqlite" {
            let rows = try await sql.raw("SELECT name FROM pragma_table_info(\(bind: table))").all()
            return try rows.contains { try $0.decode(column: "name", as: String.self) == column }
        }
        let rows = try await sql.raw(
            """
            SELECT 1 AS found FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = \(bind: table) AND column_name = \(bind: column)
            """
        ).all()
        return !rows.isEmpty
    }

    /// Whether a UNIQUE constraint or index covers exactly these columns, in this order.
    static func hasUniqueIndex(on table: String, columns: [String], on sql: any SQLDatabase) async throws -> Bool {
        if sql.dialect.name == "sqlite" {
            let indexes = try await sql.raw("SELECT name FROM pragma_index_list(\(bind: table)) WHERE \"unique\" = 1").all()
            for index in indexes {
                let name = try index.decode(column: "name", as: String.self)
                let cols = try await sql.raw("SELECT name FROM pragma_index_info(\(bind: name)) ORDER BY seqno").all()
                if try cols.map({ try $0.decode(column: "name", as: String.self) }) == columns { return true }
            }
            return false
        }
        let rows = try await sql.raw(
            """
            SELECT array_to_string(array_agg(a.attname ORDER BY k.ordinality), ',') AS cols
            FROM pg_index i
            JOIN pg_class t ON t.oid = i.indrelid
            JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ordinality) ON true
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
            WHERE t.relname = \(bind: table) AND i.indisunique AND t.relnamespace = current_schema()::regnamespace
            GROUP BY i.indexrelid
            """
        ).all()
        return try rows.contains { try $0.decode(column: "cols", as: String.self) == columns.joined(separator: ",") }
    }
}
