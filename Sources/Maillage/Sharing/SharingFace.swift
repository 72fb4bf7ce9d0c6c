import Fluent
import Foundation

/// What other modules may ask of shared resources, and the facts Sharing publishes (issue 21): plain values only,
/// so that the lending structure's rules — its calendar, its quota, its wish to answer requests itself — hold for
/// every module that books through it.
enum SharingFace {
    /// A resource booked, or asked for, on behalf of the territory's work (a dispatch's tour, a hub room).
    struct Reservation: Sendable, Equatable {
        var bookingID: UUID
        var resourceID: UUID
        /// The lending structure, and its name for the pages that say who is to answer.
        var owner: UUID
        var ownerName: String
        /// Waiting for the owner's answer (the owner asked that requests wait for it).
        var pending: Bool
    }

    /// Books `resourceID` from `start` to `end` on the caller's transaction, for the resource's own structure
    /// (the territory uses it through its owner): accepted at once, unless the owner asked to answer requests —
    /// then a request waiting in its "Nos réservations", holding its place if the owner's rules say so. Refused with
    /// `BookingService.Conflict` when the calendar or the quota has no room.
    static func reserve(
        _ resourceID: UUID, from start: Date, to end: Date, quantity: Double, purpose: String, requestedBy user: UUID?, now: Date,
        on tx: any Database
    ) async throws -> Reservation {
        guard let resource = try await SharedResource.query(on: tx).filter(\.$id == resourceID).with(\.$organization).first() else {
            throw BookingService.Conflict(reason: "Cette ressource n'existe plus.")
        }
        let pending = resource.needsApproval
        let booking = Booking()
        (booking.$resource.id, booking.$organization.id, booking.$requestedBy.id) = (resourceID, resource.$organization.id, user)
        (booking.start, booking.end, booking.blockedUntil) = (start, end, end.addingTimeInterval(Double(resource.bufferMinutes) * 60))
        (booking.quantity, booking.isExclusive) = (resource.kindValue.isExclusive ? 1 : quantity, resource.kindValue.isExclusive)
        (booking.purpose, booking.reason) = (purpose, "")
        if pending {
            try await BookingService.ask(booking, of: resource, now: now, on: tx)
        } else {
            booking.decidedAt = now
            try await BookingService.take(booking, of: resource, on: tx)
        }
        return Reservation(
            bookingID: try booking.requireID(), resourceID: resourceID, owner: resource.$organization.id, ownerName: resource.organization.name,
            pending: pending)
    }

    /// Why the resource is not free over [start, end) — taken, closed, out of service — or nil when it is.
    static func conflict(_ resourceID: UUID, start: Date, end: Date, on db: any Database) async throws -> String? {
        guard let resource = try await SharedResource.find(resourceID, on: db) else { return "Cette ressource n'existe plus." }
        return try await BookingService.conflict(resource, start: start, end: end, quantity: 1, on: db)
    }

    /// The room a resource shared by quantity (a cold room's pallets) has left over [start, end): its capacity less
    /// its busiest slot.
    static func roomLeft(in resourceID: UUID, from start: Date, to end: Date, on db: any Database) async throws -> Double {
        guard let resource = try await SharedResource.find(resourceID, on: db) else { return 0 }
        let slots = BookingRules.slots(from: start, to: end)
        guard let first = slots.first, let last = slots.last else { return 0 }
        let used =
            try await ResourceLoad.query(on: db).filter(\.$resource.$id == resourceID).filter(\.$slotStart >= first)
            .filter(\.$slotStart <= last).all().map(\.used).max() ?? 0
        return resource.capacity - used
    }

    /// A booking answered, cancelled or released: what its status became, and why.
    struct BookingDecided: Fact, Equatable {
        enum Outcome: String, Sendable { case accepted, refused, cancelled }
        var bookingID: UUID
        var resourceID: UUID
        var outcome: Outcome
        var reason: String
    }
}
