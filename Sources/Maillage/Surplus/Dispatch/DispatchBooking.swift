import Fluent
import Foundation

/// A van or a hub room an accepted dispatch booked, or asked its owner for (issue 21): the owner's decision holds.
/// `tour` is the plan's tour for a van, nil for a hub room.
final class DispatchBooking: Model, @unchecked Sendable {
    static let schema = "dispatch_bookings"
    enum Status: String, Codable, Sendable {
        case accepted, pending, refused, cancelled

        var label: String {
            switch self {
            case .accepted: "Réservé"
            case .pending: "En attente de réponse"
            case .refused: "Refusé"
            case .cancelled: "Annulé"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    // data
    @Field(key: "booking_id") var bookingID: UUID
    @Field(key: "resource_id") var resourceID: UUID
    @Field(key: "owner_id") var ownerID: UUID
    @Field(key: "owner_name") var ownerName: String
    @OptionalField(key: "tour") var tour: Int?
    @Field(key: "status") var status: Status
    @Field(key: "reason") var reason: String
    /// When the territory's animators were told of a refusal.
    @OptionalField(key: "notified_at") var notifiedAt: Date?
    // relations
    @Parent(key: "dispatch_id") var dispatch: Dispatch
    // timestamps
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() { reason = "" }

    init(dispatch: UUID, tour: Int?, _ r: SharingFace.Reservation) {
        $dispatch.id = dispatch
        (bookingID, resourceID, ownerID, ownerName, self.tour) = (r.bookingID, r.resourceID, r.owner, r.ownerName, tour)
        (status, reason) = (r.pending ? .pending : .accepted, "")
    }

    /// What the plan page says of it: "en attente de la Banque alimentaire", "refusé par … : motif".
    var sentence: String {
        switch status {
        case .accepted: "réservé auprès de \(ownerName)"
        case .pending: "en attente de \(ownerName)"
        case .refused: "refusé par \(ownerName)" + (reason.isEmpty ? "" : " : \(reason)")
        case .cancelled: "annulé par \(ownerName)" + (reason.isEmpty ? "" : " : \(reason)")
        }
    }
}
