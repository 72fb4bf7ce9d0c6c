import Foundation

/// The fields of a booking request, on the resource's page and in the rules (the API names start, end, quantity and
/// purpose alike).
enum BookingField: String, FormKey { case start, end, quantity, purpose, organization, repeter, jusqu_au, confirmer }

/// The fields of an out-of-service period the owner declares.
enum OutageField: String, FormKey { case du, au, motif }

/// The rules of a booking request, in plain Swift (tested without a database): a range that makes sense, a quantity
/// that fits the resource, and how much of a shared resource is taken hour by hour.
enum BookingRules {
    /// The longest booking: a season of storage.
    static let maxDuration: TimeInterval = 92 * 86_400
    static let minDuration: TimeInterval = 15 * 60
    /// Shared capacity is counted by the hour.
    static let slot: TimeInterval = 3_600

    struct Request: Sendable {
        var start: Date
        var end: Date
        var quantity: Double
        var purpose: String
    }

    /// A planned closure: [start, end) is Paris midnight of the first closed day to midnight after the last.
    struct Closed: Sendable {
        var start: Date
        var end: Date
        var label: String
    }

    /// A French message per field, or nothing when the request can be tried against the calendar.
    static func validate(
        _ r: Request, kind: ResourceKind, capacity: Double, unit: String, now: Date, opening: PickupHours = .always, closures: [Closed] = []
    ) -> Refusal<BookingField> {
        var errors: [BookingField: String] = [:]
        if !opening.admitsStart(r.start) { errors[.start] = "On ne peut prendre la ressource que \(opening.text) : commencez pendant ces heures." }
        if !opening.admitsEnd(r.end) { errors[.end] = "On ne peut rendre la ressource que \(opening.text) : terminez pendant ces heures." }
        if let closed = closures.first(where: { overlaps(r.start, r.end, $0.start, $0.end) }) {
            let last = closed.end.addingTimeInterval(-43_200)
            errors[.start] =
                "Fermé du \(Format.date(closed.start)) au \(Format.date(last))\(closed.label.isEmpty ? "" : " (\(closed.label))") : choisissez d'autres dates."
        }
        if r.end <= r.start {
            errors[.end] = "La fin doit venir après le début."
        } else if r.end.timeIntervalSince(r.start) < minDuration {
            errors[.end] = "Une réservation dure au moins 15 minutes."
        } else if r.end.timeIntervalSince(r.start) > maxDuration {
            errors[.end] = "Une réservation dure au plus 92 jours : faites-en plusieurs."
        }
        if r.start < now.addingTimeInterval(-300) { errors[.start] = "Le début est déjà passé : choisissez une date à venir." }
        if kind.isExclusive {
            if r.quantity != 1 { errors[.quantity] = "Cette ressource se réserve entière : la quantité est 1." }
        } else if !(r.quantity > 0) || !r.quantity.isFinite {
            errors[.quantity] = "Indiquez combien de \(unit) il vous faut (plus de 0)."
        } else if r.quantity > capacity {
            errors[.quantity] = "C'est plus que la capacité de la ressource (\(Format.number(capacity)) \(unit))."
        }
        if r.purpose.count > 500 { errors[.purpose] = "500 caractères au plus." }
        return Refusal(errors)
    }

    /// The hours a shared-capacity booking takes: from the hour its start falls in to the hour its end reaches.
    static func slots(from start: Date, to end: Date) -> [Date] {
        let first = (start.timeIntervalSince1970 / slot).rounded(.down) * slot
        let last = (end.timeIntervalSince1970 / slot).rounded(.up) * slot
        return stride(from: first, to: last, by: slot).map { Date(timeIntervalSince1970: $0) }
    }

    /// A repeated booking: every `everyDays` days (1 or 7) from the first slot until `until` (a day, included), at
    /// the same wall-clock time in Paris (so summer time does not shift it). At most 366 dates.
    static func occurrences(start: Date, end: Date, everyDays: Int, until: Date) -> Result<[(start: Date, end: Date)], Refusal<BookingField>> {
        let calendar = Calendar.paris
        guard let last = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: until)), last > start else {
            return .failure(Refusal(.jusqu_au, "La date de fin de la répétition doit venir après le premier créneau."))
        }
        var out: [(Date, Date)] = []
        var k = 0
        while let s = calendar.date(byAdding: .day, value: k * everyDays, to: start), s < last {
            guard out.count < 366 else {
                return .failure(Refusal(.jusqu_au, "Plus de 366 dates : raccourcissez la période ou espacez les créneaux."))
            }
            let e = calendar.date(byAdding: .day, value: k * everyDays, to: end) ?? s.addingTimeInterval(end.timeIntervalSince(start))
            out.append((s, e))
            k += 1
        }
        return .success(out)
    }

    /// The hours of [start, end) in each Paris month it touches ("2026-12"), for the monthly quota.
    static func monthlyHours(start: Date, end: Date) -> [(month: String, hours: Double)] {
        let calendar = Calendar.paris
        var out: [(String, Double)] = []
        var cursor = start
        while cursor < end {
            let c = calendar.dateComponents([.year, .month], from: cursor)
            let monthStart = calendar.date(from: c) ?? cursor
            let next = calendar.date(byAdding: .month, value: 1, to: monthStart) ?? end
            let stop = min(next, end)
            out.append((String(format: "%04d-%02d", c.year ?? 0, c.month ?? 0), stop.timeIntervalSince(cursor) / 3_600))
            cursor = stop
        }
        return out
    }

    /// Whether two half-open ranges [a, b) and [c, d) overlap: back to back does not.
    static func overlaps(_ a: Date, _ b: Date, _ c: Date, _ d: Date) -> Bool { a < d && c < b }
}
