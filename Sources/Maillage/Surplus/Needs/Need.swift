import Fluent
import Foundation

/// What a recipient asks for, for a delivery window. `allocatedKg` never goes above `kg` (CHECK on both engines).
final class Need: Model, @unchecked Sendable {
    static let schema = "needs"
    enum Status: String, Codable, Sendable {
        case open, closed
        var label: String { self == .open ? "Ouvert" : "Clos" }
    }

    @ID(key: .id) var id: UUID?
    // data
    /// A `FoodCategory` slug, or `any`.
    @Field(key: "category") var category: String
    @Field(key: "kg") var kg: Double
    @Field(key: "delivery_from") var deliveryFrom: Date
    @Field(key: "delivery_to") var deliveryTo: Date
    @Field(key: "people_served") var peopleServed: Int
    @Field(key: "status") var status: Status
    @Field(key: "allocated_kg") var allocatedKg: Double
    @Field(key: "note") var note: String
    // relations
    @Parent(key: "organization_id") var organization: Organization
    @OptionalParent(key: "created_by") var createdBy: User?
    /// Set when this "need" is room in a shared cold room or store for the day (a hub): food no recipient can take
    /// today is kept there instead of being lost, then offered again from the hub.
    @OptionalParent(key: "hub_resource_id") var hub: SharedResource?
    // timestamps
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() { (status, allocatedKg, note) = (.open, 0, "") }

    var missingKg: Double { max(0, kg - allocatedKg) }
}
