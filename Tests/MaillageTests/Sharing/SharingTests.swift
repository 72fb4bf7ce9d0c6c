import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// Issue 14, first slice: resources, requests and answers, and no double booking under concurrency — the database's
/// rule on SQLite and PostgreSQL (the suite runs on both).
@Suite struct SharingRulesTests {
    let now = Date(timeIntervalSince1970: 1_796_000_000)

    @Test func rangesQuantitiesAndSlots() {
        let r = BookingRules.Request(start: now.addingTimeInterval(3600), end: now.addingTimeInterval(7200), quantity: 1, purpose: "")
        #expect(BookingRules.validate(r, kind: .van, capacity: 1200, unit: "kg", now: now).isEmpty)
        var reversed = r
        reversed.end = r.start.addingTimeInterval(-60)
        #expect(BookingRules.validate(reversed, kind: .van, capacity: 1200, unit: "kg", now: now).errors[.end] == "La fin doit venir après le début.")
        var long = r
        long.end = r.start.addingTimeInterval(93 * 86_400)
        #expect(BookingRules.validate(long, kind: .van, capacity: 1, unit: "kg", now: now).errors[.end] != nil)
        var past = r
        past.start = now.addingTimeInterval(-3600)
        #expect(BookingRules.validate(past, kind: .van, capacity: 1, unit: "kg", now: now).errors[.start] != nil)
        for q in [0, -2, 21, .nan] {
            var shared = r
            shared.quantity = q
            #expect(BookingRules.validate(shared, kind: .coldRoom, capacity: 20, unit: "palettes", now: now).errors[.quantity] != nil, "\(q)")
        }
        // Back to back does not overlap; the hours a shared booking takes.
        #expect(!BookingRules.overlaps(r.start, r.end, r.end, r.end.addingTimeInterval(60)))
        #expect(BookingRules.overlaps(r.start, r.end, r.end.addingTimeInterval(-1), r.end.addingTimeInterval(60)))
        let start = Date(timeIntervalSince1970: 36_000 + 1_800)  // 10:30 UTC
        #expect(BookingRules.slots(from: start, to: start.addingTimeInterval(3_600)).count == 2)
        #expect(BookingRules.slots(from: Date(timeIntervalSince1970: 36_000), to: Date(timeIntervalSince1970: 43_200)).count == 2)
    }

    @Test func occupancyAndRefusedDemandPerMonth() {
        let start = Date(timeIntervalSince1970: 0), end = Date(timeIntervalSince1970: 100 * 3_600)
        func at(_ h: Double) -> Date { Date(timeIntervalSince1970: h * 3_600) }
        // A van: 25 h booked by two structures, 20 h out of service, one request refused.
        let van = ResourceStats(
            capacity: 1, exclusive: true,
            accepted: [.init(start: at(0), end: at(10), quantity: 1, organization: "A"), .init(start: at(90), end: at(105), quantity: 1, organization: "B")],
            outages: [.init(start: at(40), end: at(60), quantity: 1, organization: "")],
            refused: [.init(start: at(5), end: at(8), quantity: 1, organization: "C")])
        let m = van.month(start, end)
        #expect(m.bookedHours == 20 && m.outageHours == 20 && abs(m.occupancy - 20.0 / 80.0) < 1e-9)
        #expect(m.byOrganization == ["A": 10, "B": 10] && m.refusedCount == 1 && m.refusedHours == 3)
        // A cold room of 10 pallets: 5 pallets for 50 h is a quarter of 10 × 100 pallet-hours.
        let room = ResourceStats(
            capacity: 10, exclusive: false, accepted: [.init(start: at(0), end: at(50), quantity: 5, organization: "A")], outages: [], refused: [])
        #expect(abs(room.month(start, end).occupancy - 0.25) < 1e-9)
        #expect(ResourceStats.months(endingAt: now, count: 12).count == 12)
    }

