import Foundation

/// When a resource can be picked up and given back (Paris time): some days of the week, one span of hours. A
/// booking starts and ends inside it; what happens in between (a van kept overnight, pallets stored for a week) is
/// the borrower's business.
struct PickupHours: Sendable, Equatable {
    /// 1 = Monday … 7 = Sunday.
    var days: Set<Int>
    /// Minutes since midnight: opens at `opens`, closes at `closes` (1440 = midnight at the end of the day).
    var opens: Int
    var closes: Int

    static let always = PickupHours(days: Set(1...7), opens: 0, closes: 1440)

    var isAlways: Bool { days.count == 7 && opens == 0 && closes >= 1440 }

    /// The day of the week (1 = Monday) and the minute of the day of an instant, in Paris.
    private static func place(_ d: Date) -> (day: Int, minutes: Int) {
        let m = LocalTime.moment(d, departement: "75")
        return (m.date.weekday + 1, m.minutes)
    }

    func admitsStart(_ d: Date) -> Bool {
        let p = Self.place(d)
        return days.contains(p.day) && p.minutes >= opens && p.minutes < closes
    }

    /// An end at midnight belongs to the day before, open until midnight.
    func admitsEnd(_ d: Date) -> Bool {
        let p = Self.place(d)
        if p.minutes == 0 { return closes >= 1440 && days.contains(p.day == 1 ? 7 : p.day - 1) }
        return days.contains(p.day) && p.minutes > opens && p.minutes <= closes
    }

    /// "du lundi au vendredi, de 8 h à 18 h", "tous les jours, à toute heure".
    var text: String {
        let names = WeeklyHours.frenchDays
        let sorted = days.sorted()
        let dayText: String
        if sorted.count == 7 {
            dayText = "tous les jours"
        } else if sorted.count > 2, let first = sorted.first, let last = sorted.last, last - first + 1 == sorted.count {
            dayText = "du \(names[first - 1]) au \(names[last - 1])"
        } else {
            dayText = sorted.map { names[$0 - 1] }.joined(separator: ", ")
        }
        let hours = opens == 0 && closes >= 1440 ? "à toute heure" : "de \(HoursText.time(opens)) à \(HoursText.time(closes))"
        return sorted.isEmpty ? "jamais (aucun jour ouvert)" : "\(dayText), \(hours)"
    }

    /// The open spans between two instants, day by day in Paris.
    func spans(from start: Date, to end: Date) -> [(Date, Date)] {
        // Open at all hours: one span, without walking the calendar day by day (the territory's use page asks this
        // for hundreds of resources).
        if isAlways { return start < end ? [(start, end)] : [] }
        let calendar = Calendar.paris
        var day = calendar.startOfDay(for: start)
        var out: [(Date, Date)] = []
        while day < end {
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { break }
            if days.contains(Self.place(day.addingTimeInterval(3_600)).day),
                let a = calendar.date(byAdding: .minute, value: opens, to: day),
                let b = closes >= 1440 ? next : calendar.date(byAdding: .minute, value: closes, to: day)
            {
                let s = max(a, start), e = min(b, end)
                if s < e { out.append((s, e)) }
            }
            day = next
        }
        return out
    }

    /// What is left of `spans` once `cuts` are taken out (both sorted or not; the result is sorted).
    static func subtract(_ spans: [(Date, Date)], _ cuts: [(Date, Date)]) -> [(Date, Date)] {
        var out: [(Date, Date)] = []
        for span in spans {
            var pieces = [span]
            for cut in cuts {
                pieces = pieces.flatMap { p -> [(Date, Date)] in
                    guard cut.0 < p.1, p.0 < cut.1 else { return [p] }
                    return [(p.0, cut.0), (cut.1, p.1)].filter { $0.0 < $0.1 }
                }
            }
            out += pieces
        }
        return out.sorted { $0.0 < $1.0 }
    }

    /// Hours of [start, end) that fall inside `spans`.
    static func hours(of start: Date, _ end: Date, within spans: [(Date, Date)]) -> Double {
        spans.map { max(0, min($0.1, end).timeIntervalSince(max($0.0, start))) }.reduce(0, +) / 3_600
    }
}
