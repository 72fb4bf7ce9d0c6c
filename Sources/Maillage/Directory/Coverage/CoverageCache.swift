import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// What a territory's coverage page, CSV and API need, computed once per change (issue 11, finding 15: at
/// 10,000 structures each view cost 2–4 s, so 20 anonymous clients saturated the server).
///
/// Each read asks the database for a stamp of what the coverage depends on (a few indexed aggregates); the
/// coverage is recomputed only when the stamp moved, by one request while the others wait for it. The stamp
/// comes from the database, so a change made through another instance is seen too.
final class CoverageCache: @unchecked Sendable {
    /// A structure as the coverage needs it: no Fluent model, read in one query.
    struct Structure: Sendable {
        var id: UUID
        var name: String
        var category: Category
        var commune: String
        var inseeCode: String?
        var point: GeoPoint
    }

    struct Snapshot: Sendable {
        var territory: Territory
        var structures: [Structure]
        var links: [Cooperation.Link]
        var coverage: Coverage
        /// Structures per commune, for the map at scale.
        var byCommune: [String: [UUID]]
    }

    private struct Entry {
        var stamp: String
        var checkedAt: ContinuousClock.Instant
        var generation: UInt64
        var task: Task<Snapshot, any Error>
        /// Maps drawn for this snapshot, by panel line ("" for all): the same for every visitor until a change.
        var maps: [String: TrustedMarkup] = [:]
    }

    private let lock = NIOLock()
    private var entries: [String: Entry] = [:]
    /// A stamp read less than this long ago is trusted: a change made through another instance shows within it.
    private let recheck: Duration

    init(recheck: Duration = .milliseconds(500)) { self.recheck = recheck }

    func snapshot(code: String, on db: any Database) async throws -> Snapshot {
        let recent: Task<Snapshot, any Error>? = lock.withLock {
            guard let entry = entries[code], entry.generation == WriteGeneration.current,
                ContinuousClock.now - entry.checkedAt < recheck
            else { return nil }
            return entry.task
        }
        if let recent { return try await recent.value }
        let (territory, territoryID) = try await Territory.require(code: code, on: db)
        let generation = WriteGeneration.current
        let stamp = try await Self.stamp(territoryID: territoryID, on: db)
        let task: Task<Snapshot, any Error> = lock.withLock {
            if var entry = entries[code], entry.stamp == stamp {
                entry.checkedAt = ContinuousClock.now
                entry.generation = generation
                entries[code] = entry
                return entry.task
            }
            let task = Task { try await Self.load(territory: territory, territoryID: territoryID, on: db) }
            entries[code] = Entry(stamp: stamp, checkedAt: ContinuousClock.now, generation: generation, task: task)
            return task
        }
        do {
            return try await task.value
        } catch {
            // A failed computation is not kept: the next request tries again.
            lock.withLock { if entries[code]?.stamp == stamp { entries[code] = nil } }
            throw error
        }
    }

    /// The map of `line` ("" for every structure) for the current snapshot of `code`, drawn once.
    func map(code: String, line: String, draw: () -> TrustedMarkup) -> TrustedMarkup {
        if let cached = lock.withLock({ entries[code]?.maps[line] }) { return cached }
        let drawn = draw()
        lock.withLock { entries[code]?.maps[line] = drawn }
        return drawn
    }

