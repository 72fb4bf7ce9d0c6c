import Fluent
import Foundation

/// Background work (imports now; dispatch runs and alert fan-out later): a row that one worker claims,
/// so that a request never waits for a long task and progress survives a page reload.
final class Job: Model, @unchecked Sendable {
    static let schema = "jobs"

    enum Status: String, Codable, Sendable {
        case queued, running, done, failed

        var label: String {
            switch self {
            case .queued: "En attente"
            case .running: "En cours"
            case .done: "Terminé"
            case .failed: "Échec"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    // data
    @Field(key: "kind") var kind: String
    /// JSON arguments of the job (for an import: files and territory).
    @Field(key: "arguments") var arguments: String
    @Field(key: "status") var status: String
    /// The instance that holds the job's files; only it claims the job.
    @Field(key: "host") var host: String
    @Field(key: "progress_done") var progressDone: Int
    @Field(key: "progress_total") var progressTotal: Int
    @Field(key: "progress_label") var progressLabel: String
    /// JSON result (for an import: counts and rejected records), or the failure's message.
    @OptionalField(key: "result") var result: String?
    // relations
    @OptionalParent(key: "user_id") var user: User?
    // timestamps
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "started_at") var startedAt: Date?
    @OptionalField(key: "finished_at") var finishedAt: Date?

    init() {}

    var statusValue: Status { Status(rawValue: status) ?? .failed }
}