    @Test func repeatedDatesKeepTheirHourAcrossSummerTime() throws {
        // Mondays 9:00–12:00 in Paris, 22 March to 5 April 2027: summer time starts on 28 March.
        let start = try #require(LocalMoment.parse("2027-03-22T09:00")), end = try #require(LocalMoment.parse("2027-03-22T12:00"))
        let list = try BookingRules.occurrences(start: start, end: end, everyDays: 7, until: try #require(LocalMoment.day("2027-04-05"))).get()
        #expect(list.count == 3)
        #expect(list.map { LocalTime.moment($0.start, departement: "11").minutes } == [540, 540, 540])
        #expect(list.last.map { $0.end.timeIntervalSince($0.start) } == 10_800.0)
        guard case .failure = BookingRules.occurrences(start: start, end: end, everyDays: 1, until: try #require(LocalMoment.day("2028-06-01"))) else {
            Issue.record("more than 366 dates accepted")
            return
        }
        guard case .failure = BookingRules.occurrences(start: start, end: end, everyDays: 7, until: try #require(LocalMoment.day("2027-03-01"))) else {
            Issue.record("an end before the start accepted")
            return
        }
    }

    @Test func calendarTextIsEscapedAndFolded() {
        #expect(ResourceCalendar.escape("Ramasse; lait, œufs\nfrais") == "Ramasse\\; lait\\, œufs\\nfrais")
        let long = "SUMMARY:" + String(repeating: "é", count: 60)
        let folded = ResourceCalendar.fold(long)
        #expect(folded.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == long)
    }

    /// Random sequences of requests never end with an hour over capacity (the model the database enforces).
    @Test func randomRequestsNeverGoOverCapacity() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            var load: [Date: Double] = [:]
            let capacity = Double(Int.random(in: 1...20, using: &rng))
            for _ in 0..<60 {
                let s = Date(timeIntervalSince1970: Double(Int.random(in: 0..<48, using: &rng)) * 3_600)
                let e = s.addingTimeInterval(Double(Int.random(in: 1...6, using: &rng)) * 3_600)
                let q = Double(Int.random(in: 1...5, using: &rng))
                let slots = BookingRules.slots(from: s, to: e)
                if slots.allSatisfy({ (load[$0] ?? 0) + q <= capacity }) { for slot in slots { load[slot, default: 0] += q } }
            }
            #expect(load.values.allSatisfy { $0 <= capacity })
        }
    }
}

@Suite struct SharingHTTPTests {
    static func setUp(_ app: Application) async throws -> (owner: User, asker: User, ownerOrg: Organization, askerOrg: Organization) {
        let owner = try await Fixtures.user(app, "banque@test.fr")
        let asker = try await Fixtures.user(app, "epicerie@test.fr")
        let ownerOrg = try await Fixtures.organization(app, referent: owner, input: Fixtures.input(name: "Banque Alimentaire Test"))
        let askerOrg = try await Fixtures.organization(app, referent: asker, input: Fixtures.input(name: "Épicerie Test"))
        return (owner, asker, ownerOrg, askerOrg)
    }

    static func resource(_ app: Application, _ org: Organization, by user: User, kind: ResourceKind, capacity: Double, approval: Bool = true)
        async throws -> SharedResource
    {
        let viewer = try #require(try await Viewer.load(userID: try user.requireID(), on: app.db))
        return try await ResourceService.create(
            ResourceInput(
                organization_id: try org.requireID(), kind: kind.rawValue, name: "\(kind.label) de test", description: nil, capacity: capacity,
                unit: nil, refrigerated: true, buffer_minutes: kind.isExclusive ? 30 : 0, needs_approval: approval),
            by: viewer, on: app.db)
    }

