import Fluent
import Foundation
import SQLKit
import Vapor

/// Holds the current directory index and rebuilds it when the structures change: at once after a write
/// made through this instance, and within a second after a write made by another instance (fingerprint probe).
/// Reading a fresh index takes a lock only; probing and rebuilding go through one actor, one at a time.
final class DirectoryIndexStore: @unchecked Sendable {
    fileprivate struct Fingerprint: Equatable {
        var count: Int
        var newest: Double
    }

    private struct Cache {
        var index: DirectoryIndex?
        var dirty = true
        var checkedAt = ContinuousClock.now
    }

    private let lock = NSLock()
    private var cache = Cache()
    private let probeInterval: Duration
    private let loader = Loader()

    init(probeInterval: Duration = .seconds(1)) {
        self.probeInterval = probeInterval
    }

    func invalidate() {
        lock.withLock { cache.dirty = true }
    }

    func current(on db: any Database) async throws -> DirectoryIndex {
        let fresh: DirectoryIndex? = lock.withLock {
            guard let index = cache.index, !cache.dirty, ContinuousClock.now - cache.checkedAt < probeInterval else { return nil }
            return index
        }
        if let fresh { return fresh }
        return try await loader.refresh(store: self, db: db)
    }

    fileprivate func snapshot() -> (index: DirectoryIndex?, dirty: Bool, fresh: Bool) {
        lock.withLock { (cache.index, cache.dirty, ContinuousClock.now - cache.checkedAt < probeInterval) }
    }

    fileprivate func markChecked() { lock.withLock { cache.checkedAt = ContinuousClock.now } }

    /// Installs a loaded index; a write that happened during the load left `dirty` set, so the next read reloads.
    fileprivate func install(_ index: DirectoryIndex) {
        lock.withLock {
            cache.index = index
            cache.checkedAt = ContinuousClock.now
        }
    }

    fileprivate func clearDirty() { lock.withLock { cache.dirty = false } }

    fileprivate func markDirty() { lock.withLock { cache.dirty = true } }

    private actor Loader {
        private var fingerprint: Fingerprint?

        func refresh(store: DirectoryIndexStore, db: any Database) async throws -> DirectoryIndex {
            // Another caller may have refreshed while this one waited for the actor.
            let state = store.snapshot()
            if let index = state.index, !state.dirty, state.fresh { return index }
            if let index = state.index, !state.dirty {
                let print = try await DirectoryIndexStore.probe(db)
                if print == fingerprint {
                    store.markChecked()
                    return index
                }
            }
            store.clearDirty()
            do {
                let (index, print) = try await DirectoryIndexStore.load(db)
                fingerprint = print
                store.install(index)
                return index
            } catch {
                store.markDirty()
                throw error
            }
        }
    }

    fileprivate static func probe(_ db: any Database) async throws -> Fingerprint {
        let count = try await Organization.query(on: db).count()
        let newest = try await Organization.query(on: db).max(\.$updatedAt)
        return Fingerprint(count: count, newest: newest?.timeIntervalSince1970 ?? 0)
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
    }

    fileprivate static func load(_ db: any Database) async throws -> (DirectoryIndex, Fingerprint) {
        let print = try await probe(db)
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "Base de données SQL attendue.") }
        let rows = try await sql.select()
            .columns("id", "name", "category", "description", "services", "address", "postal_code", "commune", "insee_code",
                     "latitude", "longitude", "opening_hours", "updated_at")
            .from(Organization.schema)
            .where("status", .equal, OrganizationStatus.validated.rawValue)
            .all(decoding: Row.self)
        let entries = rows.compactMap { r -> DirectoryEntry? in
            guard let category = Category(rawValue: r.category) else { return nil }
            return DirectoryEntry(
                id: r.id, name: r.name, category: category, summary: r.description, services: r.services, address: r.address,
                postalCode: r.postal_code, commune: r.commune, departement: Organization.departement(insee: r.insee_code, postalCode: r.postal_code),
                point: GeoPoint(latitude: r.latitude, longitude: r.longitude), openingHours: r.opening_hours, updatedAt: r.updated_at)
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
