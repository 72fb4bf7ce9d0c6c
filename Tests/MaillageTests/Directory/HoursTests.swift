import Foundation
import Testing

@testable import Maillage

/// Issue 13, item 1: hours read from OSM, written back unchanged, said in French, and "open now" at a fixed time.
@Suite struct HoursTests {
    static func date(_ iso: String) -> LocalDate {
        LocalDate(iso: iso) ?? LocalDate(dayNumber: 0)
    }

    /// An instant given as Paris wall-clock time.
    static func paris(_ iso: String, _ hour: Int, _ minute: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris") ?? .current
        let d = date(iso).components
        return calendar.date(from: DateComponents(year: d.year, month: d.month, day: d.day, hour: hour, minute: minute)) ?? Date()
    }

    @Test func datesAndWeekdaysAreIntegerArithmetic() {
        #expect(Self.date("1970-01-01").dayNumber == 0)
        #expect(Self.date("2026-11-30").weekday == 0)  // a Monday
        #expect(Self.date("2027-01-03").weekday == 6)
        #expect(Self.date("2024-02-29").iso == "2024-02-29")
        #expect(LocalDate(iso: "2026-02-29") == nil)
        #expect(LocalDate(iso: "2026-13-01") == nil)
        #expect(LocalDate(iso: "demain") == nil)
        #expect(Self.date("2026-12-31").adding(days: 1).iso == "2027-01-01")
    }

    @Test func holidaysFollowTheLawWhereTheStructureIs() {
        #expect(FrenchHolidays.easterSunday(2026).iso == "2026-04-05")
        #expect(FrenchHolidays.easterSunday(2027).iso == "2027-03-28")
        let metropole = FrenchHolidays.holidays(year: 2026, departement: "11")
        #expect(metropole.count == 11)
        for day in [
            "2026-01-01", "2026-04-06", "2026-05-01", "2026-05-08", "2026-05-14", "2026-05-25", "2026-07-14", "2026-08-15", "2026-11-01", "2026-11-11",
            "2026-12-25",
        ] {
            #expect(metropole.contains(Self.date(day)), "\(day)")
        }
        #expect(FrenchHolidays.isHoliday(Self.date("2026-04-03"), departement: "67"))  // Vendredi saint
        #expect(!FrenchHolidays.isHoliday(Self.date("2026-04-03"), departement: "11"))
        #expect(FrenchHolidays.isHoliday(Self.date("2026-12-26"), departement: "57"))
        #expect(FrenchHolidays.isHoliday(Self.date("2026-12-20"), departement: "974"))
        #expect(FrenchHolidays.isHoliday(Self.date("2026-05-27"), departement: "971"))
    }

