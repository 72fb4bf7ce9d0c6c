import Fluent
import Foundation
import SQLKit
import Vapor

/// Requests, answers and cancellations of bookings. The calendar is checked inside the write, and the database's
/// own rules (exclusion constraint or trigger, capacity ledger) refuse what a race would let through: the answer
/// is then the same French 409, naming the period that is taken.
enum BookingService {
    /// A booking that does not fit: 409 with the period already taken.
    struct Conflict: AbortError {
        var reason: String
        var status: HTTPResponseStatus { .conflict }
    }

    /// "du 03/12/2026 09:00 au 03/12/2026 12:00".
    static func period(_ start: Date, _ end: Date) -> String { "du \(Format.dateTime(start)) au \(Format.dateTime(end))" }

    /// Why [start, end) for `quantity` does not fit now, or nil when it does.
    static func conflict(
        _ resource: SharedResource, start: Date, end: Date, quantity: Double, excluding: UUID? = nil, on db: any Database
    ) async throws -> String? {
        let rid = try resource.requireID()
        if resource.kindValue.isExclusive {
            let blockedUntil = end.addingTimeInterval(Double(resource.bufferMinutes) * 60)
            var query = Booking.query(on: db).filter(\.$resource.$id == rid).filter(\.$status == BookingStatus.accepted.rawValue)
                .filter(\.$start < blockedUntil).filter(\.$blockedUntil > start)
            if let excluding { query = query.filter(\.$id != excluding) }
            guard let taken = try await query.sort(\.$start).first() else { return nil }
            let buffer = resource.bufferMinutes > 0 ? " (nettoyage et chargement compris : \(resource.bufferMinutes) min après chaque réservation)" : ""
            return "Ce créneau n'est plus libre : « \(resource.name) » est déjà réservé \(period(taken.start, taken.blockedUntil))\(buffer)."
        }
        let slots = BookingRules.slots(from: start, to: end)
        guard let first = slots.first, let last = slots.last else { return nil }
        let full = try await ResourceLoad.query(on: db).filter(\.$resource.$id == rid).filter(\.$slotStart >= first).filter(\.$slotStart <= last)
            .sort(\.$slotStart).all().first { $0.used + quantity > resource.capacity + 0.000001 }
        guard let full else { return nil }
        let free = max(0, resource.capacity - full.used)
        return "Pas assez de place : \(Format.number(free)) \(resource.unit) libres sur \(Format.number(resource.capacity)) "
            + "\(period(full.slotStart, full.slotStart.addingTimeInterval(BookingRules.slot))) ; réduisez la quantité ou choisissez d'autres dates."
    }

    /// Asks for a booking; accepted at once when the resource needs no approval (or the owner books it) and it fits.
    static func request(
        _ resource: SharedResource, for organizationID: UUID, by viewer: Viewer?, _ r: BookingRules.Request, now: Date, on db: any Database,
        acceptAtOnce: Bool = false
    ) async throws -> Booking {
        let errors = BookingRules.validate(r, kind: resource.kindValue, capacity: resource.capacity, unit: resource.unit, now: now)
        guard errors.isEmpty else { throw ValidationFailure(fields: errors) }
        let booking = Booking()
        booking.$resource.id = try resource.requireID()
        booking.$organization.id = organizationID
        booking.$requestedBy.id = viewer?.userID
        booking.start = r.start
        booking.end = r.end
        booking.blockedUntil = r.end.addingTimeInterval(Double(resource.bufferMinutes) * 60)
        booking.quantity = resource.kindValue.isExclusive ? 1 : r.quantity
        booking.isExclusive = resource.kindValue.isExclusive
        booking.purpose = r.purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        booking.reason = ""
        let accept = !resource.needsApproval || acceptAtOnce
        booking.status = (accept ? BookingStatus.accepted : .pending).rawValue
        if accept { booking.decidedAt = now }
        do {
            try await guarded(resource, booking) {
                try await db.audited(
                    accept ? SharingModule.bookingAccepted : SharingModule.bookingRequested, about: .structure(resource.$organization.id),
                    by: viewer, summary: "\(resource.name) : \(period(r.start, r.end))\(accept ? ", acceptée d'office" : ", demandée")"
                ) { tx in
                    if accept, let reason = try await conflict(resource, start: r.start, end: r.end, quantity: booking.quantity, on: tx) {
                        throw Conflict(reason: reason)
                    }
                    try await booking.create(on: tx)
                    if accept { try await hold(booking, of: resource, on: tx) }
                }
            }
        } catch let conflict as Conflict {
            // Demand the resource could not meet is the evidence for the next investment: kept as a refused request.
            let unmet = Booking()
            (unmet.$resource.id, unmet.$organization.id, unmet.$requestedBy.id) = (booking.$resource.id, organizationID, viewer?.userID)
            (unmet.start, unmet.end, unmet.blockedUntil, unmet.quantity) = (booking.start, booking.end, booking.blockedUntil, booking.quantity)
            (unmet.isExclusive, unmet.status, unmet.purpose, unmet.reason, unmet.decidedAt) =
                (booking.isExclusive, BookingStatus.refused.rawValue, booking.purpose, "Impossible : " + conflict.reason, now)
            try await db.audited(
                SharingModule.bookingRefused, about: .structure(resource.$organization.id), by: viewer,
                summary: "\(resource.name) : \(period(r.start, r.end)), impossible (déjà pris)"
            ) { tx in try await unmet.create(on: tx) }
            throw conflict
        }
        return booking
    }

