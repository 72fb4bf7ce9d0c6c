import Fluent
import Foundation
import Vapor

final class SharedResource: Model, @unchecked Sendable {
    static let schema = "shared_resources"
    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "kind") var kind: String
    @Field(key: "name") var name: String
    @Field(key: "description") var summary: String
    @Field(key: "capacity") var capacity: Double
    @Field(key: "unit") var unit: String
    @Field(key: "refrigerated") var refrigerated: Bool
    /// Cleaning or loading time after each booking of an exclusive resource, during which it stays taken.
    @Field(key: "buffer_minutes") var bufferMinutes: Int
    /// Requests wait for the owner's answer; otherwise what fits is accepted at once.
    @Field(key: "needs_approval") var needsApproval: Bool
    /// The secret in the address of its iCal feed.
    @OptionalField(key: "calendar_token") var calendarToken: String?
    /// Weekly opening: the days (1 = Monday … 7 = Sunday) and the minutes of the day it opens and closes; a booking
    /// starts and ends within them (pick-up and return need someone there).
    @Field(key: "open_days") var openDays: String
    @Field(key: "opens_at") var opensAt: Int
    @Field(key: "closes_at") var closesAt: Int
    /// Fair use: the hours a month one borrowing structure may hold; nil for no limit.
    @OptionalField(key: "quota_hours") var quotaHours: Int?
    /// Pending requests hold their place (first come, first served) instead of waiting unchecked.
    @Field(key: "pending_holds") var pendingHolds: Bool
    /// An accepted booking not picked up within this many minutes of its start is released; nil to keep it.
    @OptionalField(key: "checkin_minutes") var checkinMinutes: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {
        (openDays, opensAt, closesAt, pendingHolds) = ("1234567", 0, 1440, false)
    }

    var kindValue: ResourceKind { ResourceKind(rawValue: kind) ?? .room }

    var opening: PickupHours {
        PickupHours(days: Set(openDays.compactMap { $0.wholeNumberValue }.filter { (1...7).contains($0) }), opens: opensAt, closes: closesAt)
    }
}