    @Test func hoursAreReadAndWrittenBackTheSame() throws {
        let text = #"Mo-Fr 09:00-12:00,14:00-17:00; We 14:00-17:00 "sur rendez-vous"; Sa 20:00-02:00; PH off; 2026 Jul 14-2026 Aug 20 off "Congés d'été""#
        let hours = try #require(WeeklyHours.parse(text))
        #expect(hours.days[0] == DayHours(mode: .open, slots: [TimeSlot(opens: 540, closes: 720), TimeSlot(opens: 840, closes: 1020)]))
        #expect(hours.days[2] == DayHours(mode: .appointment, slots: [TimeSlot(opens: 840, closes: 1020)]))
        #expect(hours.days[5] == DayHours(mode: .open, slots: [TimeSlot(opens: 1200, closes: 1560)]))
        #expect(hours.days[6] == .closed)
        #expect(hours.closedOnHolidays)
        #expect(hours.closures == [Closure(from: Self.date("2026-07-14"), to: Self.date("2026-08-20"), message: "Congés d'été")])
        // The canonical text groups the same days and reads back to the same hours.
        #expect(
            hours.osm
                == #"Mo,Tu,Th,Fr 09:00-12:00,14:00-17:00; We 14:00-17:00 "sur rendez-vous"; Sa 20:00-02:00; PH off; 2026 Jul 14-2026 Aug 20 off "Congés d'été""#
        )
        #expect(WeeklyHours.parse(hours.osm) == hours)
        #expect(throws: Never.self) { try OpeningHours.validate(hours.osm) }
        // Other ways of writing the same thing.
        #expect(WeeklyHours.parse("Mo-Su 00:00-24:00") == WeeklyHours.parse("24/7"))
        #expect(WeeklyHours.parse("Fr-Mo 10:00-12:00")?.days.map(\.mode) == [.open, .closed, .closed, .closed, .open, .open, .open])
        #expect(WeeklyHours.parse("2026 Dec 24-26 off")?.closures.first?.to == Self.date("2026-12-26"))
        #expect(WeeklyHours.parse(#"We "sur rendez-vous""#)?.days[2] == DayHours(mode: .appointment, slots: []))
        #expect(WeeklyHours.parse("")?.isEmpty == true)
        // Valid OSM this model cannot hold: kept as text elsewhere, never half-read.
        for other in ["Jan-Mar Mo 10:00-12:00", "Sa sunrise-sunset", "Mo 09:00-12:00 || PH closed", #"Mo 09:00-12:00 "fermé le midi""#, "Tu[1] 14:00-16:00"] {
            #expect(WeeklyHours.parse(other) == nil, "\(other)")
        }
        #expect(WeeklyHours.parse("du lundi au vendredi") == nil)
    }

    @Test func hoursReadInFrench() throws {
        let hours = try #require(WeeklyHours.parse(#"Mo,Th 09:00-12:00; Tu-Fr 14:00-17:30; Sa 09:00-12:00,14:00-16:00,17:00-19:00; Su "sur rendez-vous""#))
        // Later rules replace the days they name: Thursday is afternoons only.
        #expect(
            HoursText.week(hours).map { "\($0.days) : \($0.hours)" } == [
                "Lundi : 9 h – 12 h",
                "Du mardi au vendredi : 14 h – 17 h 30",
                "Samedi : 9 h – 12 h, 14 h – 16 h et 17 h – 19 h",
                "Dimanche : sur rendez-vous",
            ])
        let two = try #require(WeeklyHours.parse("Mo,Th 09:00-12:00"))
        #expect(HoursText.week(two).map { "\($0.days) : \($0.hours)" } == ["Lundi et jeudi : 9 h – 12 h"])
        #expect(HoursText.week(try #require(WeeklyHours.parse("24/7"))).map(\.days) == ["Tous les jours"])
        #expect(HoursText.time(1440) == "minuit" && HoursText.time(1560) == "2 h" && HoursText.time(545) == "9 h 05")
        let closures = try #require(WeeklyHours.parse(#"Mo 09:00-12:00; 2026 Jul 14-2026 Aug 20 off "Congés d'été"; 2026 Jan 01 off; 2027 Jan 02 off"#))
        #expect(
            HoursText.closures(closures, today: Self.date("2026-07-01")) == [
                "Fermé du 14 juillet au 20 août : Congés d'été", "Fermé le 2 janvier 2027.",
            ])
    }

    @Test func openNowAtAFixedTime() throws {
        let hours = try #require(WeeklyHours.parse("Mo-Fr 09:00-12:00,14:00-17:00; Sa 20:00-02:00; PH off; 2026 Dec 21-2026 Dec 23 off \"Inventaire\""))
        func status(_ iso: String, _ h: Int, _ m: Int = 0) -> String {
            hours.status(at: Self.paris(iso, h, m), departement: "11")?.text(today: Self.date(iso)) ?? "—"
        }
        // Monday 30 November 2026.
        #expect(status("2026-11-30", 10) == "Ouvert maintenant · ferme à 12 h")
        #expect(status("2026-11-30", 12, 30) == "Ouvre à 14 h")
        #expect(status("2026-11-30", 8) == "Ouvre à 9 h")
        #expect(status("2026-11-30", 18) == "Fermé · ouvre demain à 9 h")
        #expect(status("2026-12-04", 18) == "Fermé · ouvre demain à 20 h")
        // Across midnight: Saturday evening's slot still runs on Sunday at 1 a.m., not at 3.
        #expect(status("2026-12-05", 21) == "Ouvert maintenant · ferme à 2 h")
        #expect(status("2026-12-06", 1) == "Ouvert maintenant · ferme à 2 h")
        #expect(status("2026-12-06", 3) == "Fermé aujourd'hui · ouvre demain à 9 h")
        // A temporary closure, then a holiday (Christmas, a Friday).
        #expect(status("2026-12-22", 10) == "Fermé jusqu'au 23 décembre : Inventaire")
        #expect(status("2026-12-25", 10) == "Fermé aujourd'hui (jour férié) · ouvre demain à 20 h")
        // The index's fast question agrees.
        for (iso, h, open) in [
            ("2026-11-30", 10, true), ("2026-11-30", 13, false), ("2026-12-06", 1, true), ("2026-12-22", 10, false), ("2026-12-25", 10, false),
        ] {
            let day = Self.date(iso)
            #expect(
                hours.isOpen(
                    today: day, minutes: h * 60, isHoliday: FrenchHolidays.isHoliday(day, departement: "11"),
                    wasHolidayYesterday: FrenchHolidays.isHoliday(day.adding(days: -1), departement: "11")) == open, "\(iso) \(h)")
        }
        // By appointment, and no hours at all.
        #expect(
            WeeklyHours.parse(#"Mo-Su "sur rendez-vous""#)?.status(at: Self.paris("2026-11-30", 10), departement: "11")?.text(today: Self.date("2026-11-30"))
                == "Sur rendez-vous aujourd'hui")
        #expect(WeeklyHours().status(at: Self.paris("2026-11-30", 10), departement: "11") == nil)
        // Réunion is three hours ahead of Paris in winter: 7 a.m. in Paris is 10 a.m. there.
        #expect(try #require(WeeklyHours.parse("Mo 09:00-12:00")).status(at: Self.paris("2026-11-30", 7), departement: "974")?.isOpen == true)
    }

    @Test func badHoursGetFrenchMessages() throws {
        var hours = WeeklyHours()
        hours.days[0] = DayHours(mode: .open, slots: [TimeSlot(opens: 540, closes: 720), TimeSlot(opens: 660, closes: 840)])
        hours.days[1] = DayHours(mode: .open, slots: [])
        hours.days[4] = DayHours(mode: .open, slots: [TimeSlot(opens: 1200, closes: 1560)])
        hours.days[5] = DayHours(mode: .open, slots: [TimeSlot(opens: 60, closes: 600)])
        hours.closures = [Closure(from: Self.date("2026-08-20"), to: Self.date("2026-07-14"), message: "")]
        let problems = hours.problems
        #expect(problems.contains { $0.place == .day(0) && $0.message.contains("9 h – 12 h et 11 h – 14 h se chevauchent") })
        #expect(problems.contains { $0.place == .day(1) && $0.message.contains("au moins un créneau") })
        #expect(problems.contains { $0.place == .day(5) && $0.message.contains("veille au soir") })
        #expect(problems.contains { $0.place == .closure(0) && $0.message.contains("se termine avant de commencer") })
        #expect(WeeklyHours.commentSafe("Fermé \"exceptionnellement\"\navant Noël") == "Fermé ”exceptionnellement” avant Noël")
    }
}
