import Fluent
import Foundation
import Vapor

/// Who a record belongs to, as far as access goes: the structures that own it, the structures party to it (a
/// booking's borrower beside the lender, the recipients of a lot), and the territories whose animators moderate it.
struct RecordParties: Sendable, Equatable {
    var owners: Set<UUID>
    var parties: Set<UUID> = []
    var territories: Set<UUID> = []
}

/// The level a record group asks of the person, relative to the record of the path.
enum RecordLevel: String, Sendable, CaseIterable {
    /// A member of an owning structure, or an animator of one of the record's territories.
    case member
    /// A member of an owning structure or of a party to it, or an animator of its territories.
    case party
    /// An animator of one of the record's territories (the person must be an animator at all, first).
    case animator
    /// Whoever `RecordScope.reads` lets in beyond the parties; everyone else is told the record does not exist.
    case reader
}

/// A record that decides who may act on the routes under it (issue 21): a lot, a dispatch, a booking. The route
/// table names the scope and the level (`routes.member(of: LotScope.self)`); the guard loads the record once, before
/// the body is read, answers 401 / 404 / 403 in French, and hands the record to the handler (`req.record(LotScope.self)`).
/// A scope is its own access rule: a rule narrower than its record's owners (only the recipients of a lot report a
/// defect) is a scope of its own over the same record, not an `if` in a handler.
protocol RecordScope {
    associatedtype Record: Sendable
    /// What the person reads when the record is missing, or hidden from them.
    static var notFound: String { get }
    /// What the person reads when they see the record but may not do this.
    static func forbidden(_ record: Record) -> String
    /// The record named by the request's path; nil when it does not exist (the path's `:id` by default).
    static func load(_ req: Request) async throws -> Record?
    static func parties(of record: Record, on db: any Database) async throws -> RecordParties
    /// Readers beyond the parties (level `.reader`): the structures a lot went to, those a recall concerns.
    static func reads(_ record: Record, _ parties: RecordParties, _ viewer: Viewer, on db: any Database) async throws -> Bool
}

extension RecordScope {
    static func reads(_ record: Record, _ parties: RecordParties, _ viewer: Viewer, on db: any Database) async throws -> Bool { false }

    /// The path's `:id` as a UUID; nil for anything else (the guard then answers 404).
    static func id(_ req: Request, _ name: String = "id") -> UUID? { req.parameters.get(name).flatMap(UUID.init(uuidString:)) }
}

extension Permissions {
    /// The one rule of the record groups; the scope decides who its owners, parties and territories are.
    static func allows(_ level: RecordLevel, _ record: RecordParties, _ viewer: Viewer) -> Bool {
        if viewer.isAdmin { return true }
        let animates = !record.territories.isDisjoint(with: viewer.animatedTerritoryIDs)
        let owns = record.owners.contains { viewer.memberships[$0] != nil }
        let isParty = record.parties.contains { viewer.memberships[$0] != nil }
        switch level {
        case .animator: return animates
        case .member: return owns || animates
        case .party, .reader: return owns || isParty || animates
        }
    }
}

/// Loads the scope's record from the path, checks the level, keeps the record for the handler.
struct RecordGuard<Scope: RecordScope>: AsyncMiddleware {
    let level: RecordLevel

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let viewer = level == .animator ? try req.requireAnimator() : try req.requireViewer()
        guard let record = try await Scope.load(req) else { throw Abort(.notFound, reason: Scope.notFound) }
        let parties = try await Scope.parties(of: record, on: req.db)
        if !Permissions.allows(level, parties, viewer) {
            guard level == .reader else { throw Abort(.forbidden, reason: Scope.forbidden(record)) }
            guard try await Scope.reads(record, parties, viewer, on: req.db) else { throw Abort(.notFound, reason: Scope.notFound) }
        }
        req.storage[RecordKey<Scope>.self] = Loaded(record: record, parties: parties)
        return try await next.respond(to: req)
    }
}

private struct Loaded<Scope: RecordScope>: Sendable {
    let record: Scope.Record
    let parties: RecordParties
}

private struct RecordKey<Scope: RecordScope>: StorageKey { typealias Value = Loaded<Scope> }

extension Request {
    /// The record of the path, loaded by the group's `RecordGuard`.
    func record<Scope: RecordScope>(_ scope: Scope.Type) throws -> Scope.Record {
        guard let loaded = storage[RecordKey<Scope>.self] else {
            throw Abort(.internalServerError, reason: "Enregistrement non chargé : cette route doit être dans le groupe de \(Scope.self).")
        }
        return loaded.record
    }

    /// Who the record of the path belongs to, as its guard read it.
    func parties<Scope: RecordScope>(of scope: Scope.Type) throws -> RecordParties {
        guard let loaded = storage[RecordKey<Scope>.self] else {
            throw Abort(.internalServerError, reason: "Enregistrement non chargé : cette route doit être dans le groupe de \(Scope.self).")
        }
        return loaded.parties
    }
}
