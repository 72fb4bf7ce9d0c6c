import Fluent
import Foundation

/// "J'ai trop de dons": a lot offered at once to a few recipients; the first to accept takes it (a partial unique
/// index allows one accepted offer per lot, on both engines), the others are told it is gone.
final class UrgentOffer: Model, @unchecked Sendable {
    static let schema = "urgent_offers"
    enum Status: String, Codable, Sendable {
        case open, accepted, gone, declined

        var label: String {
            switch self {
            case .open: "Proposé"
            case .accepted: "Accepté"
            case .gone: "Parti ailleurs"
            case .declined: "Décliné"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    // data
    @Field(key: "kg") var kg: Double
    @Field(key: "km") var km: Double
    @Field(key: "status") var status: Status
    // relations
    @Parent(key: "lot_id") var lot: Lot
    @Parent(key: "need_id") var need: Need
    @Parent(key: "organization_id") var organization: Organization
    @OptionalParent(key: "answered_by") var answeredBy: User?
    // timestamps
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "answered_at") var answeredAt: Date?

    init() { status = .open }
}
