import Fluent
import Foundation

/// A volunteer signed up for a gleaning day, and whether they came.
final class GleaningSignup: Model, @unchecked Sendable {
    static let schema = "gleaning_signups"
    enum Status: String, Codable, Sendable {
        case registered, present, absent
        var label: String {
            switch self {
            case .registered: "Inscrit·e"
            case .present: "Présent·e"
            case .absent: "Absent·e"
            }
        }
    }
    @ID(key: .id) var id: UUID?
    // data
    @Field(key: "status") var status: Status
    // relations
    @Parent(key: "day_id") var day: GleaningDay
    @Parent(key: "user_id") var user: User
    @OptionalParent(key: "organization_id") var organization: Organization?
    // timestamps
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() { status = .registered }
}