    /// The owner accepts a pending request, if it still fits.
    /// Returns the booking as it is now.
    @discardableResult
    static func accept(_ booking: Booking, of resource: SharedResource, by viewer: Viewer, now: Date, on db: any Database) async throws -> Booking {
        guard booking.statusValue == .pending else {
            throw Abort(.conflict, reason: "Cette demande a déjà reçu une réponse (\(booking.statusValue.label.lowercased())).")
        }
        let id = try booking.requireID()
        return try await guarded(resource, booking) {
            try await db.audited(
                SharingModule.bookingAccepted, about: .structure(resource.$organization.id), by: viewer,
                summary: "\(resource.name) : \(period(booking.start, booking.end)), acceptée"
            ) { tx in
                // Another answer may have come first: only a pending row is accepted.
                guard let current = try await Booking.find(id, on: tx), current.statusValue == .pending else {
                    throw Abort(.conflict, reason: "Cette demande a déjà reçu une réponse.")
                }
                if let reason = try await conflict(resource, start: current.start, end: current.end, quantity: current.quantity, excluding: id, on: tx) {
                    throw Conflict(reason: reason)
                }
                current.status = BookingStatus.accepted.rawValue
                current.decidedAt = now
                try await current.save(on: tx)
                try await hold(current, of: resource, on: tx)
                return current
            }
        }
    }

    /// The owner refuses (with a reason), or either side cancels an accepted or pending booking (with a reason).
    /// Returns the booking as it is now.
    @discardableResult
    static func close(
        _ booking: Booking, of resource: SharedResource, as status: BookingStatus, reason: String, by viewer: Viewer?, now: Date, on db: any Database
    ) async throws -> Booking {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 500 else {
            throw ValidationFailure(fields: ["reason": "Dites en quelques mots pourquoi (500 caractères au plus) : la structure le lira."])
        }
        let id = try booking.requireID()
        return try await db.audited(
            status == .refused ? SharingModule.bookingRefused : SharingModule.bookingCancelled, about: .structure(resource.$organization.id),
            by: viewer, summary: "\(resource.name) : \(period(booking.start, booking.end)), \(status.label.lowercased()) : \(reason)"
        ) { tx in
            guard let current = try await Booking.find(id, on: tx), [.pending, .accepted].contains(current.statusValue) else {
                throw Abort(.conflict, reason: "Cette réservation est déjà close.")
            }
            if status == .refused, current.statusValue != .pending {
                throw Abort(.conflict, reason: "Seule une demande en attente se refuse ; une réservation acceptée s'annule.")
            }
            let held = current.statusValue == .accepted
            current.status = status.rawValue
            current.reason = reason
            current.decidedAt = now
            try await current.save(on: tx)
            if held { try await release(current, of: resource, on: tx) }
            return current
        }
    }

