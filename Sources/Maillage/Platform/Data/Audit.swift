import Fluent
import Foundation

/// One line of the audit log: who changed what, when (DESIGN.md: audit log of every mutation).
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_entries"
    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @OptionalField(key: "user_id") var userID: UUID?
    /// The actor's name (or "système"); their address is kept apart, for administrators.
    @Field(key: "actor") var actor: String
    @OptionalField(key: "actor_email") var actorEmail: String?
    /// `AuditAction.code`.
    @Field(key: "action") var action: String
    @Field(key: "entity_type") var entityType: String
    @OptionalField(key: "entity_id") var entityID: UUID?
    /// The territory the change belongs to: animators read the lines of their territories only.
    @OptionalField(key: "territory_id") var territoryID: UUID?
    @Field(key: "summary") var summary: String
    init() {}
}

/// What kind of change a journal line records: a stable code (stored) and the French label the journal shows.
/// Each module declares its own (`MaillageModule.auditActions`).
struct AuditAction: Sendable, Hashable {
    let code: String
    let label: String

    init(_ code: String, _ label: String) {
        self.code = code
        self.label = label
    }

    /// The label of a stored code, from every module's declarations.
    static func label(of code: String) -> String {
        Modules.auditActions.first { $0.code == code }?.label ?? code
    }
}

/// What a journal line is about.
enum AuditSubject: Sendable {
    case structure(UUID?), territory(UUID?), account(UUID?), token(UUID?), job(UUID?), none

    var type: String {
        switch self {
        case .structure: "structure"
        case .territory: "territoire"
        case .account: "compte"
        case .token: "jeton"
        case .job: "import"
        case .none: "aucun"
        }
    }

    var id: UUID? {
        switch self {
        case .structure(let id), .territory(let id), .account(let id), .token(let id), .job(let id): id
        case .none: nil
        }
    }
}

enum Audit {
    /// Written on the same database handle as the change, so inside its transaction.
    /// `visitor`: who acted without an account (the contact form), shown instead of "système".
    static func record(
        on db: any Database, viewer: Viewer?, action: AuditAction, about subject: AuditSubject, territory: UUID? = nil,
        summary: String, visitor: String? = nil, at: Date = Date()
    ) async throws {
        let entry = AuditEntry()
        entry.at = at
        entry.userID = viewer?.userID
        entry.actor = viewer?.name ?? visitor.map { String($0.prefix(120)) } ?? "système"
        entry.actorEmail = viewer?.email
        entry.action = action.code
        entry.entityType = subject.type
        entry.entityID = subject.id
        entry.territoryID = territory
        entry.summary = String(summary.prefix(1000))
        try await entry.create(on: db)
    }
}

extension Database {
    /// A change and its journal line in one transaction (serialized on SQLite): both land, or neither.
    func audited<T: Sendable>(
        _ action: AuditAction, about subject: AuditSubject, territory: UUID? = nil, by viewer: Viewer?, summary: String,
        visitor: String? = nil, _ body: @Sendable @escaping (any Database) async throws -> T
    ) async throws -> T {
        try await writeTransaction { tx in
            let result = try await body(tx)
            try await Audit.record(on: tx, viewer: viewer, action: action, about: subject, territory: territory, summary: summary, visitor: visitor)
            return result
        }
    }
}
