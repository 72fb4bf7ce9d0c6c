import Foundation

/// Whether a structure is open at an instant, said as on a shop door: "Ouvert maintenant · ferme à 12 h",
/// "Ouvre à 14 h", "Fermé aujourd'hui · ouvre lundi à 9 h", "Fermé jusqu'au 20 août : congés d'été".
struct HoursStatus: Equatable, Sendable {
    struct NextOpening: Equatable, Sendable {
        var daysAhead: Int
        var date: LocalDate
        var at: Int
    }

    enum Kind: Equatable, Sendable {
        case open(closesAt: Int)
        case opensLater(at: Int)
        case appointment
        /// It was open earlier today.
        case closedNow(next: NextOpening?)
        case closedToday(next: NextOpening?)
        case holiday(next: NextOpening?)
        case temporarilyClosed(until: LocalDate, message: String)
    }

    var kind: Kind

    var isOpen: Bool { if case .open = kind { true } else { false } }

    /// For the badge's colour: open, soon (later today, by appointment) or closed.
    var tone: String {
        switch kind {
        case .open: "ouvert"
        case .opensLater, .appointment: "bientot"
        default: "ferme"
        }
    }

    func text(today: LocalDate) -> String {
        func next(_ n: NextOpening?) -> String {
            guard let n else { return "" }
            let when: String
            switch n.daysAhead {
            case 1: when = "demain"
            case 2...6: when = WeeklyHours.frenchDays[n.date.weekday]
            default: when = "le " + HoursText.date(n.date, currentYear: today.year)
            }
            return " · ouvre \(when) à \(HoursText.time(n.at))"
        }
        switch kind {
        case .open(let closesAt): return "Ouvert maintenant · ferme à \(HoursText.time(closesAt))"
        case .opensLater(let at): return "Ouvre à \(HoursText.time(at))"
        case .appointment: return "Sur rendez-vous aujourd'hui"
        case .closedNow(let n): return "Fermé" + next(n)
        case .closedToday(let n): return "Fermé aujourd'hui" + next(n)
        case .holiday(let n): return "Fermé aujourd'hui (jour férié)" + next(n)
        case .temporarilyClosed(let until, let message):
            return "Fermé jusqu'au \(HoursText.date(until, currentYear: today.year))" + (message.isEmpty ? "" : " : " + message)
        }
    }
}

extension WeeklyHours {
    /// The status at `instant` where the structure is; nil when no hours are given.
    func status(at instant: Date, departement: String) -> HoursStatus? {
        let (today, minutes) = LocalTime.moment(instant, departement: departement)
        return status(today: today, minutes: minutes) { FrenchHolidays.isHoliday($0, departement: departement) }
    }

    func status(today: LocalDate, minutes: Int, isHoliday: (LocalDate) -> Bool) -> HoursStatus? {
        if let closure = closure(on: today) { return HoursStatus(kind: .temporarilyClosed(until: closure.to, message: closure.message)) }
        guard days.contains(where: { $0.mode != .closed }) else { return nil }
        if let closesAt = nightSlotFromYesterday(today: today, minutes: minutes, isHoliday: isHoliday) {
            return HoursStatus(kind: .open(closesAt: closesAt))
        }
        func nextDay() -> HoursStatus.NextOpening? { nextOpening(after: today, isHoliday: isHoliday) }
        if closedOnHolidays, isHoliday(today) { return HoursStatus(kind: .holiday(next: nextDay())) }
        let day = days[today.weekday]
        switch day.mode {
        case .closed: return HoursStatus(kind: .closedToday(next: nextDay()))
        case .appointment: return HoursStatus(kind: .appointment)
        case .open:
            for slot in day.slots {
                if slot.opens <= minutes && minutes < slot.closes { return HoursStatus(kind: .open(closesAt: slot.closes)) }
                if minutes < slot.opens { return HoursStatus(kind: .opensLater(at: slot.opens)) }
            }
            return HoursStatus(kind: day.slots.isEmpty ? .closedToday(next: nextDay()) : .closedNow(next: nextDay()))
        }
    }

    /// The fast question of the "open now" filter, without building a sentence.
    func isOpen(today: LocalDate, minutes: Int, isHoliday: Bool, wasHolidayYesterday: Bool) -> Bool {
        if !closures.isEmpty, closure(on: today) != nil { return false }
        let yesterday = days[(today.weekday + 6) % 7]
        if yesterday.mode == .open, !(closedOnHolidays && wasHolidayYesterday), closure(on: today.adding(days: -1)) == nil,
            yesterday.slots.contains(where: { $0.closes > 1440 && minutes < $0.closes - 1440 })
        {
            return true
        }
        if closedOnHolidays && isHoliday { return false }
        let day = days[today.weekday]
        return day.mode == .open && day.slots.contains { $0.opens <= minutes && minutes < $0.closes }
    }

    func closure(on date: LocalDate) -> Closure? {
        closures.first { $0.from <= date && date <= $0.to }
    }

    /// A slot of yesterday evening still running after midnight: its closing time today.
    private func nightSlotFromYesterday(today: LocalDate, minutes: Int, isHoliday: (LocalDate) -> Bool) -> Int? {
        let yesterdayDate = today.adding(days: -1)
        let yesterday = days[yesterdayDate.weekday]
        guard yesterday.mode == .open, closure(on: yesterdayDate) == nil, !(closedOnHolidays && isHoliday(yesterdayDate)) else { return nil }
        return yesterday.slots.first { $0.closes > 1440 && minutes < $0.closes - 1440 }.map { $0.closes - 1440 }
    }

    /// The first opening in the next two weeks, skipping closures and (when closed then) holidays.
    private func nextOpening(after today: LocalDate, isHoliday: (LocalDate) -> Bool) -> HoursStatus.NextOpening? {
        for ahead in 1...14 {
            let date = today.adding(days: ahead)
            let day = days[date.weekday]
            guard day.mode == .open, let first = day.slots.first, closure(on: date) == nil, !(closedOnHolidays && isHoliday(date)) else { continue }
            return HoursStatus.NextOpening(daysAhead: ahead, date: date, at: first.opens)
        }
        return nil
    }
}
