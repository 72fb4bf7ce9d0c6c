import Fluent
import Foundation
import SQLKit
import Vapor

/// Holds the current directory index and rebuilds it when the structures change: at once after a write
/// made through this instance, and within a second after a write made by another instance (fingerprint probe).
actor DirectoryIndexStore {
    private struct Fingerprint: Equatable {
        var count: Int
        var newest: Double
    }

    private var index: DirectoryIndex?
    private var fingerprint: Fingerprint?
    private var lastProbe = ContinuousClock.now
    private var dirty = true
    private var loading: Task<(DirectoryIndex, Fingerprint), any Error>?
    private let probeInterval: Duration

    init(probeInterval: Duration = .seconds(1)) {
        self.probeInterval = probeInterval
    }

    func invalidate() { dirty = true }

    func current(on db: any Database) async throws -> DirectoryIndex {
        if let index, !dirty {
            guard ContinuousClock.now - lastProbe > probeInterval else { return index }
            lastProbe = ContinuousClock.now
            if try await Self.probe(db) == fingerprint { return index }
            dirty = true
        }
        if let loading { return try await loading.value.0 }
        dirty = false
        let task = Task { try await Self.load(db) }
        loading = task
        defer { loading = nil }
        do {
            let (fresh, print) = try await task.value
            index = fresh
            fingerprint = print
            lastProbe = ContinuousClock.now
            return fresh
        } catch {
            dirty = true
            throw error
        }
    }

    private static func probe(_ db: any Database) async throws -> Fingerprint {
        let count = try await Organization.query(on: db).count()
        let newest = try await Organization.query(on: db).max(\.$updatedAt)
        return Fingerprint(count: count, newest: newest?.timeIntervalSince1970 ?? 0)
    }

    private static func load(_ db: any Database) async throws -> (DirectoryIndex, Fingerprint) {
        let print = try await probe(db)
        let orgs = try await Organization.query(on: db).filter(\.$status == OrganizationStatus.validated.rawValue).all()
        return (DirectoryIndex(entries: orgs.compactMap(\.directoryEntry)), print)
    }
}

extension Organization {
    var directoryEntry: DirectoryEntry? {
        guard let id, let category = categoryValue else { return nil }
        return DirectoryEntry(
            id: id, name: name, category: category, summary: summary, services: services, address: address,
            postalCode: postalCode, commune: commune, departement: Organization.departement(insee: inseeCode, postalCode: postalCode),
            point: point, openingHours: openingHours, updatedAt: updatedAt)
    }

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
