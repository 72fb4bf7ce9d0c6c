import Fluent
import Foundation
import Vapor

final class Booking: Model, @unchecked Sendable {
    static let schema = "bookings"
    @ID(key: .id) var id: UUID?
    @Parent(key: "resource_id") var resource: SharedResource
    /// The structure that asks.
    @Parent(key: "organization_id") var organization: Organization
    @OptionalParent(key: "requested_by") var requestedBy: User?
    @Field(key: "start_at") var start: Date
    @Field(key: "end_at") var end: Date
    /// `end` plus the resource's buffer: the half-open range [start, blockedUntil) the database keeps apart.
    @Field(key: "blocked_until") var blockedUntil: Date
    @Field(key: "quantity") var quantity: Double
    /// Copied from the resource's kind, so that the database's rule reads one row.
    @Field(key: "is_exclusive") var isExclusive: Bool
    /// The owner marked the resource out of service for this period.
    @Field(key: "is_outage") var isOutage: Bool
    @Field(key: "status") var status: String
    @Field(key: "purpose") var purpose: String
    /// Why it was refused or cancelled.
    @Field(key: "reason") var reason: String
    /// It takes its place in the calendar: accepted, or pending on a resource whose requests hold. The database's
    /// rules (no overlap, capacity, quota) read this column.
    @Field(key: "holds") var holds: Bool
    /// When the borrower picked it up (only asked where the owner releases what is not picked up).
    @OptionalField(key: "checked_in_at") var checkedInAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "decided_at") var decidedAt: Date?

    init() { (isOutage, holds) = (false, false) }

    var statusValue: BookingStatus { BookingStatus(rawValue: status) ?? .pending }
}
