import Fluent
import Foundation
import SQLKit
import Vapor

/// Holds the current directory index and rebuilds it when the structures change: at once after a write made
/// through this instance (a new generation), and after a write made by another instance, which a background
/// probe notices within about a second. Readers never wait for a probe; they wait for a rebuild only when their
/// own instance wrote since the index was built, and then share one rebuild.
final class DirectoryIndexStore: @unchecked Sendable {
    fileprivate struct Fingerprint: Equatable {
        var count: Int
        var newest: Double
    }

    private let lock = NSLock()
    private var index: DirectoryIndex?
    /// Bumped by every write; the index is current when it was built for the latest generation.
    private var generation = 1
    private var builtFor = 0
    private var fingerprint: Fingerprint?
    private var checkedAt = ContinuousClock.now
    private var probing = false
    private var loading: (generation: Int, task: Task<DirectoryIndex, any Error>)?
    private let probeInterval: Duration

    init(probeInterval: Duration = .seconds(1)) {
        self.probeInterval = probeInterval
    }

    func invalidate() {
        lock.withLock { generation += 1 }
    }

    func current(on db: any Database) async throws -> DirectoryIndex {
        enum Step {
            case ready(DirectoryIndex)
            case wait(Task<DirectoryIndex, any Error>)
        }
        let step: Step = lock.withLock {
            if let index, builtFor == generation {
                if !probing, ContinuousClock.now - checkedAt >= probeInterval {
                    probing = true
                    checkedAt = ContinuousClock.now
                    Task { await self.probe(db) }
                }
                return .ready(index)
            }
            if let loading, loading.generation == generation { return .wait(loading.task) }
            let target = generation
            let task = Task { try await self.rebuild(db, for: target) }
            loading = (target, task)
            return .wait(task)
        }
        switch step {
        case .ready(let index): return index
        case .wait(let task): return try await task.value
        }
    }

    private func rebuild(_ db: any Database, for target: Int) async throws -> DirectoryIndex {
        do {
            let (fresh, print) = try await Self.load(db)
            lock.withLock {
                if target >= builtFor {
                    index = fresh
                    builtFor = target
                    fingerprint = print
                    checkedAt = ContinuousClock.now
                }
                if loading?.generation == target { loading = nil }
            }
            return fresh
        } catch {
            lock.withLock { if loading?.generation == target { loading = nil } }
            throw error
        }
    }

    /// Another instance's write changes the count or the newest update: the next read rebuilds.
    private func probe(_ db: any Database) async {
        let print = try? await Self.probe(db)
        lock.withLock {
            probing = false
            if let print, let known = fingerprint, print != known { generation += 1 }
        }
    }

    private static func probe(_ db: any Database) async throws -> Fingerprint {
        let count = try await Organization.query(on: db).count()
        let newest = try await Organization.query(on: db).max(\.$updatedAt)
        // A fiche confirmed "toujours exacte" changes only this column.
        let confirmed = try await Organization.query(on: db).max(\.$confirmedAt)
        return Fingerprint(count: count, newest: max(newest?.timeIntervalSince1970 ?? 0, confirmed?.timeIntervalSince1970 ?? 0))
    }

    /// Only the columns the index needs, decoded without building Fluent models (100,000 rows in well under a second).
    private struct Row: Decodable {
        var id: UUID
        var name: String
        var category: String
        var description: String
        var services: String
        var address: String
        var postal_code: String
        var commune: String
        var insee_code: String?
        var latitude: Double
        var longitude: Double
        var opening_hours: String
        var updated_at: Date?
        var confirmed_at: Date?
    }

    private static func load(_ db: any Database) async throws -> (DirectoryIndex, Fingerprint) {
        let print = try await probe(db)
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "Base de données SQL attendue.") }
        let rows = try await sql.select()
            .columns(
                "id", "name", "category", "description", "services", "address", "postal_code", "commune", "insee_code",
                "latitude", "longitude", "opening_hours", "updated_at", "confirmed_at"
            )
            .from(Organization.schema)
            .where("status", .equal, OrganizationStatus.validated.rawValue)
            .all(decoding: Row.self)
        // What each structure's services say, for the service filters.
        struct OfferRow: Decodable { var organization_id: UUID; var themes: String; var publics: String; var fees: String? }
        var offers: [UUID: (themes: Set<String>, publics: Set<String>, free: Bool)] = [:]
        for o in try await sql.select().columns("organization_id", "themes", "publics", "fees").from(ServiceOffer.schema).all(decoding: OfferRow.self) {
            var current = offers[o.organization_id] ?? ([], [], false)
            current.themes.formUnion(o.themes.split(separator: ",").map(String.init))
            current.publics.formUnion(o.publics.split(separator: ",").map(String.init))
            current.free = current.free || o.fees == "gratuit"
            offers[o.organization_id] = current
        }
        let entries = rows.compactMap { r -> DirectoryEntry? in
            guard let category = Category(rawValue: r.category) else { return nil }
            var entry = DirectoryEntry(
                id: r.id, name: r.name, category: category, summary: r.description, services: r.services, address: r.address,
                postalCode: r.postal_code, commune: r.commune, departement: Organization.departement(insee: r.insee_code, postalCode: r.postal_code),
                point: GeoPoint(latitude: r.latitude, longitude: r.longitude), openingHours: r.opening_hours,
                updatedAt: [r.updated_at, r.confirmed_at].compactMap { $0 }.max())
            if let o = offers[r.id] {
                entry.serviceThemes = o.themes.sorted()
                entry.servicePublics = o.publics.sorted()
                entry.hasFreeService = o.free
            }
            return entry
        }
        return (DirectoryIndex(entries: entries), print)
    }
}

extension Organization {
    /// The département code from the INSEE code (Corsica 2A/2B, overseas 97x), else from the postal code.
    static func departement(insee: String?, postalCode: String) -> String {
        if let insee, insee.count == 5 {
            return insee.hasPrefix("97") ? String(insee.prefix(3)) : String(insee.prefix(2))
        }
        if postalCode.hasPrefix("97") { return String(postalCode.prefix(3)) }
        if postalCode.hasPrefix("20") { return (Int(postalCode) ?? 0) < 20200 ? "2A" : "2B" }
        return String(postalCode.prefix(2))
    }
}

extension Application {
    var directoryIndex: DirectoryIndexStore {
        storage[DirectoryIndexStoreKey.self] ?? DirectoryIndexStore()
    }
}

extension Request {
    var directoryIndex: DirectoryIndexStore { application.directoryIndex }
}
