/// Hours as a volunteer reads them: "Du lundi au vendredi : 9 h – 12 h et 14 h – 17 h", "Fermé du 14 juillet au
/// 20 août : congés d'été".
enum HoursText {
    static let months = [
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ]

    /// 540 → "9 h", 570 → "9 h 30", 1440 → "minuit", 1560 (past midnight) → "2 h".
    static func time(_ minutes: Int) -> String {
        if minutes == 1440 { return "minuit" }
        let m = minutes % 1440
        let h = m / 60, rest = m % 60
        return rest == 0 ? "\(h) h" : "\(h) h \(rest < 10 ? "0" : "")\(rest)"
    }

    static func range(_ slot: TimeSlot) -> String {
        if slot.opens == 0 && slot.closes == 1440 { return "toute la journée" }
        return time(slot.opens) + " – " + time(slot.closes)
    }

    /// "14 juillet", with the year when it is not `currentYear`.
    static func date(_ date: LocalDate, currentYear: Int? = nil) -> String {
        let c = date.components
        let day = c.day == 1 ? "1er" : "\(c.day)"
        return "\(day) \(months[c.month - 1])" + (currentYear == c.year ? "" : " \(c.year)")
    }

    /// "Lundi et jeudi", "Du lundi au vendredi", "Tous les jours", "Lundi, mercredi et vendredi".
    static func days(_ days: [Int]) -> String {
        let names = days.map { WeeklyHours.frenchDays[$0] }
        let text: String
        if days.count == 7 {
            text = "tous les jours"
        } else if days.count >= 3, zip(days, days.dropFirst()).allSatisfy({ $1 == $0 + 1 }), let first = names.first, let last = names.last {
            text = "du \(first) au \(last)"
        } else if names.count > 1, let last = names.last {
            text = names.dropLast().joined(separator: ", ") + " et " + last
        } else {
            text = names.first ?? ""
        }
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    static func slots(_ day: DayHours) -> String {
        let ranges = day.slots.map(range)
        let listed: String
        if ranges.count > 1, let last = ranges.last {
            listed = ranges.dropLast().joined(separator: ", ") + " et " + last
        } else {
            listed = ranges.first ?? ""
        }
        switch day.mode {
        case .closed: return "fermé"
        case .open: return listed
        case .appointment: return listed.isEmpty ? "sur rendez-vous" : listed + ", sur rendez-vous"
        }
    }

    /// One line per group of days with the same hours, Monday first.
    static func week(_ hours: WeeklyHours) -> [(days: String, hours: String)] {
        var out: [(String, String)] = []
        var done = Set<Int>()
        for d in 0..<7 where hours.days[d].mode != .closed && !done.contains(d) {
            let same = (d..<7).filter { hours.days[$0] == hours.days[d] }
            done.formUnion(same)
            out.append((days(same), slots(hours.days[d])))
        }
        return out
    }

    /// The week on one line ("Lundi : 9 h – 12 h ; Jeudi : 14 h – 17 h"), or the text as given when it is not a
    /// weekly pattern.
    static func sentence(_ osm: String) -> String {
        guard let hours = WeeklyHours.parse(osm) else { return osm }
        return week(hours).map { "\($0.days) : \($0.hours)" }.joined(separator: " ; ")
    }

    /// The closures still to come or under way on `today`, in order, as sentences.
    static func closures(_ hours: WeeklyHours, today: LocalDate) -> [String] {
        hours.closures.filter { $0.to >= today }.sorted { $0.from < $1.from }.map { c in
            let year = today.year
            let span =
                c.from == c.to
                ? "Fermé le \(date(c.from, currentYear: year))"
                : "Fermé du \(date(c.from, currentYear: c.to.year == c.from.year ? c.to.year : year)) au \(date(c.to, currentYear: year))"
            return c.message.isEmpty ? span + "." : span + " : " + c.message
        }
    }
}
