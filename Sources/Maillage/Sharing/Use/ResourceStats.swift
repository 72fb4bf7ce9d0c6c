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
        /// The time it could be booked: opening hours (for a whole resource) less closures and breakdowns; for shared
        /// capacity, every hour less those, times the capacity.
        var bookableHours: Double
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
    /// When an exclusive resource can be picked up: its bookable time (storage is bookable around the clock).
    var opening: PickupHours = .always
    var closures: [(Date, Date)] = []

    init(
        capacity: Double, exclusive: Bool, accepted: [Interval], outages: [Interval], refused: [Interval], opening: PickupHours = .always,
        closures: [(Date, Date)] = []
    ) {
        (self.capacity, self.exclusive, self.accepted, self.outages, self.refused) = (capacity, exclusive, accepted, outages, refused)
        (self.opening, self.closures) = (opening, closures)
    }

    /// From a resource's accepted and refused bookings (others are ignored); `names` gives borrowers' names.
    init(resource r: SharedResource, bookings: [Booking], closures: [ResourceClosure], names: [UUID: String]) {
        func interval(_ b: Booking) -> Interval { .init(start: b.start, end: b.end, quantity: b.quantity, organization: names[b.$organization.id] ?? "") }
        let accepted = bookings.filter { $0.statusValue == .accepted }
        self.init(
            capacity: r.capacity, exclusive: r.kindValue.isExclusive, accepted: accepted.filter { !$0.isOutage }.map(interval),
            outages: accepted.filter(\.isOutage).map(interval), refused: bookings.filter { $0.statusValue == .refused }.map(interval), opening: r.opening,
            closures: closures.map { ($0.start, $0.end) })
    }

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
        let open = exclusive ? opening.spans(from: start, to: end) : [(start, end)]
        let bookableSpans = PickupHours.subtract(open, closures + outages.map { ($0.start, $0.end) })
        let bookable = bookableSpans.map { $0.1.timeIntervalSince($0.0) / 3_600 }.reduce(0, +) * (exclusive ? 1 : capacity)
        var byOrganization: [String: Double] = [:]
        var booked = 0.0, bookedOpen = 0.0
        for i in accepted where i.start < end && i.end > start {
            let h = Self.hours(i, within: start, end) * weight(i)
            guard h > 0 else { continue }
            booked += h
            bookedOpen += PickupHours.hours(of: i.start, i.end, within: bookableSpans) * weight(i)
            byOrganization[i.organization, default: 0] += h
        }
        let refusedHere = refused.filter { $0.start >= start && $0.start < end }
        return Month(
            start: start, occupancy: bookable > 0 ? min(1, bookedOpen / bookable) : 0, bookableHours: bookable, bookedHours: booked, outageHours: outage,
            refusedCount: refusedHere.count, refusedHours: refusedHere.map { $0.end.timeIntervalSince($0.start) / 3_600 * weight($0) }.reduce(0, +),
            byOrganization: byOrganization)
    }

    /// Months added up: occupancy over the whole period (booked ÷ bookable), hours and refusals summed.
    func total(_ months: [Month]) -> Month {
        let bookable = months.map(\.bookableHours).reduce(0, +)
        let bookedOpen = months.map { $0.occupancy * $0.bookableHours }.reduce(0, +)
        return Month(
            start: months.first?.start ?? Date(timeIntervalSince1970: 0), occupancy: bookable > 0 ? bookedOpen / bookable : 0, bookableHours: bookable,
            bookedHours: months.map(\.bookedHours).reduce(0, +), outageHours: months.map(\.outageHours).reduce(0, +),
            refusedCount: months.map(\.refusedCount).reduce(0, +), refusedHours: months.map(\.refusedHours).reduce(0, +),
            byOrganization: months.reduce(into: [:]) { all, m in all.merge(m.byOrganization, uniquingKeysWith: +) })
    }
}
