import Fluent
import Foundation
import Vapor

/// A planned closure (holidays, inventory): no booking may touch it. Unlike a breakdown, it is known ahead, so
/// requests are refused with the reason rather than cancelled.
final class ResourceClosure: Model, @unchecked Sendable {
    static let schema = "resource_closures"
    @ID(key: .id) var id: UUID?
    @Parent(key: "resource_id") var resource: SharedResource
    /// Paris midnight of the first closed day, and of the day after the last.
    @Field(key: "starts_at") var start: Date
    @Field(key: "ends_at") var end: Date
    @Field(key: "label") var label: String
    init() {}
}
