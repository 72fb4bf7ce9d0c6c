import Fluent
import Foundation

/// One structure told of a recall: what it gave or received, and when it said it acted.
final class RecallNotice: Model, @unchecked Sendable {
    static let schema = "recall_notices"
    @ID(key: .id) var id: UUID?
    // data
    /// "received" or "gave": one step forward, one step back.
    @Field(key: "role") var role: String
    @Field(key: "kg") var kg: Double
    @Field(key: "lots") var lots: String
    @OptionalField(key: "acknowledged_at") var acknowledgedAt: Date?
    @Field(key: "acknowledgement") var acknowledgement: String
    // relations
    @Parent(key: "recall_id") var recall: Recall
    @Parent(key: "organization_id") var organization: Organization
    @OptionalParent(key: "acknowledged_by") var acknowledgedBy: User?

    init() { acknowledgement = "" }
}