    /// `n` requests at once for `resource` (hours counted from `start`): whether each was accepted. A 409 is a
    /// refusal; any other error is recorded as a failure.
    static func race(
        _ app: Application, _ resource: SharedResource, for organizationID: UUID, by viewer: Viewer, _ n: Int, from start: Date,
        hours: @escaping @Sendable (Int) -> (Double, Double)
    ) async -> [Bool] {
        let now = app.clock.now
        return await withTaskGroup(of: Bool.self) { group in
            for i in 0..<n {
                group.addTask {
                    let (from, to) = hours(i)
                    do {
                        let b = try await BookingService.request(
                            resource, for: organizationID, by: viewer,
                            .init(start: start.addingTimeInterval(from * 3600), end: start.addingTimeInterval(to * 3600), quantity: 1, purpose: ""),
                            now: now, on: app.db)
                        return b.statusValue == .accepted
                    } catch is BookingService.Conflict {
                        return false
                    } catch {
                        Issue.record("unexpected \(String(reflecting: error))")
                        return false
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test func askAnswerAndTheContract() async throws {
        try await withMaillage { app in
            let (owner, _, ownerOrg, _) = try await Self.setUp(app)
            let api = APITests()
            let ownerToken = try await api.token(app, for: "banque@test.fr")
            let askerToken = try await api.token(app, for: "epicerie@test.fr")
            // The owner shares a refrigerated van through the API.
            let created = try await api.send(
                app, .POST, SharingURL.apiResources.path, token: ownerToken,
                json:
                    #"{"organization_id":"\#(try ownerOrg.requireID())","kind":"van","name":"Camion frigorifique","capacity":1200,"unit":"kg","refrigerated":true,"buffer_minutes":30}"#
            )
            #expect(created.status == .created)
            let resource = try created.content.decode(ResourceDTO.self)
            #expect(resource.kind == "van" && resource.refrigerated && resource.capacity == 1200)
            let listed = try await api.send(app, .GET, SharingURL.apiResources.path + "?kind=van&territory=11")
            #expect(try listed.content.decode([ResourceDTO].self).map(\.id) == [resource.id])
            #expect(try await api.send(app, .GET, SharingURL.apiResources.path + "?kind=fusee").status == .unprocessableEntity)
            // Someone else's structure cannot share it.
            let foreign = try await api.send(
                app, .POST, SharingURL.apiResources.path, token: askerToken,
                json: #"{"organization_id":"\#(try ownerOrg.requireID())","kind":"van","name":"Pas à moi","capacity":1,"unit":"kg","refrigerated":false}"#)
            #expect(foreign.status == .forbidden)
            // A request waits for the owner; an overlapping one is still only a request.
            let start = app.clock.now.addingTimeInterval(3 * 86_400)
            func iso(_ d: Date) -> String { d.ISO8601Format() }
            let asked = try await api.send(
                app, .POST, SharingURL.apiBookings(resource.id), token: askerToken,
                json: #"{"start":"\#(iso(start))","end":"\#(iso(start.addingTimeInterval(3 * 3600)))","purpose":"Ramasse du jeudi"}"#)
            #expect(asked.status == .created)
            let booking = try asked.content.decode(BookingDTO.self)
            #expect(booking.status == "pending")
            // The owner's own request through the API is refused: it is their resource.
            let own = try await api.send(
                app, .POST, SharingURL.apiBookings(resource.id), token: ownerToken,
                json: #"{"start":"\#(iso(start))","end":"\#(iso(start.addingTimeInterval(3600)))"}"#)
            #expect(own.status == .forbidden && own.body.string.contains("ressource de votre structure"))
            // Bad input: reversed range, unreadable date.
            let reversed = try await api.send(
                app, .POST, SharingURL.apiBookings(resource.id), token: askerToken,
                json: #"{"start":"\#(iso(start))","end":"\#(iso(start.addingTimeInterval(-3600)))"}"#)
            #expect(reversed.status == .unprocessableEntity && reversed.body.string.contains("La fin doit venir après le début"))
            #expect(
                try await api.send(app, .POST, SharingURL.apiBookings(resource.id), token: askerToken, json: #"{"start":"jeudi","end":"vendredi"}"#)
                    .status == .unprocessableEntity)
            // Only the owner accepts.
            #expect(try await api.send(app, .POST, SharingURL.apiAccept(booking.id), token: askerToken).status == .forbidden)
            let accepted = try await api.send(app, .POST, SharingURL.apiAccept(booking.id), token: ownerToken)
            #expect(accepted.status == .ok)
            #expect(try accepted.content.decode(BookingDTO.self).status == "accepted")
            #expect(try await api.send(app, .POST, SharingURL.apiAccept(booking.id), token: ownerToken).status == .conflict)
            // A second request in the buffer after it is asked, then cannot be accepted: 409 naming the period taken.
            let second = try await api.send(
                app, .POST, SharingURL.apiBookings(resource.id), token: askerToken,
                json: #"{"start":"\#(iso(start.addingTimeInterval(3 * 3600 + 600)))","end":"\#(iso(start.addingTimeInterval(5 * 3600)))"}"#)
            let secondID = try second.content.decode(BookingDTO.self).id
            let refused = try await api.send(app, .POST, SharingURL.apiAccept(secondID), token: ownerToken)
            #expect(refused.status == .conflict && refused.body.string.contains("déjà réservé du"))
            #expect(refused.headers.contentType?.subType == "problem+json")
            // Back to back after the buffer is fine.
            let next = try await api.send(
                app, .POST, SharingURL.apiBookings(resource.id), token: askerToken,
                json: #"{"start":"\#(iso(start.addingTimeInterval(3 * 3600 + 1800)))","end":"\#(iso(start.addingTimeInterval(5 * 3600)))"}"#)
            #expect(try await api.send(app, .POST, SharingURL.apiAccept(try next.content.decode(BookingDTO.self).id), token: ownerToken).status == .ok)
            // The owner sees who; the pages show it; a refusal needs a reason.
            let list = try await api.send(app, .GET, SharingURL.apiBookings(resource.id), token: ownerToken)
            #expect(try list.content.decode([BookingDTO].self).count == 3)
            let browser = Browser(app)
            try await browser.signIn("banque@test.fr")
            let page = try await browser.get(SharingURL.resource(resource.id)).body.string
            #expect(page.contains("Demandes à traiter (1)") && page.contains("Épicerie Test"))
            // The owner's page gives the secret address of the iCal feed; calendar programs read it without an account.
            let feed = try #require(page.components(separatedBy: "agenda.ics?jeton=").dropFirst().first?.prefix { $0 != "<" })
            let ics = try await Browser(app).get(SharingURL.calendar(resource.id) + "?jeton=" + feed)
            #expect(ics.headers.contentType?.subType == "calendar")
            #expect(ics.body.string.hasPrefix("BEGIN:VCALENDAR\r\n") && ics.body.string.contains("SUMMARY:Camion frigorifique — Épicerie Test"))
            #expect(ics.body.string.components(separatedBy: "BEGIN:VEVENT").count == 3)
            #expect(try await Browser(app).get(SharingURL.calendar(resource.id) + "?jeton=faux").status == .notFound)
            #expect(try await Browser(app).get(SharingURL.calendar(resource.id)).status == .notFound)
            let asker = Browser(app)
            try await asker.signIn("epicerie@test.fr")
            #expect(!(try await asker.get(SharingURL.resource(resource.id)).body.string.contains("agenda.ics")), "the secret is the owner's")
            let noReason = try await browser.post(SharingURL.refuse(secondID), ["motif": " "])
            #expect(noReason.status == .unprocessableEntity)
            let refusal = try await browser.post(SharingURL.refuse(secondID), ["motif": "Camion en révision ce jour-là"])
            #expect(refusal.status == .seeOther)
            let closed = try #require(try await Booking.find(secondID, on: app.db))
            #expect(closed.statusValue == .refused && closed.reason == "Camion en révision ce jour-là")
            _ = owner
        }
    }

    @Test func theWebFormAsksAndTheOwnerAccepts() async throws {
        try await withMaillage { app in
            let (owner, _, ownerOrg, askerOrg) = try await Self.setUp(app)
            let room = try await Self.resource(app, ownerOrg, by: owner, kind: .coldRoom, capacity: 20)
            let rid = try room.requireID()
            let asker = Browser(app)
            try await asker.signIn("epicerie@test.fr")
            #expect(try await asker.get(SharingURL.resources.path + "?type=cold_room").body.string.contains(room.name))
            let day = LocalTime.moment(app.clock.now.addingTimeInterval(2 * 86_400), departement: "11").date.iso
            let tooMuch = try await asker.post(
                SharingURL.request(rid),
                ["start": "\(day)T09:00", "end": "\(day)T18:00", "quantity": "25", "organization": try askerOrg.requireID().uuidString])
            #expect(tooMuch.status == .unprocessableEntity && tooMuch.body.string.contains("capacité"))
            #expect(tooMuch.body.string.contains("value=\"25\""), "what was typed is kept")
            let asked = try await asker.post(
                SharingURL.request(rid),
                [
                    "start": "\(day)T09:00", "end": "\(day)T18:00", "quantity": "6", "purpose": "Collecte du week-end",
                    "organization": try askerOrg.requireID().uuidString,
                ])
            #expect(asked.status == .seeOther)
            let booking = try #require(try await Booking.query(on: app.db).filter(\.$resource.$id == rid).first())
            #expect(booking.statusValue == .pending)
            let ownerBrowser = Browser(app)
            try await ownerBrowser.signIn("banque@test.fr")
            #expect(try await ownerBrowser.post(SharingURL.accept(try booking.requireID()), [:]).status == .seeOther)
            #expect(try await Booking.find(try booking.requireID(), on: app.db)?.statusValue == .accepted)
            let loads = try await ResourceLoad.query(on: app.db).filter(\.$resource.$id == rid).all()
            #expect(loads.count == 9 && loads.allSatisfy { $0.used == 6 })
            // The week of the booking, day by day; a bad week is this week, not an error page.
            let week = try await ownerBrowser.get(SharingURL.resource(rid) + "?semaine=\(day)").body.string
            #expect(week.contains("Semaine du lundi") && week.contains("9 h – 18 h : Épicerie Test (6 palettes)") && week.contains("— libre"))
            #expect(try await ownerBrowser.get(SharingURL.resource(rid) + "?semaine=n-importe").status == .ok)
            // The asker reads the answer in the notifications.
            #expect(try await asker.get(PlatformURL.notifications.path).body.string.contains("acceptée"))
        }
    }

    @Test func freeVansAreFoundAndABreakdownCancelsWithItsReason() async throws {
        try await withMaillage { app in
            let (owner, _, ownerOrg, askerOrg) = try await Self.setUp(app)
            let van = try await Self.resource(app, ownerOrg, by: owner, kind: .van, capacity: 1200, approval: false)
            let rid = try van.requireID()
            let day = LocalTime.moment(app.clock.now.addingTimeInterval(3 * 86_400), departement: "11").date.iso
            let asker = Browser(app)
            try await asker.signIn("epicerie@test.fr")
            let search = SharingURL.resources.path + "?type=van&froid=1&pres=Narbonne&du=\(day)T10%3A00&au=\(day)T11%3A00"
            let before = try await asker.get(search).body.string
            #expect(before.contains(van.name) && before.contains("Libre sur ce créneau"))
            #expect(before.contains("?du=\(day)T10%3A00&amp;au=\(day)T11%3A00#demande"), "the link carries the range to the form")
            let booked = try await asker.post(
                SharingURL.request(rid), ["start": "\(day)T09:00", "end": "\(day)T12:00", "organization": try askerOrg.requireID().uuidString])
            #expect(booked.status == .seeOther)
            #expect(!(try await asker.get(search).body.string.contains(van.name)), "taken then: not listed as free")
            #expect(try await asker.get(SharingURL.resources.path + "?du=\(day)T12%3A00&au=\(day)T10%3A00").status == .unprocessableEntity)
            // The owner marks a breakdown; a bad range first comes back with what was typed.
            let ownerBrowser = Browser(app)
            try await ownerBrowser.signIn("banque@test.fr")
            let bad = try await ownerBrowser.post(SharingURL.outage(rid), ["du": "\(day)T18:00", "au": "\(day)T08:00", "motif": "Embrayage"])
            #expect(
                bad.status == .unprocessableEntity && bad.body.string.contains("La fin doit venir après le début")
                    && bad.body.string.contains("value=\"Embrayage\""))
            #expect(try await asker.post(SharingURL.outage(rid), ["du": "\(day)T08:00", "au": "\(day)T18:00", "motif": "x"]).status == .forbidden)
            let down = try await ownerBrowser.post(SharingURL.outage(rid), ["du": "\(day)T08:00", "au": "\(day)T18:00", "motif": "Embrayage à changer"])
            #expect(down.status == .seeOther)
            let bookings = try await Booking.query(on: app.db).filter(\.$resource.$id == rid).all()
            let cancelled = try #require(bookings.first { !$0.isOutage })
            #expect(cancelled.statusValue == .cancelled && cancelled.reason == "Hors service : Embrayage à changer")
            #expect(bookings.contains { $0.isOutage && $0.statusValue == .accepted })
            #expect(try await asker.get(PlatformURL.notifications.path).body.string.contains("Embrayage à changer"))
            #expect(try await ownerBrowser.get(SharingURL.resource(rid)).body.string.contains("Hors service : Embrayage à changer"))
            // Nothing can be booked in the breakdown.
            let during = try await asker.post(
                SharingURL.request(rid), ["start": "\(day)T13:00", "end": "\(day)T14:00", "organization": try askerOrg.requireID().uuidString])
            #expect(during.status == .conflict)
            // After the breakdown, the van lends again.
            let nextDay = LocalTime.moment(app.clock.now.addingTimeInterval(4 * 86_400), departement: "11").date.iso
            let again = try await asker.post(
                SharingURL.request(rid), ["start": "\(nextDay)T09:00", "end": "\(nextDay)T12:00", "organization": try askerOrg.requireID().uuidString])
            #expect(again.status == .seeOther)
            // The demand the van could not meet is counted, for the owner and for funders.
            #expect(try await Booking.query(on: app.db).filter(\.$resource.$id == rid).filter(\.$status == "refused").count() == 1)
            let usage = try await ownerBrowser.get(SharingURL.stats(rid)).body.string
            #expect(usage.contains("Demandes non satisfaites") && usage.contains("1 refus") && usage.contains("Épicerie Test"))
            #expect(!(try await Browser(app).get(SharingURL.stats(rid)).body.string.contains("Épicerie Test")), "who borrowed is not public")
            let csv = try await ownerBrowser.get(SharingURL.statsCSV(rid))
            #expect(csv.body.string.contains("mois;occupation;heures_reservees;demandes_non_satisfaites"))
        }
    }

    @Test func aWeeklyRequestShowsEachDateThenBooksThoseThatFit() async throws {
        try await withMaillage { app in
            let (owner, _, ownerOrg, askerOrg) = try await Self.setUp(app)
            let van = try await Self.resource(app, ownerOrg, by: owner, kind: .van, capacity: 1200, approval: false)
            let rid = try van.requireID()
            let first = LocalTime.moment(app.clock.now.addingTimeInterval(2 * 86_400), departement: "11").date
            let taken = LocalTime.moment(app.clock.now.addingTimeInterval(16 * 86_400), departement: "11").date
            let last = LocalTime.moment(app.clock.now.addingTimeInterval(23 * 86_400), departement: "11").date
            let ownerBrowser = Browser(app)
            try await ownerBrowser.signIn("banque@test.fr")
            #expect(try await ownerBrowser.post(SharingURL.request(rid), ["start": "\(taken.iso)T08:00", "end": "\(taken.iso)T10:00"]).status == .seeOther)
            let asker = Browser(app)
            try await asker.signIn("epicerie@test.fr")
            var fields = [
                "start": "\(first.iso)T09:00", "end": "\(first.iso)T11:00", "repeter": "hebdo", "jusqu_au": last.iso,
                "organization": try askerOrg.requireID().uuidString, "purpose": "Ramasse du marché",
            ]
            let report = try await asker.post(SharingURL.request(rid), fields)
            #expect(report.status == .ok)
            let html = report.body.string
            #expect(html.contains("Les 4 dates demandées") && html.contains("déjà pris") && html.contains("Réserver les 3 dates libres"))
            #expect(try await Booking.query(on: app.db).filter(\.$resource.$id == rid).count() == 1, "nothing booked before confirming")
            fields["confirmer"] = "1"
            let done = try await asker.post(SharingURL.request(rid), fields)
            #expect(done.status == .seeOther)
            let notice = try await asker.get(try #require(done.headers.first(name: .location))).body.string
            #expect(notice.contains("3 dates réservées ; 1 date déjà prise"))
            #expect(try await Booking.query(on: app.db).filter(\.$resource.$id == rid).filter(\.$status == "accepted").count() == 4)
            fields["jusqu_au"] = "2030-01-01"
            fields["repeter"] = "quotidien"
            #expect(try await asker.post(SharingURL.request(rid), fields).body.string.contains("Plus de 366 dates"))
        }
    }

    /// 100 requests for the same van and slot at once: exactly one accepted. 40 requests of 1 pallet for a cold
    /// room of 10: exactly 10 accepted, and no hour over capacity. On SQLite and on PostgreSQL.
    @Test func concurrentRequestsNeverDoubleBook() async throws {
        try await withMaillage { app in
            let (owner, asker, ownerOrg, askerOrg) = try await Self.setUp(app)
            let van = try await Self.resource(app, ownerOrg, by: owner, kind: .van, capacity: 1200, approval: false)
            let room = try await Self.resource(app, ownerOrg, by: owner, kind: .coldRoom, capacity: 10, approval: false)
            let viewer = try #require(try await Viewer.load(userID: try asker.requireID(), on: app.db))
            let askerID = try askerOrg.requireID()
            let start = app.clock.now.addingTimeInterval(86_400)
            let vanResults = await Self.race(app, van, for: askerID, by: viewer, 100, from: start) { i in (Double(i % 3), Double(i % 3) + 2) }
            #expect(vanResults.filter { $0 }.count == 1)
            let accepted = try await Booking.query(on: app.db).filter(\.$resource.$id == van.requireID()).filter(\.$status == "accepted").all()
            for a in accepted { for b in accepted where a.id != b.id { #expect(!BookingRules.overlaps(a.start, a.blockedUntil, b.start, b.blockedUntil)) } }
            // The database itself refuses, without the app's check: an overlapping accepted row, a load over capacity.
            let first = try #require(accepted.first)
            let sneaky = Booking()
            sneaky.$resource.id = first.$resource.id
            sneaky.$organization.id = askerID
            (sneaky.start, sneaky.end, sneaky.blockedUntil) = (first.start.addingTimeInterval(600), first.end, first.blockedUntil)
            (sneaky.quantity, sneaky.isExclusive, sneaky.status, sneaky.purpose, sneaky.reason, sneaky.holds) = (1, true, "accepted", "", "", true)
            await #expect(throws: (any Error).self) { try await sneaky.create(on: app.db) }
            let roomResults = await Self.race(app, room, for: askerID, by: viewer, 40, from: start) { i in (Double(i % 2), 4) }
            #expect(roomResults.filter { $0 }.count == 10)
            let loads = try await ResourceLoad.query(on: app.db).filter(\.$resource.$id == room.requireID()).all()
            #expect(loads.allSatisfy { $0.used <= 10 } && loads.contains { $0.used == 10 })
            let full = try #require(loads.first { $0.used == 10 })
            full.used = 11
            await #expect(throws: (any Error).self) { try await full.save(on: app.db) }
        }
    }
}
