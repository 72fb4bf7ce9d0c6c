import Foundation

/// A month of a resource at a glance, day by day: free, partly taken, full, closed or out of service; for shared
/// capacity, the least free capacity of the day. Plain arithmetic on bookings, tested without a database.
struct ResourceMonth: Sendable {
    enum State: String, Sendable {
        case free = "libre", partial = "en partie", full = "complet", closed = "fermé", outage = "hors service"
    }

    struct Day: Sendable, Equatable {
        var start: Date
        var number: Int
        /// In the month shown (the grid starts on a Monday and may show the end of the month before).
        var inMonth: Bool
        var state: State
        /// Shared capacity: the least free quantity during the day's open hours.
        var free: Double?
    }

    var monthStart: Date
    var days: [Day]

    /// `bookings`: those that hold a place (accepted or held), outages included.
    init(monthStart: Date, exclusive: Bool, capacity: Double, opening: PickupHours, closures: [(Date, Date)], bookings: [Booking]) {
        let calendar = Calendar.paris
        self.monthStart = monthStart
        let month = calendar.component(.month, from: monthStart)
        let gridStart = calendar.dateInterval(of: .weekOfYear, for: monthStart)?.start ?? monthStart
        let monthEnd = calendar.date(byAdding: .month, value: 1, to: monthStart) ?? monthStart
        var days: [Day] = []
        var day = gridStart
        while day < monthEnd || days.count % 7 != 0 {
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { break }
            let open = PickupHours.subtract(opening.spans(from: day, to: next), closures)
            let outages = bookings.filter { $0.isOutage && $0.start < next && $0.end > day }
            let lent = bookings.filter { !$0.isOutage && $0.start < next && $0.blockedUntil > day }
            var state = State.free
            var free: Double?
            if open.isEmpty {
                state = .closed
            } else if PickupHours.subtract(open, outages.map { ($0.start, $0.end) }).isEmpty {
                state = .outage
            } else if exclusive {
                let taken = PickupHours.subtract(open, (outages + lent).map { ($0.start, $0.blockedUntil) })
                state = taken.isEmpty ? .full : lent.isEmpty && outages.isEmpty ? .free : .partial
            } else {
                // The least free capacity over the day's open hours, hour by hour.
                var least = capacity
                for span in open {
                    for slot in BookingRules.slots(from: span.0, to: span.1) {
                        let end = slot.addingTimeInterval(BookingRules.slot)
                        let used = (lent + outages).filter { $0.start < end && $0.end > slot }.map(\.quantity).reduce(0, +)
                        least = min(least, capacity - used)
                    }
                }
                free = max(0, least)
                state = least <= 0.000001 ? .full : least < capacity ? .partial : .free
            }
            days.append(
                Day(start: day, number: calendar.component(.day, from: day), inMonth: calendar.component(.month, from: day) == month, state: state, free: free))
            day = next
        }
        self.days = days
    }
}
