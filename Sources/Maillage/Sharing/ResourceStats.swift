import Foundation

/// What a resource's use shows a funder, month by month: how much of the bookable time was booked (for shared
/// capacity, quantity × time over capacity × time), by whom, and the demand it could not meet (requests refused
/// by the owner or impossible for lack of room). Plain arithmetic on bookings, tested without a database.
struct ResourceStats: Sendable {
    struct Interval: Sendable {
        var start: Date
        var end: Date
        var quantity: Double
        var organization: String
    }

    struct Month: Sendable, Equatable {
        var start: Date
        /// Booked time ÷ bookable time, 0…1.
        var occupancy: Double
        /// Hours booked (quantity-hours for shared capacity).
        var bookedHours: Double
        /// Hours the resource was out of service.
        var outageHours: Double
        /// Requests refused or impossible, and the hours (quantity-hours) they asked for.
        var refusedCount: Int
        var refusedHours: Double
        /// Hours per borrowing structure, most first.
        var byOrganization: [String: Double]
    }

    var capacity: Double
    var exclusive: Bool
    var accepted: [Interval]
    var outages: [Interval]
    var refused: [Interval]

    /// The first instant of each month of the `count` months ending with the one containing `now`, in Paris time.
    static func months(endingAt now: Date, count: Int) -> [(Date, Date)] {
        let calendar = Calendar.paris
        let current = calendar.date(from: calendar.dateComponents([.year, .month], from: now)) ?? now
        return (0..<count).reversed().compactMap { back in
            guard let start = calendar.date(byAdding: .month, value: -back, to: current),
                let end = calendar.date(byAdding: .month, value: 1, to: start)
            else { return nil }
            return (start, end)
        }
    }

    private static func hours(_ i: Interval, within start: Date, _ end: Date) -> Double {
        max(0, min(i.end, end).timeIntervalSince(max(i.start, start))) / 3_600
    }

    func month(_ start: Date, _ end: Date) -> Month {
        let weight: (Interval) -> Double = { exclusive ? 1 : $0.quantity }
        let outage = outages.map { Self.hours($0, within: start, end) }.reduce(0, +)
        let bookable = max(0, end.timeIntervalSince(start) / 3_600 - outage) * (exclusive ? 1 : capacity)
        var byOrganization: [String: Double] = [:]
        var booked = 0.0
        for i in accepted {
            let h = Self.hours(i, within: start, end) * weight(i)
            guard h > 0 else { continue }
            booked += h
            byOrganization[i.organization, default: 0] += h
        }
        let refusedHere = refused.filter { $0.start >= start && $0.start < end }
        return Month(
            start: start, occupancy: bookable > 0 ? min(1, booked / bookable) : 0, bookedHours: booked, outageHours: outage,
            refusedCount: refusedHere.count, refusedHours: refusedHere.map { $0.end.timeIntervalSince($0.start) / 3_600 * weight($0) }.reduce(0, +),
            byOrganization: byOrganization)
    }
}
