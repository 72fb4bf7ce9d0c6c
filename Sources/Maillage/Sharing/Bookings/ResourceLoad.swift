import Fluent
import Foundation
import Vapor

/// How much of a shared-capacity resource is booked, hour by hour: the database refuses a row over capacity
/// (`CHECK (used <= capacity)`), so two requests racing for the last pallet places cannot both win.
final class ResourceLoad: Model, @unchecked Sendable {
    static let schema = "resource_load"
    @ID(key: .id) var id: UUID?
    @Parent(key: "resource_id") var resource: SharedResource
    @Field(key: "slot_start") var slotStart: Date
    @Field(key: "used") var used: Double
    @Field(key: "capacity") var capacity: Double
    init() {}
}
