import Fluent
import Foundation
import Vapor

/// What a structure lends (DESIGN.md §3): a cold room, a van, a kitchen… Exclusive kinds are booked one at a time
/// (a van); shared-capacity kinds are booked by quantity (pallet places of a cold room), never beyond capacity.
enum ResourceKind: String, CaseIterable, Codable, Sendable {
    case coldRoom = "cold_room", freezer, warehouse, van, cannery, kitchen, room, team

    var label: String {
        switch self {
        case .coldRoom: "Chambre froide"
        case .freezer: "Congélateur"
        case .warehouse: "Entrepôt sec"
        case .van: "Véhicule"
        case .cannery: "Conserverie mobile"
        case .kitchen: "Cuisine"
        case .room: "Salle"
        case .team: "Équipe de bénévoles"
        }
    }

    /// Storage is shared by quantity; everything else is taken whole for the time booked.
    var isExclusive: Bool { ![.coldRoom, .freezer, .warehouse].contains(self) }

    /// The unit capacity is counted in, by default.
    var defaultUnit: String {
        switch self {
        case .coldRoom, .freezer, .warehouse: "palettes"
        case .van: "kg"
        case .kitchen, .room: "places"
        case .team: "personnes"
        case .cannery: "bocaux/jour"
        }
    }
}

enum BookingStatus: String, Codable, Sendable {
    case pending, accepted, refused, cancelled

    var label: String {
        switch self {
        case .pending: "En attente de réponse"
        case .accepted: "Acceptée"
        case .refused: "Refusée"
        case .cancelled: "Annulée"
        }
    }
}

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

/// The secret address of a structure's calendar: the bookings of its resources and the bookings it holds elsewhere.
final class StructureCalendar: Model, @unchecked Sendable {
    static let schema = "structure_calendars"
    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "token") var token: String
    init() {}
}
