import Foundation

/// Hours as pages show them, computed where the clock is (the controller): the status of the moment, the week in
/// French, holidays and closures to come; hours this model cannot read are shown as given.
struct HoursSummary: Equatable, Sendable {
    struct Badge: Equatable, Sendable {
        var text: String
        /// "ouvert", "bientot" or "ferme": the badge's CSS class.
        var tone: String
    }
    struct Line: Equatable, Sendable {
        var days: String
        var hours: String
    }

    var badge: Badge?
    var week: [Line]
    var closedOnHolidays: Bool
    var closures: [String]
    /// The stored text, when it is not a weekly pattern (months, sunrise…).
    var asGiven: String?

    /// Nil when no hours are given.
    static func make(_ osm: String, departement: String, now: Date) -> HoursSummary? {
        let trimmed = osm.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        guard let hours = WeeklyHours.parse(trimmed) else {
            return HoursSummary(badge: nil, week: [], closedOnHolidays: false, closures: [], asGiven: trimmed)
        }
        guard !hours.isEmpty else { return nil }
        let today = LocalTime.moment(now, departement: departement).date
        return HoursSummary(
            badge: badge(hours, departement: departement, now: now),
            week: HoursText.week(hours).map { Line(days: $0.days, hours: $0.hours) },
            closedOnHolidays: hours.closedOnHolidays, closures: HoursText.closures(hours, today: today), asGiven: nil)
    }

    static func badge(_ hours: WeeklyHours, departement: String, now: Date) -> Badge? {
        let today = LocalTime.moment(now, departement: departement).date
        return hours.status(at: now, departement: departement).map { Badge(text: $0.text(today: today), tone: $0.tone) }
    }

    /// Just the badge, for a list of results.
    static func badge(_ osm: String, departement: String, now: Date) -> Badge? {
        WeeklyHours.parse(osm).flatMap { badge($0, departement: departement, now: now) }
    }
}