    /// The owner marks the resource out of service for [from, to): the bookings and requests that overlap are
    /// cancelled with the reason (their holders are told by the caller), and the period is taken.
    static func outage(
        _ resource: SharedResource, from: Date, to: Date, reason: String, by viewer: Viewer, now: Date, on db: any Database
    ) async throws -> [Booking] {
        var errors: [String: String] = [:]
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if to <= from { errors["au"] = "La fin doit venir après le début." }
        if to.timeIntervalSince(from) > BookingRules.maxDuration { errors["au"] = "92 jours au plus ; prolongez ensuite si besoin." }
        if to <= now { errors["au"] = "Cette période est déjà passée." }
        if reason.isEmpty || reason.count > 300 { errors["motif"] = "Dites pourquoi (300 caractères au plus) : les structures qui avaient réservé le liront." }
        guard errors.isEmpty else { throw ValidationFailure(fields: errors) }
        let rid = try resource.requireID()
        return try await db.audited(
            SharingModule.resourceOutage, about: .structure(resource.$organization.id), by: viewer,
            summary: "« \(resource.name) » hors service \(period(from, to)) : \(reason)"
        ) { tx in
            let overlapping = try await Booking.query(on: tx).filter(\.$resource.$id == rid)
                .filter(\.$status ~~ [BookingStatus.pending.rawValue, BookingStatus.accepted.rawValue])
                .filter(\.$start < to).filter(\.$blockedUntil > from).all()
            for b in overlapping {
                let held = b.statusValue == .accepted
                b.status = BookingStatus.cancelled.rawValue
                b.reason = "Hors service : " + reason
                b.decidedAt = now
                try await b.save(on: tx)
                if held { try await release(b, of: resource, on: tx) }
            }
            let down = Booking()
            down.$resource.id = rid
            down.$organization.id = resource.$organization.id
            down.$requestedBy.id = viewer.userID
            (down.start, down.end, down.blockedUntil) = (from, to, to)
            down.quantity = resource.kindValue.isExclusive ? 1 : resource.capacity
            (down.isExclusive, down.isOutage) = (resource.kindValue.isExclusive, true)
            (down.status, down.purpose, down.reason, down.decidedAt) = (BookingStatus.accepted.rawValue, "Hors service", reason, now)
            try await down.create(on: tx)
            try await hold(down, of: resource, on: tx)
            return overlapping.filter { !$0.isOutage }
        }
    }

    /// Runs `body`; a refusal by the database's own rules becomes the same 409 as the app's check.
    private static func guarded<T>(_ resource: SharedResource, _ booking: Booking, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Conflict(reason: "Ce créneau vient d'être pris par une autre demande \(period(booking.start, booking.end)) : choisissez-en un autre.")
        }
    }

    /// An accepted booking written as it is (the demo's history), with its place in the ledger.
    static func seed(_ booking: Booking, of resource: SharedResource, on db: any Database) async throws {
        try await db.writeTransaction { tx in
            try await booking.create(on: tx)
            try await hold(booking, of: resource, on: tx)
        }
    }

    /// Adds a shared-capacity booking to the hourly ledger; the row's CHECK refuses going over capacity.
    private static func hold(_ booking: Booking, of resource: SharedResource, on db: any Database) async throws {
        guard !booking.isExclusive, let sql = db as? any SQLDatabase else { return }
        let rid = try resource.requireID()
        for chunk in BookingRules.slots(from: booking.start, to: booking.end).chunked(into: 400) {
            let rows = chunk.map { slot -> any SQLExpression in
                SQLQueryString("(\(bind: UUID()), \(bind: rid), \(bind: slot), \(bind: booking.quantity), \(bind: resource.capacity))")
            }
            try await sql.raw(
                """
                INSERT INTO resource_load (id, resource_id, slot_start, used, capacity) VALUES \(SQLList(rows))
                ON CONFLICT (resource_id, slot_start) DO UPDATE SET used = resource_load.used + excluded.used
                """
            ).run()
        }
    }

    private static func release(_ booking: Booking, of resource: SharedResource, on db: any Database) async throws {
        guard !booking.isExclusive, let sql = db as? any SQLDatabase else { return }
        let slots = BookingRules.slots(from: booking.start, to: booking.end)
        guard let first = slots.first, let last = slots.last else { return }
        try await sql.raw(
            """
            UPDATE resource_load SET used = used - \(bind: booking.quantity)
            WHERE resource_id = \(bind: try resource.requireID()) AND slot_start >= \(bind: first) AND slot_start <= \(bind: last)
            """
        ).run()
    }
}
