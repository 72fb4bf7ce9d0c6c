import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// Issue 14, the owner's rules of use: pick-up hours, closures, a monthly quota per structure, requests that hold
/// their place, release of what is not picked up; the month view, the structure's calendar, the territory's use.
@Suite struct PickupRulesTests {
    /// A Paris wall-clock time; a typo gives a date far in the past, which fails the test.
    func paris(_ text: String) -> Date { LocalMoment.parse(text) ?? .distantPast }

    @Test func pickupHoursAdmitStartsAndEndsInsideThem() {
        let weekdays = PickupHours(days: Set(1...5), opens: 8 * 60, closes: 18 * 60)
        #expect(weekdays.admitsStart(paris("2027-03-01T08:00")) && !weekdays.admitsStart(paris("2027-03-01T07:59")))
        #expect(!weekdays.admitsStart(paris("2027-03-01T18:00")) && weekdays.admitsEnd(paris("2027-03-01T18:00")))
        #expect(!weekdays.admitsStart(paris("2027-03-06T10:00")), "a Saturday")
        #expect(!weekdays.admitsEnd(paris("2027-03-02T08:00")), "an end at opening time gives nothing back")
        #expect(weekdays.text == "du lundi au vendredi, de 8 h à 18 h")
        // Open until midnight: an end at 0:00 belongs to the day before.
        let evenings = PickupHours(days: [5], opens: 18 * 60, closes: 1440)
        #expect(evenings.admitsEnd(paris("2027-03-06T00:00")) && !evenings.admitsEnd(paris("2027-03-07T00:00")))
        #expect(
            PickupHours.always.text == "tous les jours, à toute heure" && PickupHours(days: [1, 3], opens: 0, closes: 1440).text.hasPrefix("lundi, mercredi"))
        // A week of weekdays is five spans of ten hours, summer time or not.
        let spans = weekdays.spans(from: paris("2027-03-22T00:00"), to: paris("2027-03-29T00:00"))
        #expect(spans.count == 5 && spans.allSatisfy { $0.1.timeIntervalSince($0.0) == 36_000 })
        let cut = PickupHours.subtract(spans, [(paris("2027-03-22T12:00"), paris("2027-03-24T10:00"))])
        let left: Double = cut.map { $0.1.timeIntervalSince($0.0) }.reduce(0, +) / 3_600
        #expect(left == 32, "Monday 8–12, Wednesday 10–18, Thursday and Friday 8–18")
    }

    @Test func closuresAndHoursAreRefusedInFrench() {
        let now = paris("2027-03-01T07:00")
        let opening = PickupHours(days: Set(1...5), opens: 8 * 60, closes: 18 * 60)
        let closed = [BookingRules.Closed(start: paris("2027-03-10T00:00"), end: paris("2027-03-12T00:00"), label: "Inventaire")]
        func check(_ from: String, _ to: String) -> [BookingField: String] {
            BookingRules.validate(
                .init(start: paris(from), end: paris(to), quantity: 1, purpose: ""), kind: .van, capacity: 1, unit: "kg", now: now, opening: opening,
                closures: closed
            ).errors
        }
        #expect(check("2027-03-02T09:00", "2027-03-02T12:00").isEmpty)
        #expect(check("2027-03-02T06:00", "2027-03-02T12:00")[.start]?.contains("du lundi au vendredi, de 8 h à 18 h") == true)
        #expect(check("2027-03-05T09:00", "2027-03-06T12:00")[.end]?.contains("terminez pendant ces heures") == true)
        #expect(check("2027-03-09T09:00", "2027-03-12T12:00")[.start] == "Fermé du 10/03/2027 au 11/03/2027 (Inventaire) : choisissez d'autres dates.")
        #expect(check("2027-03-12T09:00", "2027-03-12T12:00").isEmpty, "the day after the closure is open")
    }

    @Test func quotaHoursAreCountedPerParisMonth() {
        let split = BookingRules.monthlyHours(start: paris("2027-03-31T20:00"), end: paris("2027-04-01T06:00"))
        #expect(split.map(\.month) == ["2027-03", "2027-04"] && split.map(\.hours) == [4, 6])
        #expect(BookingService.monthName("2027-04") == "avril 2027")
    }

    @Test func theMonthSaysEachDayAtAGlance() {
        let first = paris("2027-03-01T00:00")
        func booking(_ from: String, _ to: String, quantity: Double = 1, outage: Bool = false) -> Booking {
            let b = Booking()
            (b.start, b.end, b.blockedUntil, b.quantity, b.isOutage, b.holds) = (paris(from), paris(to), paris(to), quantity, outage, true)
            return b
        }
        let opening = PickupHours(days: Set(1...5), opens: 8 * 60, closes: 18 * 60)
        let van = ResourceMonth(
            monthStart: first, exclusive: true, capacity: 1, opening: opening, closures: [(paris("2027-03-04T00:00"), paris("2027-03-05T00:00"))],
            bookings: [
                booking("2027-03-01T08:00", "2027-03-01T18:00"), booking("2027-03-02T09:00", "2027-03-02T11:00"),
                booking("2027-03-03T00:00", "2027-03-04T00:00", outage: true),
            ])
        #expect(van.days.count == 35 && van.days.first?.number == 1)
        #expect(van.days.prefix(7).map(\.state) == [.full, .partial, .outage, .closed, .free, .closed, .closed])
        // A cold room of 10: the least free capacity of the day.
        let room = ResourceMonth(
            monthStart: first, exclusive: false, capacity: 10, opening: .always, closures: [],
            bookings: [booking("2027-03-01T10:00", "2027-03-03T10:00", quantity: 4), booking("2027-03-02T12:00", "2027-03-02T14:00", quantity: 6)])
        #expect(room.days.prefix(4).map(\.free) == [6, 0, 6, 10] && room.days[1].state == .full)
    }

    @Test func occupancyCountsOnlyTheHoursOneCouldBook() {
        // A van open 10 h on weekdays: a week is 50 bookable hours; a 3-day loan counts its 30 open hours.
        let stats = ResourceStats(
            capacity: 1, exclusive: true,
            accepted: [.init(start: paris("2027-03-22T08:00"), end: paris("2027-03-24T18:00"), quantity: 1, organization: "A")], outages: [],
            refused: [], opening: PickupHours(days: Set(1...5), opens: 8 * 60, closes: 18 * 60))
        let week = stats.month(paris("2027-03-22T00:00"), paris("2027-03-29T00:00"))
        #expect(week.bookableHours == 50 && abs(week.occupancy - 0.6) < 1e-9 && week.bookedHours == 58)
        let total = stats.total([week, week])
        #expect(total.bookableHours == 100 && abs(total.occupancy - 0.6) < 1e-9 && total.byOrganization == ["A": 116])
    }
}

