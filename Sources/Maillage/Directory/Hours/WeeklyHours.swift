import Foundation

/// One opening slot of a day, in minutes since midnight. `closes` passes 1440 when the slot runs past midnight
/// (a night shelter's "20:00-02:00").
struct TimeSlot: Hashable, Sendable {
    var opens: Int
    var closes: Int
}

/// How a day is kept: closed, open at its slots, or by appointment (at its slots when given).
enum DayMode: String, Hashable, Sendable, CaseIterable {
    case closed = "ferme", open = "ouvert", appointment = "rdv"

    var label: String {
        switch self {
        case .closed: "Fermé"
        case .open: "Ouvert"
        case .appointment: "Sur rendez-vous"
        }
    }
}

struct DayHours: Hashable, Sendable {
    var mode: DayMode
    /// Sorted by opening time.
    var slots: [TimeSlot]

    static let closed = DayHours(mode: .closed, slots: [])
}

/// A temporary closure (summer, works, a crisis), both days included, with what to tell visitors.
struct Closure: Hashable, Sendable {
    var from: LocalDate
    var to: LocalDate
    var message: String
}

/// A structure's hours as people keep them: per weekday, holidays, temporary closures. Read from and written to
/// OpenStreetMap `opening_hours` (stored as such, so that data·inclusion exports and imports carry them unchanged);
/// hours using more of the grammar (months, week numbers, sunrise) are kept as text and shown as given.
struct WeeklyHours: Hashable, Sendable {
    /// Monday first.
    var days: [DayHours] = Array(repeating: .closed, count: 7)
    var closedOnHolidays = false
    var closures: [Closure] = []

