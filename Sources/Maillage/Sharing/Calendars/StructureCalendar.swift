import Fluent
import Foundation
import Vapor

/// The secret address of a structure's calendar: the bookings of its resources and the bookings it holds elsewhere.
final class StructureCalendar: Model, @unchecked Sendable {
    static let schema = "structure_calendars"
    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "token") var token: String
    init() {}
}