@Suite struct SharingRulesOfUseHTTPTests {
    /// Monday 1 March 2027, 7 a.m. in Narbonne.
    static func monday(_ app: Application) throws {
        let clock = try #require(app.clock as? FixedClock)
        clock.advance(by: try #require(LocalMoment.parse("2027-03-01T07:00")).timeIntervalSince(clock.now))
    }

    static func ask(_ browser: Browser, _ rid: UUID, _ org: Organization, _ from: String, _ to: String, quantity: String = "1") async throws
        -> TestingHTTPResponse
    {
        try await browser.post(SharingURL.request(rid), ["start": from, "end": to, "quantity": quantity, "organization": try org.requireID().uuidString])
    }

    @Test func theOwnerSetsHoursClosuresAndAQuota() async throws {
        try await withMaillage { app in
            try Self.monday(app)
            let (owner, _, ownerOrg, askerOrg) = try await SharingHTTPTests.setUp(app)
            let van = try await SharingHTTPTests.resource(app, ownerOrg, by: owner, kind: .van, capacity: 1200, approval: false)
            let rid = try van.requireID()
            let ownerBrowser = Browser(app), asker = Browser(app)
            try await ownerBrowser.signIn("banque@test.fr")
            try await asker.signIn("epicerie@test.fr")
            #expect(try await asker.get(SharingURL.edit(rid)).status == .forbidden)
            let form = try await ownerBrowser.get(SharingURL.edit(rid)).body.string
            #expect(form.contains("Quand peut-on la prendre et la rendre ?") && form.contains("value=\"\(van.name)\""))
            var fields = [
                "name": van.name, "capacity": "1200", "unit": "kg", "buffer": "30", "ouvre": "08:00", "ferme": "18:00", "quota": "abc", "refrigerated": "1",
            ]
            for day in 1...5 { fields["jour\(day)"] = "1" }
            let bad = try await ownerBrowser.post(SharingURL.edit(rid), fields)
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("Un nombre d'heures") && bad.body.string.contains("value=\"08:00\""))
            fields["quota"] = "4"
            #expect(try await asker.post(SharingURL.edit(rid), fields).status == .forbidden)
            #expect(try await ownerBrowser.post(SharingURL.edit(rid), fields).status == .seeOther)
            let page = try await asker.get(SharingURL.resource(rid)).body.string
            #expect(page.contains("Prise et retour : du lundi au vendredi, de 8 h à 18 h.") && page.contains("Au plus 4 h par mois"))
            // Outside the hours, on a closed day: French 422, nothing booked.
            let early = try await Self.ask(asker, rid, askerOrg, "2027-03-02T06:00", "2027-03-02T09:00")
            #expect(early.status == .unprocessableEntity && early.body.string.contains("commencez pendant ces heures"))
            let closure = try await ownerBrowser.post(SharingURL.closures(rid), ["du": "2027-03-10", "au": "2027-03-11", "motif": "Inventaire"])
            #expect(closure.status == .seeOther)
            let closed = try await Self.ask(asker, rid, askerOrg, "2027-03-10T09:00", "2027-03-10T10:00")
            #expect(closed.status == .unprocessableEntity && closed.body.string.contains("Fermé du 10/03/2027 au 11/03/2027 (Inventaire)"))
            // The quota: 3 h, then 2 h more in March is refused (409, naming what is left); April is another month.
            #expect(try await Self.ask(asker, rid, askerOrg, "2027-03-02T09:00", "2027-03-02T12:00").status == .seeOther)
            let over = try await Self.ask(asker, rid, askerOrg, "2027-03-03T09:00", "2027-03-03T11:00")
            #expect(over.status == .conflict && over.body.string.contains("il reste 1 h à votre structure en mars 2027"))
            #expect(try await Self.ask(asker, rid, askerOrg, "2027-04-05T09:00", "2027-04-05T11:00").status == .seeOther)
            // A closure over a booking is refused; cancelling gives the hours back.
            let clash = try await ownerBrowser.post(SharingURL.closures(rid), ["du": "2027-03-02", "au": "2027-03-02"])
            #expect(clash.status == .conflict && clash.body.string.contains("1 réservation tombe pendant cette fermeture"))
            let booked = try #require(
                try await Booking.query(on: app.db).filter(\.$resource.$id == rid).filter(\.$status == "accepted").sort(\.$start).first())
            #expect(try await asker.post(SharingURL.cancel(try booked.requireID()), ["motif": "Plus besoin"]).status == .seeOther)
            #expect(try await Self.ask(asker, rid, askerOrg, "2027-03-03T09:00", "2027-03-03T13:00").status == .seeOther)
            // The owner's own use has no quota.
            #expect(try await ownerBrowser.post(SharingURL.request(rid), ["start": "2027-03-04T08:00", "end": "2027-03-04T18:00"]).status == .seeOther)
            let removed = try #require(try await ResourceClosure.query(on: app.db).first())
            #expect(try await asker.post(SharingURL.removeClosure(try removed.requireID()), [:]).status == .forbidden)
            #expect(try await ownerBrowser.post(SharingURL.removeClosure(try removed.requireID()), [:]).status == .seeOther)
            #expect(try await ResourceClosure.query(on: app.db).count() == 0)
            // The month view: the day booked by the owner all day is full.
            let month = try await asker.get(SharingURL.resource(rid) + "?mois=2027-03").body.string
            #expect(month.contains("Mars 2027") && month.contains("complet") && month.contains("en partie"))
        }
    }

    @Test func pendingRequestsHoldTheirPlaceWhenTheOwnerSaysSo() async throws {
        try await withMaillage { app in
            try Self.monday(app)
            let (owner, _, ownerOrg, askerOrg) = try await SharingHTTPTests.setUp(app)
            let third = try await Fixtures.user(app, "ccas@test.fr")
            let thirdOrg = try await Fixtures.organization(app, referent: third, input: Fixtures.input(name: "CCAS Test"))
            let van = try await SharingHTTPTests.resource(app, ownerOrg, by: owner, kind: .van, capacity: 1200, approval: true)
            let rid = try van.requireID()
            let viewer = try #require(try await Viewer.load(userID: try owner.requireID(), on: app.db))
            var input = ResourceInput(
                organization_id: try ownerOrg.requireID(), kind: "van", name: van.name, description: nil, capacity: 1200, unit: "kg", refrigerated: true,
                buffer_minutes: 0, needs_approval: true, pending_holds: true)
            try await ResourceService.update(van, with: input, by: viewer, now: app.clock.now, on: app.db)
            let first = Browser(app), second = Browser(app)
            try await first.signIn("epicerie@test.fr")
            try await second.signIn("ccas@test.fr")
            #expect(try await Self.ask(first, rid, askerOrg, "2027-03-02T09:00", "2027-03-02T12:00").status == .seeOther)
            let late = try await Self.ask(second, rid, thirdOrg, "2027-03-02T10:00", "2027-03-02T11:00")
            #expect(late.status == .conflict && late.body.string.contains("déjà réservé"))
            // Without holding, the second request waits beside the first; the owner picks.
            input.pending_holds = false
            try await ResourceService.update(van, with: input, by: viewer, now: app.clock.now, on: app.db)
            #expect(try await Self.ask(second, rid, thirdOrg, "2027-03-02T10:00", "2027-03-02T11:00").status == .seeOther)
            let pending = try await Booking.query(on: app.db).filter(\.$resource.$id == rid).filter(\.$status == "pending").sort(\.$createdAt).all()
            #expect(pending.count == 2 && pending.allSatisfy { !$0.holds })
            try await BookingService.accept(pending[0], of: van, by: viewer, now: app.clock.now, on: app.db)
            await #expect(throws: BookingService.Conflict.self) {
                try await BookingService.accept(pending[1], of: van, by: viewer, now: app.clock.now, on: app.db)
            }
        }
    }

    @Test func whatIsNotPickedUpIsReleased() async throws {
        try await withMaillage { app in
            try Self.monday(app)
            let (owner, _, ownerOrg, askerOrg) = try await SharingHTTPTests.setUp(app)
            let van = try await SharingHTTPTests.resource(app, ownerOrg, by: owner, kind: .van, capacity: 1200, approval: false)
            let rid = try van.requireID()
            van.checkinMinutes = 30
            try await van.save(on: app.db)
            let asker = Browser(app)
            try await asker.signIn("epicerie@test.fr")
            #expect(try await Self.ask(asker, rid, askerOrg, "2027-03-01T09:00", "2027-03-01T11:00").status == .seeOther)
            #expect(try await Self.ask(asker, rid, askerOrg, "2027-03-01T12:00", "2027-03-01T14:00").status == .seeOther)
            let bookings = try await Booking.query(on: app.db).filter(\.$resource.$id == rid).sort(\.$start).all()
            // Too early to note the pick-up of the second; the first is picked up at 9:10.
            let clock = try #require(app.clock as? FixedClock)
            clock.advance(by: 2 * 3_600 + 600)
            #expect(try await asker.post(SharingURL.checkIn(try bookings[1].requireID()), [:]).status == .conflict)
            #expect(try await Browser(app).post(SharingURL.checkIn(try bookings[0].requireID()), [:]).status == .unauthorized)
            #expect(try await asker.post(SharingURL.checkIn(try bookings[0].requireID()), [:]).status == .seeOther)
            // 12:31: the second was not picked up; the first was.
            clock.advance(by: 3 * 3_600 + 1_260)
            try await ResourceOwnerController.releaseUnclaimed(app: app, now: app.clock.now)
            let after = try await Booking.query(on: app.db).filter(\.$resource.$id == rid).sort(\.$start).all()
            #expect(after[0].statusValue == .accepted && after[0].checkedInAt != nil)
            #expect(after[1].statusValue == .cancelled && after[1].reason.contains("Pas retirée dans les 30 minutes") && !after[1].holds)
            #expect(try await asker.get(PlatformURL.notifications.path).body.string.contains("Pas retirée dans les 30 minutes"))
            // Its place is free again.
            let owners = Browser(app)
            try await owners.signIn("banque@test.fr")
            #expect(try await owners.post(SharingURL.request(rid), ["start": "2027-03-01T12:45", "end": "2027-03-01T14:00"]).status == .seeOther)
        }
    }

    @Test func aStructureHasItsCalendarItsPageAndTheTerritoryItsUse() async throws {
        try await withMaillage { app in
            try Self.monday(app)
            let (owner, _, ownerOrg, askerOrg) = try await SharingHTTPTests.setUp(app)
            let room = try await SharingHTTPTests.resource(app, ownerOrg, by: owner, kind: .coldRoom, capacity: 10, approval: true)
            let rid = try room.requireID()
            let asker = Browser(app), ownerBrowser = Browser(app)
            try await asker.signIn("epicerie@test.fr")
            try await ownerBrowser.signIn("banque@test.fr")
            #expect(try await Self.ask(asker, rid, askerOrg, "2027-03-02T09:00", "2027-03-04T09:00", quantity: "3").status == .seeOther)
            let ours = try await ownerBrowser.get(SharingURL.ours.path).body.string
            #expect(ours.contains("Demandes à traiter (1)") && ours.contains("Épicerie Test demande"))
            let dashboard = try await ownerBrowser.get(PlatformURL.dashboard.path).body.string
            #expect(dashboard.contains("Réservations de ressources") && dashboard.contains("À traiter : Épicerie Test demande"))
            let pending = try #require(try await Booking.query(on: app.db).filter(\.$resource.$id == rid).first())
            #expect(try await ownerBrowser.post(SharingURL.accept(try pending.requireID()), [:]).status == .seeOther)
            // The borrower's calendar address: made on demand, by a member only; the feed needs its secret.
            let askerID = try askerOrg.requireID()
            #expect(try await ownerBrowser.post(SharingURL.structureCalendarAddress(askerID), [:]).status == .forbidden)
            #expect(try await asker.post(SharingURL.structureCalendarAddress(askerID), [:]).status == .seeOther)
            let token = try #require(try await StructureCalendar.query(on: app.db).filter(\.$organization.$id == askerID).first()?.token)
            #expect(try await asker.get(SharingURL.ours.path).body.string.contains("agenda.ics?jeton=" + token))
            let feed = try await Browser(app).get(SharingURL.structureCalendar(askerID) + "?jeton=" + token)
            #expect(feed.headers.contentType?.subType == "calendar" && feed.body.string.contains("SUMMARY:\(room.name) (emprunt)"))
            #expect(try await Browser(app).get(SharingURL.structureCalendar(askerID) + "?jeton=faux").status == .notFound)
            // Remaking the address stops the old one.
            #expect(try await asker.post(SharingURL.structureCalendarAddress(askerID), [:]).status == .seeOther)
            #expect(try await Browser(app).get(SharingURL.structureCalendar(askerID) + "?jeton=" + token).status == .notFound)
            // The territory's use, for funders: the room, its hours, no borrower's name.
            let overview = try await Browser(app).get(SharingURL.overview.path).body.string
            #expect(overview.contains(room.name) && overview.contains("144") && !overview.contains("Épicerie Test"))
        }
    }

    /// Twenty requests of one hour at once from one structure with a quota of five hours: exactly five pass, on
    /// SQLite and PostgreSQL (the `quota_use` CHECK, not only the app's reading).
    @Test func theQuotaHoldsUnderConcurrency() async throws {
        try await withMaillage { app in
            try Self.monday(app)
            let (owner, asker, ownerOrg, askerOrg) = try await SharingHTTPTests.setUp(app)
            let van = try await SharingHTTPTests.resource(app, ownerOrg, by: owner, kind: .van, capacity: 1200, approval: false)
            van.quotaHours = 5
            try await van.save(on: app.db)
            let viewer = try #require(try await Viewer.load(userID: try asker.requireID(), on: app.db))
            let orgID = try askerOrg.requireID()
            let base = try #require(LocalMoment.parse("2027-03-02T00:00"))
            let results = await SharingHTTPTests.race(app, van, for: orgID, by: viewer, 20, from: base) { i in (Double(i), Double(i) + 1) }
            #expect(results.filter { $0 }.count == 5)
            #expect(try await Booking.query(on: app.db).filter(\.$status == "accepted").count() == 5)
        }
    }
}