    static let appointmentComment = "sur rendez-vous"
    static let osmDays = OpeningHours.weekdays
    static let frenchDays = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]

    /// No day open, no closure: the hours are not given.
    var isEmpty: Bool { days.allSatisfy { $0.mode == .closed } && closures.isEmpty }

    // MARK: Reading OpenStreetMap

    /// The hours of `text`; empty hours for an empty text; nil when the text is not valid OSM or uses more of the
    /// grammar than weekdays, times, "PH off", dated closures and the "sur rendez-vous" comment.
    static func parse(_ text: String) -> WeeklyHours? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return WeeklyHours() }
        guard (try? OpeningHours.validate(trimmed)) != nil, let rules = splitRules(trimmed) else { return nil }
        var hours = WeeklyHours()
        for rule in rules where !rule.isEmpty {
            guard hours.apply(rule) else { return nil }
        }
        return hours
    }

    /// Rules separated by ";" outside comments; nil on a fallback rule ("||"), which this model cannot hold.
    private static func splitRules(_ text: String) -> [String]? {
        var rules: [String] = []
        var current = ""
        var quoted = false
        for c in text {
            if c == "\"" { quoted.toggle() }
            if c == ";" && !quoted {
                rules.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(c)
            }
        }
        rules.append(current.trimmingCharacters(in: .whitespaces))
        return rules.contains { $0.contains("||") } ? nil : rules
    }

    /// Applies one rule; later rules replace the days they name, as in OSM.
    private mutating func apply(_ rule: String) -> Bool {
        var body = rule
        var comment: String?
        if let first = rule.firstIndex(of: "\"") {
            guard let last = rule.lastIndex(of: "\""), last > first, rule[rule.index(after: last)...].allSatisfy(\.isWhitespace) else { return false }
            comment = String(rule[rule.index(after: first)..<last])
            body = String(rule[..<first])
        }
        let words = body.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let head = words.first else { return false }
        if words == ["24/7"], comment == nil {
            days = Array(repeating: DayHours(mode: .open, slots: [TimeSlot(opens: 0, closes: 1440)]), count: 7)
            return true
        }
        if head == "PH" {
            guard words.count == 2, words[1] == "off" || words[1] == "closed" else { return false }
            closedOnHolidays = true
            return true
        }
        if head.count == 4, head.allSatisfy(\.isNumber) {
            guard let closure = Self.closure(words, comment: comment) else { return false }
            closures.append(closure)
            return true
        }
        guard let selected = Self.dayList(head) else { return false }
        let rest = words.dropFirst().joined()
        let isAppointment = comment.map { TextFolding.fold($0).contains("rendez") } ?? false
        guard comment == nil || isAppointment else { return false }
        let day: DayHours
        if rest == "off" || rest == "closed" {
            day = .closed
        } else if rest.isEmpty {
            // "Mo-Fr" alone is open all day in OSM; with the comment, by appointment at any time.
            day = isAppointment ? DayHours(mode: .appointment, slots: []) : DayHours(mode: .open, slots: [TimeSlot(opens: 0, closes: 1440)])
        } else {
            var slots: [TimeSlot] = []
            for range in rest.split(separator: ",") {
                guard let slot = Self.slot(String(range)) else { return false }
                slots.append(slot)
            }
            day = DayHours(mode: isAppointment ? .appointment : .open, slots: slots.sorted { $0.opens < $1.opens })
        }
        for d in selected { days[d] = day }
        return true
    }

    /// "Mo-We,Fr" → [0, 1, 2, 4]; a range may wrap over the week end ("Fr-Mo").
    static func dayList(_ text: String) -> [Int]? {
        var out: [Int] = []
        for part in text.split(separator: ",") {
            let ends = part.split(separator: "-")
            guard let first = ends.first, let a = osmDays.firstIndex(of: String(first)) else { return nil }
            if ends.count == 1 {
                out.append(a)
            } else if ends.count == 2, let b = osmDays.firstIndex(of: String(ends[1])) {
                out.append(contentsOf: b >= a ? Array(a...b) : Array(a...6) + Array(0...b))
            } else {
                return nil
            }
        }
        return out
    }

    /// "09:00-12:00"; "20:00-02:00" and "20:00-26:00" both run past midnight.
    private static func slot(_ text: String) -> TimeSlot? {
        let ends = text.split(separator: "-")
        guard ends.count == 2, let opens = minutes(String(ends[0])), var closes = minutes(String(ends[1])), opens < 1440 else { return nil }
        if closes <= opens { closes += 1440 }
        guard closes <= opens + 1440 else { return nil }
        return TimeSlot(opens: opens, closes: closes)
    }

    private static func minutes(_ text: String) -> Int? {
        let p = text.split(separator: ":")
        guard p.count == 2, p[1].count == 2, let h = Int(p[0]), let m = Int(p[1]), (0...48).contains(h), (0..<60).contains(m) else { return nil }
        return h * 60 + m
    }

    /// "2026 Jul 14 off", "2026 Jul 14-2026 Aug 20 off", "2026 Jul 14-Aug 20 off", "2026 Dec 24-26 off".
    private static func closure(_ words: [String], comment: String?) -> Closure? {
        guard let last = words.last, last == "off" || last == "closed" else { return nil }
        let tokens = words.dropLast().joined(separator: " ").replacingOccurrences(of: "-", with: " - ").split(separator: " ").map(String.init)
        func date(_ t: ArraySlice<String>, year: Int?, month: Int?) -> LocalDate? {
            let t = Array(t)
            switch t.count {
            case 3:
                return Int(t[0]).flatMap { y in
                    OpeningHours.months.firstIndex(of: t[1]).flatMap { m in Int(t[2]).flatMap { LocalDate(year: y, month: m + 1, day: $0) } }
                }
            case 2:
                return year.flatMap { y in
                    OpeningHours.months.firstIndex(of: t[0]).flatMap { m in Int(t[1]).flatMap { LocalDate(year: y, month: m + 1, day: $0) } }
                }
            case 1: return year.flatMap { y in month.flatMap { m in Int(t[0]).flatMap { LocalDate(year: y, month: m, day: $0) } } }
            default: return nil
            }
        }
        let dash = tokens.firstIndex(of: "-")
        guard let from = date(tokens[..<(dash ?? tokens.count)], year: nil, month: nil) else { return nil }
        var to = from
        if let dash {
            let c = from.components
            guard let end = date(tokens[(dash + 1)...], year: c.year, month: c.month) else { return nil }
            to = end
        }
        return Closure(from: from, to: to, message: comment ?? "")
    }

    // MARK: Writing OpenStreetMap

    /// The canonical OSM text: days with the same hours grouped, Monday first; then holidays; then closures.
    var osm: String {
        var rules: [String] = []
        var done = Set<Int>()
        for d in 0..<7 where days[d].mode != .closed && !done.contains(d) {
            let same = (d..<7).filter { days[$0] == days[d] }
            done.formUnion(same)
            rules.append(Self.osmDayList(same) + " " + Self.osmBody(days[d]))
        }
        // Alone, "PH off" would say nothing about when the structure opens.
        if closedOnHolidays, !rules.isEmpty { rules.append("PH off") }
        for closure in closures.sorted(by: { $0.from < $1.from }) {
            var rule = Self.osmDate(closure.from)
            if closure.to != closure.from { rule += "-" + Self.osmDate(closure.to) }
            rule += " off"
            let message = Self.commentSafe(closure.message)
            if !message.isEmpty { rule += " \"\(message)\"" }
            rules.append(rule)
        }
        return rules.joined(separator: "; ")
    }

    static func osmDayList(_ days: [Int]) -> String {
        var parts: [String] = []
        var i = 0
        while i < days.count {
            var j = i
            while j + 1 < days.count, days[j + 1] == days[j] + 1 { j += 1 }
            switch j - i {
            case 0: parts.append(osmDays[days[i]])
            case 1: parts.append(osmDays[days[i]] + "," + osmDays[days[j]])
            default: parts.append(osmDays[days[i]] + "-" + osmDays[days[j]])
            }
            i = j + 1
        }
        return parts.joined(separator: ",")
    }

    private static func osmBody(_ day: DayHours) -> String {
        let times = day.slots.map { OpeningHours.clock($0.opens) + "-" + OpeningHours.clock($0.closes > 1440 ? $0.closes - 1440 : $0.closes) }
            .joined(separator: ",")
        switch day.mode {
        case .appointment: return times.isEmpty ? "\"\(appointmentComment)\"" : times + " \"\(appointmentComment)\""
        default: return times
        }
    }

    private static func osmDate(_ date: LocalDate) -> String {
        let c = date.components
        return "\(c.year) \(OpeningHours.months[c.month - 1]) \(String(format: "%02d", c.day))"
    }

    /// A closure message inside an OSM comment: no quote, no line break, 120 characters at most.
    static func commentSafe(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\"", with: "”").components(separatedBy: .newlines).joined(separator: " ")
        let printable = String(String.UnicodeScalarView(flat.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }))
        return String(printable.prefix(120)).trimmingCharacters(in: .whitespaces)
    }

    // MARK: Checks

    /// What a volunteer must correct, by day (0–6) or closure index, in French.
    struct Problem: Equatable, Sendable {
        enum Place: Equatable, Sendable { case day(Int), closure(Int) }
        var place: Place
        var message: String
    }

    var problems: [Problem] {
        var out: [Problem] = []
        for (d, day) in days.enumerated() {
            let name = Self.frenchDays[d].capitalized
            if day.mode == .open, day.slots.isEmpty {
                out.append(Problem(place: .day(d), message: "\(name) : indiquez au moins un créneau, ou choisissez « Fermé » ou « Sur rendez-vous »."))
            }
            for (a, b) in zip(day.slots, day.slots.dropFirst()) where b.opens < a.closes {
                out.append(
                    Problem(
                        place: .day(d),
                        message: "\(name) : les créneaux \(HoursText.range(a)) et \(HoursText.range(b)) se chevauchent. Corrigez l'un des deux."))
            }
            // A night slot must end before the next day's first slot starts.
            if let night = day.slots.last, night.closes > 1440, let next = days[(d + 1) % 7].slots.first, days[(d + 1) % 7].mode != .closed,
                next.opens < night.closes - 1440
            {
                out.append(
                    Problem(
                        place: .day((d + 1) % 7),
                        message: "\(Self.frenchDays[(d + 1) % 7].capitalized) : ce créneau commence avant la fin de celui de la veille au soir."))
            }
        }
        for (i, closure) in closures.enumerated() {
            if closure.to < closure.from {
                out.append(Problem(place: .closure(i), message: "Cette fermeture se termine avant de commencer : vérifiez les deux dates."))
            } else if closure.to.dayNumber - closure.from.dayNumber > 366 {
                out.append(Problem(place: .closure(i), message: "Une fermeture temporaire dure un an au plus."))
            }
        }
        return out
    }
}
