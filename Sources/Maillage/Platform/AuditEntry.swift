import Fluent
import Foundation

/// One line of the audit log: who changed what, when (DESIGN.md: audit log of every mutation).
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_entries"
    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @OptionalField(key: "user_id") var userID: UUID?
    @Field(key: "actor") var actor: String
    @Field(key: "action") var action: String
    @Field(key: "entity_type") var entityType: String
    @OptionalField(key: "entity_id") var entityID: UUID?
    @Field(key: "summary") var summary: String
    init() {}
}

enum Audit {
    /// Written on the same database handle as the change, so inside its transaction.
    static func record(on db: any Database, viewer: Viewer?, action: String, entityType: String, entityID: UUID?, summary: String) async throws {
        let entry = AuditEntry()
        entry.at = Date()
        entry.userID = viewer?.userID
        entry.actor = viewer.map { "\($0.name) <\($0.email)>" } ?? "système"
        entry.action = action
        entry.entityType = entityType
        entry.entityID = entityID
        entry.summary = String(summary.prefix(1000))
        try await entry.create(on: db)
    }
}
