import Foundation

/// Dates as people type them and scripts send them, shared by every module (issue 21: they had been parked in a
/// Sharing controller and a Surplus rule). Paris time throughout.

/// ISO 8601 date-times as scripts send them: with a time zone, with or without fractions of a second.
enum ISODate {
    static func parse(_ text: String) -> Date? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.count <= 40 else { return nil }
        return (try? Date(t, strategy: .iso8601)) ?? (try? Date(t, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }
}

/// A moment typed in a `datetime-local` field ("2026-12-04T09:30", Paris time), or a day ("2026-12-04") at midnight.
enum LocalMoment {
    static func parse(_ text: String) -> Date? {
        let t = text.trimmingCharacters(in: .whitespaces)
        for format in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"] {
            if let d = Formatters.date(format, french: false).use({ $0.date(from: t) }) { return d }
        }
        return nil
    }

    static func day(_ text: String) -> Date? { parse(text.trimmingCharacters(in: .whitespaces) + "T00:00") }
}

/// Calendar days in Paris: "2026-12-04", and the instants they start and end.
enum Day {
    /// A day typed as "2026-12-04" (a date field), "04/12/2026", or read from an ISO date-time.
    static func parse(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty, t.count <= 40 else { return nil }
        let f = formatter("yyyy-MM-dd")
        if t.count == 10, let d = f.use({ $0.date(from: t) }) { return of(d) }
        if t.count == 10, let d = formatter("dd/MM/yyyy").use({ $0.date(from: t) }) { return of(d) }
        if let d = ISODate.parse(t) { return of(d) }
        return nil
    }

    static func start(of day: String) -> Date { formatter("yyyy-MM-dd").use { $0.date(from: day) } ?? .distantPast }
    /// Midnight at the end of the day, in Paris (the next day's start).
    static func end(of day: String) -> Date {
        let s = start(of: day)
        return Calendar.paris.date(byAdding: .day, value: 1, to: s) ?? s.addingTimeInterval(86_400)
    }
    static func of(_ date: Date) -> String { formatter("yyyy-MM-dd").use { $0.string(from: date) } }
    /// "04/12/2026".
    static func label(_ day: String) -> String { Format.date(start(of: day).addingTimeInterval(43_200)) }

    private static func formatter(_ format: String) -> SharedFormatter<DateFormatter> { Formatters.date(format, french: false) }
}

/// A moment typed in a form (`datetime-local`, Paris time) or sent by a script (ISO 8601 with its offset).
enum FormMoment {
    static func parse(_ text: String) -> Date? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { return nil }
        return LocalMoment.parse(t) ?? ISODate.parse(t)
    }
}