    /// Everything the coverage of a territory depends on, in one row.
    static func stamp(territoryID: UUID, on db: any Database) async throws -> String {
        guard let sql = db as? any SQLDatabase else { return UUID().uuidString }
        // Each part read as text, the same way on SQLite and PostgreSQL.
        let row = try await sql.raw(
            """
            SELECT CAST((SELECT COUNT(*) FROM organization_territories WHERE territory_id = \(bind: territoryID)) AS TEXT) AS links,
                   CAST((SELECT MAX(updated_at) FROM organizations) AS TEXT) AS organizations,
                   CAST((SELECT COUNT(*) FROM partnerships WHERE confirmed_at IS NOT NULL) AS TEXT) AS partnerships,
                   CAST((SELECT MAX(confirmed_at) FROM partnerships) AS TEXT) AS confirmed,
                   CAST((SELECT COUNT(*) FROM organization_sources) AS TEXT) AS sources,
                   CAST((SELECT MAX(updated_at) FROM panel_expectations WHERE territory_id = \(bind: territoryID)) AS TEXT) AS expectations,
                   CAST((SELECT COUNT(*) FROM panel_expectations WHERE territory_id = \(bind: territoryID)) AS TEXT) AS expectation_count
            """
        ).first()
        guard let row else { return "" }
        return try ["links", "organizations", "partnerships", "confirmed", "sources", "expectations", "expectation_count"]
            .map { try row.decode(column: $0, as: String?.self) ?? "-" }.joined(separator: "|")
    }

    private static func load(territory: Territory, territoryID: UUID, on db: any Database) async throws -> Snapshot {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let rows = try await sql.raw(
            """
            SELECT o.id, o.name, o.category, o.commune, o.insee_code, o.latitude, o.longitude
            FROM organizations o JOIN organization_territories ot ON ot.organization_id = o.id
            WHERE ot.territory_id = \(bind: territoryID) AND o.status = \(bind: OrganizationStatus.validated.rawValue)
            """
        ).all()
        var structures: [Structure] = []
        structures.reserveCapacity(rows.count)
        for row in rows {
            guard let category = Category(rawValue: try row.decode(column: "category", as: String.self)) else { continue }
            structures.append(
                Structure(
                    id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self), category: category,
                    commune: try row.decode(column: "commune", as: String.self), inseeCode: try row.decode(column: "insee_code", as: String?.self),
                    point: GeoPoint(
                        latitude: try row.decode(column: "latitude", as: Double.self), longitude: try row.decode(column: "longitude", as: Double.self))))
        }
        // Networks matter for institutions only (which kind of institution an imported one is).
        var networks: [UUID: [String]] = [:]
        let institutions = structures.filter { $0.category == .institution }.map(\.id)
        for chunk in institutions.chunked(into: 500) {
            for source in try await OrganizationSource.query(on: db).filter(\.$organization.$id ~~ Array(chunk)).all() {
                networks[source.$organization.id, default: []] += source.provenanceValue?.networks ?? []
            }
        }
        let present = structures.map(\.id)
        let presentSet = Set(present)
        // Partners outside the territory still count as cooperation, but the graph shows this territory only.
        let links = Cooperation.links(try await Cooperation.edges(touching: present, on: db))
            .filter { presentSet.contains($0.a) && presentSet.contains($0.b) }
        var expected: [String: Int] = [:]
        for e in try await PanelExpectation.query(on: db).filter(\.$territory.$id == territoryID).all() { expected[e.rowKey] = e.expected }
        let engaged = Set(links.flatMap { [$0.a, $0.b] })
        let coverage = Coverage.compute(
            structures: structures.map { s in
                Coverage.Structure(
                    member: .init(id: s.id, name: s.name, commune: s.commune, inseeCode: s.inseeCode, point: s.point, engaged: engaged.contains(s.id)),
                    category: s.category,
                    institution: s.category == .institution ? InstitutionKind.classify(name: s.name, networks: networks[s.id] ?? []) : nil)
            }, expected: expected)
        return Snapshot(
            territory: territory, structures: structures, links: links, coverage: coverage,
            byCommune: Dictionary(grouping: structures, by: { $0.inseeCode ?? $0.commune }).mapValues { $0.map(\.id) })
    }
}

struct CoverageCacheKey: StorageKey { typealias Value = CoverageCache }

extension Request {
    /// Set up by `configure`; a fresh one (no caching) should it be missing.
    var coverageCache: CoverageCache { application.storage[CoverageCacheKey.self] ?? CoverageCache() }
}
