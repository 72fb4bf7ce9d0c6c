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
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var kindValue: ResourceKind { ResourceKind(rawValue: kind) ?? .room }
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
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "decided_at") var decidedAt: Date?

    init() { isOutage = false }

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
