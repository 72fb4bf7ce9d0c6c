import Fluent
import Foundation

/// Food of one lot going to one need in an accepted dispatch, and what became of it on the road.
final class Delivery: Model, @unchecked Sendable {
    static let schema = "deliveries"
    enum Status: String, Codable, Sendable, CaseIterable {
        case planned, collected, delivered, refused, lost

        var label: String {
            switch self {
            case .planned: "Prévu"
            case .collected: "Collecté"
            case .delivered: "Livré"
            case .refused: "Refusé"
            case .lost: "Perdu"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    // data
    @Field(key: "kg") var kg: Double
    /// The tour carrying it (index in the plan), nil when the recipient collects it.
    @OptionalField(key: "tour") var tour: Int?
    @Field(key: "status") var status: Status
    @OptionalField(key: "collected_kg") var collectedKg: Double?
    @OptionalField(key: "delivered_kg") var deliveredKg: Double?
    /// Refused by the recipient at the door (no room, quality, too late), with `note` saying why.
    @Field(key: "refused_kg") var refusedKg: Double
    @Field(key: "lost_kg") var lostKg: Double
    @OptionalField(key: "temperature_c") var temperatureC: Double?
    @Field(key: "note") var note: String
    // relations
    @Parent(key: "dispatch_id") var dispatch: Dispatch
    @Parent(key: "lot_id") var lot: Lot
    @Parent(key: "need_id") var need: Need
    // timestamps
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() { (status, note, refusedKg, lostKg) = (.planned, "", 0, 0) }
}
