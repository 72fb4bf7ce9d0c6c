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
            var query = Booking.query(on: db).filter(\.$resource.$id == rid).filter(\.$holds == true)
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
        let refusal = BookingRules.validate(
            r, kind: resource.kindValue, capacity: resource.capacity, unit: resource.unit, now: now, opening: resource.opening,
            closures: try await closures(of: resource, on: db))
        guard refusal.isEmpty else { throw refusal }
        let rid = try resource.requireID()
        let accept = !resource.needsApproval || acceptAtOnce
        /// A new row for each attempt: a transaction PostgreSQL aborted (see `guarded`) is run again from the start.
        func row(_ status: BookingStatus, reason: String) -> Booking {
            let b = Booking()
            (b.$resource.id, b.$organization.id, b.$requestedBy.id) = (rid, organizationID, viewer?.userID)
            (b.start, b.end, b.blockedUntil) = (r.start, r.end, r.end.addingTimeInterval(Double(resource.bufferMinutes) * 60))
            (b.quantity, b.isExclusive) = (resource.kindValue.isExclusive ? 1 : r.quantity, resource.kindValue.isExclusive)
            (b.purpose, b.reason, b.status) = (r.purpose.trimmingCharacters(in: .whitespacesAndNewlines), reason, status.rawValue)
            b.holds = status == .accepted || (status == .pending && resource.pendingHolds)
            if status != .pending { b.decidedAt = now }
            return b
        }
        do {
            return try await guarded(resource, r.start, r.end) {
                let booking = row(accept ? .accepted : .pending, reason: "")
                try await db.audited(
                    accept ? SharingModule.bookingAccepted : SharingModule.bookingRequested, about: .structure(resource.$organization.id),
                    by: viewer, summary: "\(resource.name) : \(period(r.start, r.end))\(accept ? ", acceptée d'office" : ", demandée")"
                ) { tx in
                    if booking.holds { try await check(booking, of: resource, on: tx) }
                    try await booking.create(on: tx)
                    if booking.holds { try await hold(booking, of: resource, on: tx) }
                }
                return booking
            }
        } catch let conflict as Conflict {
            // Demand the resource could not meet is the evidence for the next investment: kept as a refused request.
            let unmet = row(.refused, reason: "Impossible : " + conflict.reason)
            try await db.audited(
                SharingModule.bookingRefused, about: .structure(resource.$organization.id), by: viewer,
                summary: "\(resource.name) : \(period(r.start, r.end)), impossible (déjà pris)"
            ) { tx in try await unmet.create(on: tx) }
            throw conflict
        }
    }

    /// The owner accepts a pending request, if it still fits.
    /// Returns the booking as it is now.
    @discardableResult
    static func accept(_ booking: Booking, of resource: SharedResource, by viewer: Viewer, now: Date, on db: any Database) async throws -> Booking {
        guard booking.statusValue == .pending else {
            throw Abort(.conflict, reason: "Cette demande a déjà reçu une réponse (\(booking.statusValue.label.lowercased())).")
        }
        let id = try booking.requireID()
        return try await guarded(resource, booking.start, booking.end) {
            try await db.audited(
                SharingModule.bookingAccepted, about: .structure(resource.$organization.id), by: viewer,
                summary: "\(resource.name) : \(period(booking.start, booking.end)), acceptée"
            ) { tx in
                // Another answer may have come first: only a pending row is accepted.
                guard let current = try await Booking.find(id, on: tx), current.statusValue == .pending else {
                    throw Abort(.conflict, reason: "Cette demande a déjà reçu une réponse.")
                }
                // A request that already holds its place keeps it; the others are checked now.
                let held = current.holds
                if !held { try await check(current, of: resource, on: tx) }
                (current.status, current.holds, current.decidedAt) = (BookingStatus.accepted.rawValue, true, now)
                try await current.save(on: tx)
                if !held { try await hold(current, of: resource, on: tx) }
                try await tx.publish(
                    SharingFace.BookingDecided(bookingID: id, resourceID: resource.requireID(), outcome: .accepted, reason: ""), by: viewer, now: now)
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
            let held = current.holds
            (current.status, current.holds) = (status.rawValue, false)
            current.reason = reason
            current.decidedAt = now
            try await current.save(on: tx)
            if held { try await release(current, of: resource, on: tx) }
            try await tx.publish(
                SharingFace.BookingDecided(
                    bookingID: id, resourceID: resource.requireID(), outcome: status == .refused ? .refused : .cancelled, reason: reason),
                by: viewer, now: now)
            return current
        }
    }

    /// The owner marks the resource out of service for [from, to): the bookings and requests that overlap are
    /// cancelled with the reason (their holders are told by the caller), and the period is taken.
    static func outage(
        _ resource: SharedResource, from: Date, to: Date, reason: String, by viewer: Viewer, now: Date, on db: any Database
    ) async throws -> [Booking] {
        var errors: [OutageField: String] = [:]
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if to <= from { errors[.au] = "La fin doit venir après le début." }
        if to.timeIntervalSince(from) > BookingRules.maxDuration { errors[.au] = "92 jours au plus ; prolongez ensuite si besoin." }
        if to <= now { errors[.au] = "Cette période est déjà passée." }
        if reason.isEmpty || reason.count > 300 { errors[.motif] = "Dites pourquoi (300 caractères au plus) : les structures qui avaient réservé le liront." }
        guard errors.isEmpty else { throw Refusal(errors) }
        let rid = try resource.requireID()
        return try await db.audited(
            SharingModule.resourceOutage, about: .structure(resource.$organization.id), by: viewer,
            summary: "« \(resource.name) » hors service \(period(from, to)) : \(reason)"
        ) { tx in
            let overlapping = try await Booking.query(on: tx).filter(\.$resource.$id == rid)
                .filter(\.$status ~~ [BookingStatus.pending.rawValue, BookingStatus.accepted.rawValue])
                .filter(\.$start < to).filter(\.$blockedUntil > from).all()
            for b in overlapping {
                let held = b.holds
                (b.status, b.holds) = (BookingStatus.cancelled.rawValue, false)
                b.reason = "Hors service : " + reason
                b.decidedAt = now
                try await b.save(on: tx)
                if held { try await release(b, of: resource, on: tx) }
                try await tx.publish(
                    SharingFace.BookingDecided(bookingID: b.requireID(), resourceID: rid, outcome: .cancelled, reason: b.reason), by: viewer, now: now)
            }
            let down = Booking()
            down.$resource.id = rid
            down.$organization.id = resource.$organization.id
            down.$requestedBy.id = viewer.userID
            (down.start, down.end, down.blockedUntil) = (from, to, to)
            down.quantity = resource.kindValue.isExclusive ? 1 : resource.capacity
            (down.isExclusive, down.isOutage, down.holds) = (resource.kindValue.isExclusive, true, true)
            (down.status, down.purpose, down.reason, down.decidedAt) = (BookingStatus.accepted.rawValue, "Hors service", reason, now)
            try await down.create(on: tx)
            try await hold(down, of: resource, on: tx)
            return overlapping.filter { !$0.isOutage }
        }
    }

    /// The borrower (or the owner) notes that the resource was picked up, so that it is not released. From two hours
    /// before the start to the end.
    @discardableResult
    static func checkIn(_ booking: Booking, of resource: SharedResource, by viewer: Viewer, now: Date, on db: any Database) async throws -> Booking {
        guard booking.statusValue == .accepted, !booking.isOutage else { throw Abort(.conflict, reason: "Seule une réservation acceptée se retire.") }
        guard now >= booking.start.addingTimeInterval(-2 * 3_600), now < booking.end else {
            throw Abort(.conflict, reason: "Le retrait se note à partir de deux heures avant le début de la réservation, et jusqu'à sa fin.")
        }
        guard booking.checkedInAt == nil else { return booking }
        return try await db.audited(
            SharingModule.bookingCheckedIn, about: .structure(resource.$organization.id), by: viewer,
            summary: "« \(resource.name) » retirée : \(period(booking.start, booking.end))"
        ) { tx in
            booking.checkedInAt = now
            try await booking.save(on: tx)
            return booking
        }
    }

    /// Where the owner chose it, accepted bookings not picked up within the delay after their start are cancelled
    /// and their place freed. Returns them, cancelled, with their resource, for the notices.
    static func releaseUnclaimed(now: Date, on db: any Database) async throws -> [(Booking, SharedResource)] {
        var out: [(Booking, SharedResource)] = []
        for resource in try await SharedResource.query(on: db).filter(\.$checkinMinutes != nil).all() {
            guard let delay = resource.checkinMinutes else { continue }
            let late = try await Booking.query(on: db).filter(\.$resource.$id == resource.requireID()).filter(\.$holds == true)
                .filter(\.$status == BookingStatus.accepted.rawValue).filter(\.$isOutage == false).filter(\.$checkedInAt == nil)
                .filter(\.$organization.$id != resource.$organization.id)
                .filter(\.$start <= now.addingTimeInterval(-Double(delay) * 60)).filter(\.$end > now).all()
            for b in late {
                let reason = "Pas retirée dans les \(delay) minutes après le début : le créneau est libéré pour d'autres structures."
                out.append((try await close(b, of: resource, as: .cancelled, reason: reason, by: nil, now: now, on: db), resource))
            }
        }
        return out
    }

    /// Runs `body` (a whole transaction); a refusal by the database's own rules becomes the same 409 as the app's
    /// check. Two overlapping requests checking PostgreSQL's exclusion constraint at the same moment wait on each
    /// other, and PostgreSQL aborts one (deadlock, SQLSTATE 40P01): that one is run again, and then usually finds
    /// the slot taken.
    private static func guarded<T>(_ resource: SharedResource, _ start: Date, _ end: Date, _ body: () async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await body()
            } catch let error as any DatabaseError where error.isConstraintFailure {
                if String(describing: error).contains("quota_use") {
                    throw Conflict(reason: "Le quota mensuel de votre structure pour « \(resource.name) » vient d'être atteint par une autre demande.")
                }
                throw Conflict(reason: "Ce créneau vient d'être pris par une autre demande \(period(start, end)) : choisissez-en un autre.")
            } catch  where DatabaseFailure.isDeadlock(error) {
                attempt += 1
                guard attempt < 3 else {
                    throw Conflict(reason: "Ce créneau est très demandé en ce moment \(period(start, end)) : réessayez dans un instant.")
                }
            }
        }
    }

    /// An accepted booking written as it is (the demo's history), with its place in the ledger.
    static func seed(_ booking: Booking, of resource: SharedResource, on db: any Database) async throws {
        booking.holds = true
        try await db.writeTransaction { tx in
            try await booking.create(on: tx)
            try await hold(booking, of: resource, on: tx)
        }
    }

    /// Takes an accepted booking inside a transaction another module opened (the surplus dispatch books its vans with
    /// the lots it reserves, all or nothing): the same check and ledger as a request, and the database's rules.
    /// A request waiting for the owner's answer, written on the caller's transaction (a dispatch asks for a van):
    /// it holds its place if the owner's rules say so.
    static func ask(_ booking: Booking, of resource: SharedResource, now: Date, on tx: any Database) async throws {
        (booking.status, booking.holds) = (BookingStatus.pending.rawValue, resource.pendingHolds)
        if booking.holds { try await check(booking, of: resource, on: tx) }
        try await booking.create(on: tx)
        if booking.holds { try await hold(booking, of: resource, on: tx) }
    }

    static func take(_ booking: Booking, of resource: SharedResource, on tx: any Database) async throws {
        (booking.status, booking.holds) = (BookingStatus.accepted.rawValue, true)
        try await check(booking, of: resource, on: tx)
        try await booking.create(on: tx)
        try await hold(booking, of: resource, on: tx)
    }

    /// The planned closures of a resource still to come, for the request's check.
    static func closures(of resource: SharedResource, on db: any Database) async throws -> [BookingRules.Closed] {
        try await ResourceClosure.query(on: db).filter(\.$resource.$id == resource.requireID()).sort(\.$start).all()
            .map { BookingRules.Closed(start: $0.start, end: $0.end, label: $0.label) }
    }

    /// Refuses, with the period or the month named, a booking that would not fit: the calendar, then the quota.
    private static func check(_ b: Booking, of resource: SharedResource, on db: any Database) async throws {
        if let reason = try await conflict(resource, start: b.start, end: b.end, quantity: b.quantity, excluding: b.id, on: db) {
            throw Conflict(reason: reason)
        }
        if let reason = try await quotaProblem(resource, for: b.$organization.id, start: b.start, end: b.end, on: db) { throw Conflict(reason: reason) }
    }

    private struct QuotaRow: Decodable { var hours: Double }

    /// "décembre 2026" for "2026-12".
    static func monthName(_ key: String) -> String {
        let parts = key.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, (1...12).contains(parts[1]) else { return key }
        let names = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
        return "\(names[parts[1] - 1]) \(parts[0])"
    }

    /// Why the borrowing structure's monthly quota would be passed, or nil. The owner's own use has no quota.
    static func quotaProblem(_ resource: SharedResource, for organizationID: UUID, start: Date, end: Date, on db: any Database) async throws -> String? {
        guard let quota = resource.quotaHours, organizationID != resource.$organization.id, let sql = db as? any SQLDatabase else { return nil }
        let rid = try resource.requireID()
        for (month, hours) in BookingRules.monthlyHours(start: start, end: end) {
            let used =
                try await sql.raw(
                    "SELECT hours FROM quota_use WHERE resource_id = \(bind: rid) AND organization_id = \(bind: organizationID) AND month = \(bind: month)"
                ).first(decoding: QuotaRow.self)?.hours ?? 0
            if used + hours > Double(quota) + 0.000001 {
                return "Quota atteint : « \(resource.name) » se prête au plus \(quota) h par mois à chaque structure ; "
                    + "il reste \(Format.number(max(0, Double(quota) - used).rounded(.down))) h à votre structure en \(monthName(month)) "
                    + "et cette demande en compte \(Format.number(hours.rounded(.up)))."
            }
        }
        return nil
    }

    /// Adds (`sign` 1) a lent booking's hours to its structure's month; its CHECK refuses going over the quota.
    /// Taking them back (`sign` -1) never fails, even if the owner lowered the quota since.
    static func countQuota(_ b: Booking, of resource: SharedResource, sign: Double, on db: any Database) async throws {
        guard b.$organization.id != resource.$organization.id, !b.isOutage, let sql = db as? any SQLDatabase else { return }
        let rid = try resource.requireID()
        let quota = resource.quotaHours.map(Double.init) ?? 1e12
        for (month, hours) in BookingRules.monthlyHours(start: b.start, end: b.end) {
            if sign > 0 {
                try await sql.raw(
                    """
                    INSERT INTO quota_use (id, resource_id, organization_id, month, hours, quota)
                    VALUES (\(bind: UUID()), \(bind: rid), \(bind: b.$organization.id), \(bind: month), \(bind: hours), \(bind: quota))
                    ON CONFLICT (resource_id, organization_id, month) DO UPDATE SET hours = quota_use.hours + excluded.hours, quota = excluded.quota
                    """
                ).run()
            } else {
                try await sql.raw(
                    """
                    UPDATE quota_use SET hours = hours - \(bind: hours)
                    WHERE resource_id = \(bind: rid) AND organization_id = \(bind: b.$organization.id) AND month = \(bind: month)
                    """
                ).run()
            }
        }
    }

    /// Takes the booking's place: the hourly ledger of shared capacity (its CHECK refuses going over capacity) and
    /// the borrowing structure's quota.
    private static func hold(_ booking: Booking, of resource: SharedResource, on db: any Database) async throws {
        try await countQuota(booking, of: resource, sign: 1, on: db)
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

    /// A pending request stops holding its place (the owner no longer wants requests to hold).
    static func unhold(_ booking: Booking, of resource: SharedResource, on db: any Database) async throws {
        booking.holds = false
        try await booking.save(on: db)
        try await release(booking, of: resource, on: db)
    }

    private static func release(_ booking: Booking, of resource: SharedResource, on db: any Database) async throws {
        try await countQuota(booking, of: resource, sign: -1, on: db)
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
