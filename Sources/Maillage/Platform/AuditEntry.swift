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
    /// The territory the change belongs to: animators read the lines of their territories only.
    @OptionalField(key: "territory_id") var territoryID: UUID?
    @Field(key: "action") var action: String
    @Field(key: "entity_type") var entityType: String
    @OptionalField(key: "entity_id") var entityID: UUID?
    @Field(key: "summary") var summary: String
    init() {}
}

enum Audit {
    /// Written on the same database handle as the change, so inside its transaction.
    static func record(on db: any Database, viewer: Viewer?, action: String, entityType: String, entityID: UUID?, territory: UUID? = nil,
                       summary: String) async throws {
        let entry = AuditEntry()
        entry.at = Date()
        entry.userID = viewer?.userID
        entry.actor = viewer?.name ?? "système"
        entry.actorEmail = viewer?.email
        entry.territoryID = territory
        entry.action = action
        entry.entityType = entityType
        entry.entityID = entityID
        entry.summary = String(summary.prefix(1000))
        try await entry.create(on: db)
    }
}
