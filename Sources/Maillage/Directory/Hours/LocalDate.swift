import Foundation

/// A day on the calendar where the structure is, without a time zone: closures and holidays are days, not instants.
/// Kept as a count of days since 1 January 1970 so that weekdays and intervals are integer arithmetic.
struct LocalDate: Hashable, Comparable, Sendable {
    /// Days since 1970-01-01 (proleptic Gregorian calendar).
    let dayNumber: Int

    init(dayNumber: Int) { self.dayNumber = dayNumber }

    /// Nil for a date that does not exist (30 February).
    init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day) else { return nil }
        // Days from civil, after Howard Hinnant's "chrono-compatible low-level date algorithms".
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        dayNumber = era * 146_097 + dayOfEra - 719_468
    }

    /// "2026-07-14", as HTML date inputs send it.
    init?(iso: String) {
        let parts = iso.trimmingCharacters(in: .whitespaces).split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    var components: (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    var year: Int { components.year }

    /// Monday = 0 … Sunday = 6 (1 January 1970 was a Thursday).
    var weekday: Int { ((dayNumber % 7) + 7 + 3) % 7 }

    var iso: String {
        let c = components
        return String(format: "%04d-%02d-%02d", c.year, c.month, c.day)
    }

    func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    static func < (a: LocalDate, b: LocalDate) -> Bool { a.dayNumber < b.dayNumber }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// The time where a structure is: metropolitan France, or the time zone of an overseas département, whose
/// holidays also differ (`FrenchHolidays`).
enum LocalTime {
    static func zoneIdentifier(departement: String) -> String {
        switch departement {
        case "971", "977", "978": "America/Guadeloupe"
        case "972": "America/Martinique"
        case "973": "America/Cayenne"
        case "974": "Indian/Reunion"
        case "975": "America/Miquelon"
        case "976": "Indian/Mayotte"
        default: "Europe/Paris"
        }
    }

    /// The calendar day and the minutes since midnight at `instant`, where the structure is.
    static func moment(_ instant: Date, departement: String) -> (date: LocalDate, minutes: Int) {
        let zone = TimeZone(identifier: zoneIdentifier(departement: departement)) ?? TimeZone(secondsFromGMT: 3600) ?? .current
        let local = Int(instant.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: instant)
        let day = Int((Double(local) / 86_400).rounded(.down))
        return (LocalDate(dayNumber: day), (local - day * 86_400) / 60)
    }
}
