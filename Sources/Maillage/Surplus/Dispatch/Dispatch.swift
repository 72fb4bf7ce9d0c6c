import Fluent
import Foundation

/// One run of the daily dispatch for a territory: queued, planned in the background, then accepted (once — the
/// database's conditional update) by one of its animators.
final class Dispatch: Model, @unchecked Sendable {
    static let schema = "dispatches"
    enum Status: String, Codable, Sendable {
        case queued, running, done, failed, accepted

        var label: String {
            switch self {
            case .queued: "En attente"
            case .running: "Calcul en cours"
            case .done: "Plan prêt"
            case .failed: "Échec"
            case .accepted: "Accepté"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    // data
    /// The day planned ("2026-12-04").
    @Field(key: "day") var day: String
    @Field(key: "seconds") var seconds: Double
    @Field(key: "status") var status: Status
    /// What the animator chose: `DispatchSelection` as JSON.
    @Field(key: "selection") var selection: String
    /// The plan (`DispatchPlan` as JSON) once done.
    @OptionalField(key: "plan") var plan: String?
    @OptionalField(key: "failure") var failure: String?
    // relations
    @Parent(key: "territory_id") var territory: Territory
    @OptionalParent(key: "created_by") var createdBy: User?
    @OptionalParent(key: "accepted_by") var acceptedBy: User?
    // timestamps
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "finished_at") var finishedAt: Date?
    @OptionalField(key: "accepted_at") var acceptedAt: Date?

    init() { (status, selection) = (.queued, "{}") }
}
