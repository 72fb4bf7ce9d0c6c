import Fluent
import Foundation
import Logistics
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// Issue 15: the donation rules and the fairness ledger as plain Swift.
@Suite struct DonationRulesTests {
    let now = Date(timeIntervalSince1970: 1_796_000_000)

    func draft(kg: String = "12,5", kind: DateKind = .ddm, date: Date, from: Date, hours: Double = 3) -> DonationRules.LotDraft {
        DonationRules.LotDraft(
            category: "produits-laitiers", product: "Yaourts", kg: kg, temperature: "frais", dateKind: kind.rawValue, date: Day.of(date),
            pickupFrom: SurplusController.localText(from), pickupTo: SurplusController.localText(from.addingTimeInterval(hours * 3_600)))
    }

    @Test func useByNeedsTwoDaysUnlessSomeoneRedistributesFaster() throws {
        let pickup = now.addingTimeInterval(3_600)
        // DLC the day after tomorrow: about two days and a half at pickup — fine.
        #expect((try? DonationRules.validate(draft(kind: .dlc, date: now.addingTimeInterval(2.5 * 86_400), from: pickup), now: now).get()) != nil)
        // DLC tomorrow: less than 48 h; refused unless a recipient redistributes within 24 h.
        let tomorrow = draft(kind: .dlc, date: now.addingTimeInterval(86_400), from: pickup)
        guard case .failure(let failure) = DonationRules.validate(tomorrow, now: now) else {
            Issue.record("less than 48 h of DLC accepted")
            return
        }
        #expect(failure.fields["date"]?.contains("48 h") == true)
        #expect((try? DonationRules.validate(tomorrow, now: now, fastestHours: 12).get()) != nil)
        // Past its DLC at pickup: never; past its DDM: still given.
        #expect((try? DonationRules.validate(draft(kind: .dlc, date: now.addingTimeInterval(-86_400), from: pickup), now: now, fastestHours: 1).get()) == nil)
        #expect((try? DonationRules.validate(draft(kind: .ddm, date: now.addingTimeInterval(-10 * 86_400), from: pickup), now: now).get()) != nil)
    }

    @Test func quantitiesWindowsAndFrozenMeat() throws {
        let pickup = now.addingTimeInterval(3_600), date = now.addingTimeInterval(30 * 86_400)
        for bad in ["0", "-3", "40001", "abc", "nan", ""] {
            guard case .failure(let f) = DonationRules.validate(draft(kg: bad, date: date, from: pickup), now: now) else {
                Issue.record("\(bad) kg accepted")
                continue
            }
            #expect(f.fields["kg"] != nil, "\(bad)")
        }
        var units = draft(kg: "", date: date, from: pickup)
        (units.units, units.unitKg) = ("24", "0,5")
        #expect(try DonationRules.validate(units, now: now).get().kg == 12)
        // A window ending before it starts, and one already over.
        #expect(DonationRules.validate(draft(date: date, from: pickup, hours: -1), now: now).failureFields?["pickup_to"] != nil)
        #expect(DonationRules.validate(draft(date: date, from: now.addingTimeInterval(-5 * 3_600)), now: now).failureFields?["pickup_to"] != nil)
        // Frozen meat carries its freezing date.
        var meat = draft(date: date, from: pickup)
        (meat.category, meat.temperature) = ("viande-poisson-oeufs", "surgele")
        #expect(DonationRules.validate(meat, now: now).failureFields?["frozen_on"] != nil)
        meat.frozenOn = Day.of(now.addingTimeInterval(-20 * 86_400))
        #expect(try DonationRules.validate(meat, now: now).get().frozenOn == meat.frozenOn)
        // Needs: "any" category, people served required.
        let need = DonationRules.NeedDraft(
            category: "any", kg: "80", deliveryFrom: SurplusController.localText(pickup),
            deliveryTo: SurplusController.localText(pickup.addingTimeInterval(3_600)),
            peopleServed: "120")
        #expect(try DonationRules.validate(need, now: now).get().category == "any")
        var noPeople = need
        noPeople.peopleServed = ""
        #expect(DonationRules.validate(noPeople, now: now).failureFields?["people_served"] != nil)
    }

    @Test func fairnessWeighsTheLessServedMore() {
        let a = UUID(), b = UUID(), c = UUID()
        let w = Fairness.weights(received: [a: 1_000, b: 0], people: [a: 100, b: 100, c: 50])
        #expect((w[b] ?? 0) > 1 && (w[a] ?? 2) < 1 && (w[c] ?? 0) == w[b])
        #expect(w.values.allSatisfy { Fairness.range.contains($0) })
        #expect(Fairness.gini([1, 1, 1, 1]) == 0)
        #expect(abs(Fairness.gini([0, 0, 0, 4]) - 0.75) < 1e-9)
    }

    @Test func whatLeavesTheVanAddsUpToWhatWasLoaded() throws {
        #expect(try DeliveryRules.collect(planned: 40, kg: "", temperature: "").get() == .init(kg: 40, temperature: nil))
        #expect(DeliveryRules.collect(planned: 40, kg: "90", temperature: "").failureFields?["kg"] != nil)
        #expect(DeliveryRules.collect(planned: 40, kg: "38", temperature: "70").failureFields?["temperature"] != nil)
        // Everything delivered by default; a refusal needs its reason; more than loaded is refused.
        #expect(try DeliveryRules.handOver(collected: 38, delivered: "", refused: "", lost: "", reason: "", temperature: "3").get().delivered == 38)
        #expect(DeliveryRules.handOver(collected: 38, delivered: "40", refused: "", lost: "", reason: "", temperature: "").failureFields?["delivered"] != nil)
        #expect(DeliveryRules.handOver(collected: 38, delivered: "30", refused: "", lost: "", reason: "", temperature: "").failureFields?["delivered"] != nil)
        #expect(DeliveryRules.handOver(collected: 38, delivered: "30", refused: "8", lost: "", reason: "", temperature: "").failureFields?["reason"] != nil)
        let split = try DeliveryRules.handOver(collected: 38, delivered: "30", refused: "6", lost: "2", reason: "Pas de place", temperature: "").get()
        #expect(split.delivered + split.refused + split.lost == 38)
    }

    @Test func recallsFindLotsByNumberOrByNameAndDates() {
        let byNumber = RecallSearch.Criteria(product: "Yaourts", lotNumbers: RecallSearch.numbers("ab 12-7, X9"), dateFrom: nil, dateTo: nil)
        #expect(RecallSearch.matches(byNumber, product: "Autre chose", lotNumber: "AB-127", date: "2026-12-01"))
        #expect(!RecallSearch.matches(byNumber, product: "Yaourts nature", lotNumber: "AB-128", date: "2026-12-01"))
        let byName = RecallSearch.Criteria(product: "Fromage blanc Bio", lotNumbers: [], dateFrom: "2026-12-01", dateTo: "2026-12-10")
        #expect(RecallSearch.matches(byName, product: "FROMAGE BLANC bio 500 g", lotNumber: "", date: "2026-12-05"))
        #expect(!RecallSearch.matches(byName, product: "Fromage blanc bio", lotNumber: "", date: "2026-12-11"))
        #expect(!RecallSearch.matches(byName, product: "Fromage de chèvre", lotNumber: "", date: "2026-12-05"))
    }

    @Test func weeklyPickupsKeepTheirDaysAndHoursAcrossSummerTime() {
        // Tuesdays and Fridays from Monday 22 March 2027 to Friday 2 April; summer time starts on Sunday 28 March.
        let days = Recurrence.days(weekdays: [2, 5], from: "2027-03-22", to: "2027-04-02", startsOn: "2027-03-01", until: nil)
        #expect(days == ["2027-03-23", "2027-03-26", "2027-03-30", "2027-04-02"])
        #expect(days.map { LocalTime.moment(Recurrence.moment($0, minutes: 8 * 60), departement: "11").minutes } == [480, 480, 480, 480])
        #expect(Recurrence.days(weekdays: [2, 5], from: "2027-03-22", to: "2027-04-02", startsOn: "2027-03-27", until: "2027-03-31") == ["2027-03-30"])
    }

    @Test func foodGivenInItsLastThreeDaysIsValuedAtHalf() {
        let line = DonorSummary.Line(
            day: "2026-12-01", product: "Yaourts", category: .produitsLaitiers, lotNumber: "", dateKind: .dlc, date: "2026-12-03", kg: 10, recipient: "")
        #expect(line.rate == 0.5)
        var later = line
        later.date = "2026-12-04"
        #expect(later.rate == 1)
        var ddm = line
        ddm.dateKind = .ddm
        #expect(ddm.rate == 1)
    }

    @Test func preferencesRoundTrip() {
        let p = RecipientProfile()
        p.preferenceMap = [.produitsLaitiers: .refused, .fruitsLegumes: .wanted, .boissons: .accepted]
        #expect(p.preferences == "fruits-legumes=wanted;produits-laitiers=refused")
        #expect(p.preferenceMap == [.produitsLaitiers: .refused, .fruitsLegumes: .wanted])
    }
}

extension Result where Failure == ValidationFailure {
    var failureFields: [String: String]? {
        if case .failure(let f) = self { return f.fields }
        return nil
    }
}

/// Issue 15 over HTTP: declare, need, dispatch in the background, accept once, and the chain of a lot.
@Suite struct SurplusHTTPTests {
    struct Setting {
        var donorToken: String
        var recipientToken: String
        var animatorToken: String
        var donor: Organization
        var recipient: Organization
        var van: SharedResource
        var day: String
    }

    static func setUp(_ app: Application) async throws -> Setting {
        let donorUser = try await Fixtures.user(app, "ferme@test.fr")
        let recipientUser = try await Fixtures.user(app, "epicerie@test.fr")
        _ = try await Fixtures.animator(app, "anim11@test.fr", of: "11")
        let donor = try await Fixtures.organization(app, referent: donorUser, input: Fixtures.input(name: "Ferme Test", category: .mondeAgricole))
        let recipient = try await Fixtures.organization(app, referent: recipientUser, input: Fixtures.input(name: "Épicerie Test"))
        let van = try await SharingHTTPTests.resource(app, donor, by: donorUser, kind: .van, capacity: 1_000, approval: false)
        let api = APITests()
        return Setting(
            donorToken: try await api.token(app, for: "ferme@test.fr"), recipientToken: try await api.token(app, for: "epicerie@test.fr"),
            animatorToken: try await api.token(app, for: "anim11@test.fr"), donor: donor, recipient: recipient, van: van,
            day: Day.of(app.clock.now.addingTimeInterval(86_400)))
    }

    static func at(_ day: String, _ hour: Int) -> String { Day.start(of: day).addingTimeInterval(Double(hour) * 3_600).ISO8601Format() }

    static func lot(_ app: Application, _ s: Setting, kg: Double, category: String = "fruits-legumes", temperature: String = "ambiant") async throws
        -> TestingHTTPResponse
    {
        try await APITests().send(
            app, .POST, SurplusURL.apiLots.path, token: s.donorToken,
            json: #"""
                {"organization_id":"\#(try s.donor.requireID())","category":"\#(category)","kg":\#(kg),"temperature":"\#(temperature)","date_kind":"dlc","lot_number":"AB-12 7","date":"\#(Day.of(Day.start(of: s.day).addingTimeInterval(5 * 86_400)))","pickup_from":"\#(at(s.day, 8))","pickup_to":"\#(at(s.day, 12))"}
                """#)
    }

    static func batchItem(_ org: String, _ day: String, _ kg: Double) -> String {
        let from = at(day, 8), to = at(day, 12)
        return
            #"{"organization_id":"\#(org)","category":"feculents","kg":\#(kg),"temperature":"ambiant","date_kind":"ddm","date":"2030-01-01","pickup_from":"\#(from)","pickup_to":"\#(to)"}"#
    }

    static func need(_ app: Application, _ s: Setting, kg: Double) async throws -> TestingHTTPResponse {
        try await APITests().send(
            app, .POST, SurplusURL.apiNeeds.path, token: s.recipientToken,
            json: #"""
                {"organization_id":"\#(try s.recipient.requireID())","category":"any","kg":\#(kg),"delivery_from":"\#(at(s.day, 9))","delivery_to":"\#(at(s.day, 17))","people_served":120}
                """#)
    }

    /// Queues a dispatch through the API and runs it as the background worker would.
    static func dispatch(_ app: Application, _ s: Setting) async throws -> Dispatch.DTO {
        let api = APITests()
        let queued = try await api.send(
            app, .POST, SurplusURL.apiDispatches.path, token: s.animatorToken, json: #"{"territory":"11","day":"\#(s.day)","seconds":0.5}"#)
        #expect(queued.status == .accepted)
        let location = try #require(queued.headers.first(name: .location))
        #expect(try queued.content.decode(Dispatch.DTO.self).status == "queued")
        #expect(try await JobRunner.runNext(app))
        let done = try await api.send(app, .GET, location, token: s.animatorToken)
        #expect(done.status == .ok)
        return try done.content.decode(Dispatch.DTO.self)
    }

    @Test func declareDispatchAcceptOnceAndTrace() async throws {
        try await withMaillage { app in
            let s = try await Self.setUp(app)
            let api = APITests()
            let created = try await Self.lot(app, s, kg: 120)
            #expect(created.status == .created)
            let lot = try created.content.decode(Lot.DTO.self)
            #expect(lot.status == "offered" && lot.kg == 120 && lot.temperature == "ambiant")
            #expect(try await Self.need(app, s, kg: 80).status == .created)
            // Bad input: French message per field, nothing saved.
            let before = try await Lot.query(on: app.db).count()
            let bad = try await api.send(
                app, .POST, SurplusURL.apiLots.path, token: s.donorToken,
                json: #"{"category":"cailloux","kg":50000,"temperature":"tiede","date_kind":"dlc","date":"hier","pickup_from":"x","pickup_to":"y"}"#)
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("40 tonnes"))
            #expect(try await Lot.query(on: app.db).count() == before)
            // Someone else's structure cannot declare for the farm; a recipient cannot run the dispatch.
            let foreign = try await api.send(
                app, .POST, SurplusURL.apiLots.path, token: s.recipientToken,
                json:
                    #"{"organization_id":"\#(try s.donor.requireID())","category":"autres","kg":1,"temperature":"ambiant","date_kind":"ddm","date":"2030-01-01","pickup_from":"\#(Self.at(s.day, 8))","pickup_to":"\#(Self.at(s.day, 9))"}"#
            )
            #expect(foreign.status == .forbidden)
            let refused = try await api.send(
                app, .POST, SurplusURL.apiDispatches.path, token: s.recipientToken, json: #"{"territory":"11","day":"\#(s.day)"}"#)
            #expect(refused.status == .forbidden)

            let d = try await Self.dispatch(app, s)
            #expect(d.status == "done", "\(d.failure ?? "")")
            let plan = try #require(d.plan)
            #expect(plan.allocations.map(\.kg).reduce(0, +) == 80)
            #expect(plan.unallocated.first?.kg == 40)
            #expect(plan.tours.count == 1 && plan.tours[0].vehicle_id == s.van.id)
            #expect(Set(plan.tours[0].stops.map(\.kind)) == ["pickup", "delivery"])

            // The recipient cannot accept; the animator can, once.
            let accept = SurplusURL.apiAcceptDispatch(d.id)
            #expect(try await api.send(app, .POST, accept, token: s.recipientToken).status == .forbidden)
            let accepted = try await api.send(app, .POST, accept, token: s.animatorToken)
            #expect(accepted.status == .ok)
            #expect(try accepted.content.decode(Dispatch.DTO.self).accepted)
            #expect(try await api.send(app, .POST, accept, token: s.animatorToken).status == .conflict)
            let row = try #require(try await Lot.find(lot.id, on: app.db))
            #expect(row.allocatedKg == 80 && row.status == .offered)
            let deliveries = try await api.send(app, .GET, SurplusURL.apiDeliveries(d.id), token: s.animatorToken)
            #expect(try deliveries.content.decode([Delivery.DTO].self).map(\.status) == ["planned"])
            #expect(try await api.send(app, .GET, SurplusURL.apiDeliveries(d.id), token: s.recipientToken).status == .forbidden)
            // The van is booked for the tour; the chain says declared then allocated.
            #expect(
                try await Booking.query(on: app.db).filter(\.$resource.$id == s.van.requireID()).filter(\.$status == BookingStatus.accepted.rawValue).count()
                    == 1)
            let events = try await api.send(app, .GET, SurplusURL.apiLotEvents(lot.id), token: s.donorToken).content.decode([LotEvent.DTO].self)
            #expect(events.map(\.kind) == ["declared", "allocated"])
            // The recipient now sees the lot's page, with its chain, and the delivery coming on its board.
            let browser = Browser(app)
            try await browser.signIn("epicerie@test.fr")
            let page = try await browser.get(SurplusURL.lot(lot.id))
            #expect(page.status == .ok && page.body.string.contains("Attribué"))
            #expect(try await browser.get(SurplusURL.board.path).body.string.contains("Livraisons prévues pour nous"))
            // It refuses it before the tour, with its reason: the kilos go back to the lot and to the need.
            let planned = try #require(try await Delivery.query(on: app.db).first())
            #expect(try await browser.post(SurplusURL.refuseDelivery(try planned.requireID()), ["motif": "Chambre froide en panne"]).status == .seeOther)
            #expect(try await Lot.find(lot.id, on: app.db)?.allocatedKg == 0)
            #expect(try await Need.query(on: app.db).first()?.allocatedKg == 0)
            #expect(try await browser.post(SurplusURL.refuseDelivery(try planned.requireID()), ["motif": "encore"]).status == .conflict)
            // Events are never changed: the database refuses it.
            await #expect(throws: (any Error).self) {
                try await (app.db as! any SQLDatabase).raw("UPDATE lot_events SET kg = 1").run()
            }
        }
    }

    /// Two animators accept two plans that place the same kilos, at the same moment: one wins, the lot is never
    /// given twice (SQLite and PostgreSQL).
    @Test func twoPlansForTheSameLotAreNotBothAccepted() async throws {
        try await withMaillage { app in
            let s = try await Self.setUp(app)
            let lot = try await Self.lot(app, s, kg: 60).content.decode(Lot.DTO.self)
            #expect(try await Self.need(app, s, kg: 100).status == .created)
            let first = try await Self.dispatch(app, s), second = try await Self.dispatch(app, s)
            #expect(first.plan?.allocations.map(\.kg).reduce(0, +) == 60 && second.plan?.allocations.map(\.kg).reduce(0, +) == 60)
            let api = APITests()
            let token = s.animatorToken
            let statuses = await withTaskGroup(of: HTTPStatus.self) { group in
                for d in [first, second] {
                    group.addTask { (try? await api.send(app, .POST, SurplusURL.apiAcceptDispatch(d.id), token: token).status) ?? .internalServerError }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.sorted { $0.code < $1.code } == [.ok, .conflict])
            let row = try #require(try await Lot.find(lot.id, on: app.db))
            #expect(row.allocatedKg == 60 && row.status == .reserved)
            #expect(try await Delivery.query(on: app.db).count() == 1)
        }
    }

    /// The driver (a member of the van's structure) marks the tour from a phone; the chain and the need follow.
    @Test func theDriverMarksTheTour() async throws {
        try await withMaillage { app in
            let s = try await Self.setUp(app)
            let api = APITests()
            let lot = try await Self.lot(app, s, kg: 50).content.decode(Lot.DTO.self)
            let need = try await Self.need(app, s, kg: 50).content.decode(Need.DTO.self)
            let d = try await Self.dispatch(app, s)
            #expect(try await api.send(app, .POST, SurplusURL.apiAcceptDispatch(d.id), token: s.animatorToken).status == .ok)
            let sheet = SurplusURL.routeSheet(d.id, 1)
            let recipient = Browser(app)
            try await recipient.signIn("epicerie@test.fr")
            #expect(try await recipient.get(sheet).status == .forbidden)
            let driver = Browser(app)
            try await driver.signIn("ferme@test.fr")
            let page = try await driver.get(sheet)
            #expect(page.status == .ok && page.body.string.contains("Charger chez Ferme Test") && page.body.string.contains("Livrer à Épicerie Test"))
            let delivery = try #require(try await Delivery.query(on: app.db).first())
            let mark = SurplusURL.mark(try delivery.requireID())
            // Delivering before loading is refused; loading is noted once.
            #expect(try await driver.post(mark, ["etape": "livraison", "delivered": "50"]).status == .conflict)
            #expect(try await driver.post(mark, ["etape": "collecte", "kg": "48"]).status == .seeOther)
            #expect(try await driver.post(mark, ["etape": "collecte", "kg": "48"]).status == .conflict)
            // More delivered than loaded: a French message at the field, nothing written.
            let wrong = try await driver.post(mark, ["etape": "livraison", "delivered": "50"])
            #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("Plus de kilos livrés"))
            #expect(
                try await driver.post(mark, ["etape": "livraison", "delivered": "40", "refused": "8", "reason": "Pas de place au frais"]).status == .seeOther)
            let events = try await api.send(app, .GET, SurplusURL.apiLotEvents(lot.id), token: s.donorToken).content.decode([LotEvent.DTO].self)
            #expect(events.map(\.kind) == ["declared", "allocated", "collected", "delivered", "refused"])
            #expect(events.last?.note == "Pas de place au frais")
            // What did not arrive is still wanted.
            #expect(try await Need.find(need.id, on: app.db)?.allocatedKg == 42)
            let after = try await driver.get(sheet)
            #expect(after.body.string.contains("48 kg chargés = 40 livrés + 8 refusés + 0 perdus"))
            // The recipient reports a defect; the donor reads it and answers; both are steps of the chain.
            #expect(try await recipient.post(SurplusURL.defect(lot.id), ["defaut": "Deux cagettes moisies", "kg": "3"]).status == .seeOther)
            #expect(try await driver.post(SurplusURL.defect(lot.id), ["defaut": "Pas à moi de le dire"]).status == .forbidden)
            #expect(try await driver.post(SurplusURL.answerDefect(lot.id), ["reponse": "Merci, nous trions mieux désormais."]).status == .seeOther)
            let chain = try await api.send(app, .GET, SurplusURL.apiLotEvents(lot.id), token: s.recipientToken).content.decode([LotEvent.DTO].self)
            #expect(chain.suffix(2).map(\.kind) == ["defect", "answer"])
            #expect(try await UserNotification.query(on: app.db).filter(\.$kind == SurplusModule.qualityNotice.key).count() == 2)
            // The hand-over slip and the donor's summary for its tax receipt.
            let slip = try await driver.get(SurplusURL.slip(d.id, try s.donor.requireID()))
            #expect(slip.status == .ok && slip.body.string.contains("Bordereau de prise en charge") && slip.body.string.contains("AB-12 7"))
            #expect(try await recipient.get(SurplusURL.slip(d.id, try s.donor.requireID())).status == .notFound)
            let summary = try await driver.get(SurplusURL.donorSummary(try s.donor.requireID()) + "?prix-fruits-legumes=2")
            #expect(summary.status == .ok && summary.body.string.contains("40 kg") && summary.body.string.contains("valeur : 80 €"))
            let csv = try await driver.get(SurplusURL.donorSummaryCSV(try s.donor.requireID()) + "?prix-fruits-legumes=2")
            #expect(csv.body.string.contains("Épicerie Test"))
            #expect(try await recipient.get(SurplusURL.donorSummary(try s.donor.requireID())).status == .forbidden)
            // The database itself refuses more out than in.
            await #expect(throws: (any Error).self) {
                try await (app.db as! any SQLDatabase).raw("UPDATE deliveries SET delivered_kg = 100").run()
            }
        }
    }

    /// A recall finds the lot by its number, tells the donor and the recipient at once, and shows who acted.
    @Test func aRecallFindsWhoGaveAndWhoReceived() async throws {
        try await withMaillage { app in
            let s = try await Self.setUp(app)
            let api = APITests()
            let lot = try await Self.lot(app, s, kg: 30).content.decode(Lot.DTO.self)
            _ = try await Self.need(app, s, kg: 30)
            let d = try await Self.dispatch(app, s)
            #expect(try await api.send(app, .POST, SurplusURL.apiAcceptDispatch(d.id), token: s.animatorToken).status == .ok)
            let animator = Browser(app)
            try await animator.signIn("anim11@test.fr")
            let bad = try await animator.post(SurplusURL.recalls("11"), ["product": "", "lot_numbers": ""])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("nom du produit"))
            let created = try await animator.post(
                SurplusURL.recalls("11"), ["product": "Pommes du test", "lot_numbers": "ab12-7", "reason": "Résidus de pesticide"])
            #expect(created.status == .seeOther)
            let recall = try #require(try await Recall.query(on: app.db).first())
            let notices = try await RecallNotice.query(on: app.db).all()
            #expect(Set(notices.map(\.role)) == ["gave", "received"])
            #expect(try await UserNotification.query(on: app.db).filter(\.$kind == SurplusModule.recallNotice.key).count() == 2)
            let events = try await api.send(app, .GET, SurplusURL.apiLotEvents(lot.id), token: s.donorToken).content.decode([LotEvent.DTO].self)
            #expect(events.last?.kind == "recalled")
            // The recipient reads it and says what it did; a stranger does not see it.
            let recipient = Browser(app)
            try await recipient.signIn("epicerie@test.fr")
            let page = try await recipient.get(SurplusURL.recall(try recall.requireID()))
            #expect(page.status == .ok && page.body.string.contains("Résidus de pesticide"))
            let ack = SurplusURL.acknowledge(try s.recipient.requireID(), try recall.requireID())
            #expect(try await recipient.post(ack, ["note": "30 kg retirés et détruits"]).status == .seeOther)
            #expect(try await recipient.post(ack, ["note": "encore"]).status == .conflict)
            #expect(try await recipient.get(SurplusURL.recall(try recall.requireID())).body.string.contains("30 kg retirés et détruits"))
            _ = try await Fixtures.user(app, "inconnu@test.fr")
            let stranger = Browser(app)
            try await stranger.signIn("inconnu@test.fr")
            #expect(try await stranger.get(SurplusURL.recall(try recall.requireID())).status == .notFound)
        }
    }

    /// "J'ai trop de dons": offered to three structures who all accept at the same moment; one gets it.
    @Test func theFirstToAcceptAnUrgentLotGetsIt() async throws {
        try await withMaillage { app in
            let s = try await Self.setUp(app)
            let lot = try await Self.lot(app, s, kg: 70).content.decode(Lot.DTO.self)
            for i in 1...3 {
                let email = "asso\(i)@test.fr"
                let user = try await Fixtures.user(app, email)
                let org = try await Fixtures.organization(app, referent: user, input: Fixtures.input(name: "Association \(i)"))
                let token = try await APITests().token(app, for: email)
                let need = try await APITests().send(
                    app, .POST, SurplusURL.apiNeeds.path, token: token,
                    json:
                        #"{"organization_id":"\#(try org.requireID())","category":"any","kg":100,"delivery_from":"\#(Self.at(s.day, 8))","delivery_to":"\#(Self.at(s.day, 18))","people_served":50}"#
                )
                #expect(need.status == .created)
            }
            let donor = Browser(app)
            try await donor.signIn("ferme@test.fr")
            let takers = try await donor.get(SurplusURL.urgent(lot.id))
            #expect(takers.status == .ok && takers.body.string.contains("Association 3"))
            let needs = try await Need.query(on: app.db).filter(\.$organization.$id != s.recipient.requireID()).all().compactMap(\.id)
            let encoded = needs.map { "besoins=\($0.uuidString)" }.joined(separator: "&")
            #expect(try await donor.postRaw(SurplusURL.urgent(lot.id), encoded).status == .seeOther)
            let offers = try await UrgentOffer.query(on: app.db).all()
            #expect(offers.count == 3)
            // A structure not offered cannot take it.
            let outsider = Browser(app)
            try await outsider.signIn("epicerie@test.fr")
            #expect(try await outsider.post(SurplusURL.acceptUrgent(try offers[0].requireID()), [:]).status == .forbidden)
            // All three answer at the same moment (each as its own member).
            var viewers: [UUID: Viewer] = [:]
            for offer in offers {
                let member = try #require(try await Membership.query(on: app.db).filter(\.$organization.$id == offer.$organization.id).first())
                viewers[offer.$organization.id] = try #require(try await Viewer.load(userID: member.$user.id, on: app.db))
            }
            let answering = viewers
            let statuses = await withTaskGroup(of: HTTPStatus.self) { group in
                for offer in offers {
                    group.addTask {
                        guard let viewer = answering[offer.$organization.id] else { return .internalServerError }
                        do {
                            try await UrgentOffers.accept(offer, by: viewer, now: app.clock.now, base: "", on: app.db)
                            return .seeOther
                        } catch let abort as AbortError {
                            return abort.status
                        } catch {
                            Issue.record("unexpected \(String(reflecting: error))")
                            return .internalServerError
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .seeOther }.count == 1 && statuses.filter { $0 == .conflict }.count == 2, "\(statuses)")
            let row = try #require(try await Lot.find(lot.id, on: app.db))
            #expect(row.allocatedKg == 70 && row.status == .reserved)
            let after = try await UrgentOffer.query(on: app.db).all().map(\.status)
            #expect(after.filter { $0 == .accepted }.count == 1 && after.filter { $0 == .gone }.count == 2)
            // The two others are told it is gone; the donor who took it.
            #expect(try await UserNotification.query(on: app.db).filter(\.$title == "Don urgent parti : Fruits et légumes").count() == 2)
        }
    }

    /// The animator keeps a lot from its recipient, then leaves the van at the depot: each time the day is planned
    /// again with the change.
    @Test func theAnimatorAdjustsAndPlansAgain() async throws {
        try await withMaillage { app in
            let s = try await Self.setUp(app)
            let lot = try await Self.lot(app, s, kg: 40).content.decode(Lot.DTO.self)
            let first = try await Self.need(app, s, kg: 40).content.decode(Need.DTO.self)
            let otherUser = try await Fixtures.user(app, "restos@test.fr")
            let other = try await Fixtures.organization(
                app, referent: otherUser, input: Fixtures.input(name: "Restos Test", postalCode: "11000", commune: "Carcassonne"))
            let token = try await APITests().token(app, for: "restos@test.fr")
            let second = try await APITests().send(
                app, .POST, SurplusURL.apiNeeds.path, token: token,
                json:
                    #"{"organization_id":"\#(try other.requireID())","category":"any","kg":40,"delivery_from":"\#(Self.at(s.day, 8))","delivery_to":"\#(Self.at(s.day, 18))","people_served":30}"#
            ).content.decode(Need.DTO.self)
            let d = try await Self.dispatch(app, s)
            #expect(d.plan?.allocations.contains { $0.need_id == first.id } == true)
            let animator = Browser(app)
            try await animator.signIn("anim11@test.fr")
            let page = try await animator.get(SurplusURL.dispatch(d.id))
            #expect(page.body.string.contains("Envoyer le don") && page.body.string.contains("garder:\(second.id.uuidString)"))
            let moved = try await animator.post(SurplusURL.adjustDispatch(d.id), ["lot": lot.id.uuidString, "choix": "exclure:" + first.id.uuidString])
            #expect(moved.status == .seeOther)
            #expect(try await JobRunner.runNext(app))
            let again = try #require(try await Dispatch.query(on: app.db).sort(\.$createdAt, .descending).first())
            #expect(DispatchService.plan(of: again)?.allocations.map(\.need_id) == [second.id])
            #expect(DispatchService.plan(of: again)?.allocations.first?.kg == 40)
            // Without the only van nothing moves, and the plan says why.
            let dropped = try await animator.post(SurplusURL.adjustDispatch(try again.requireID()), ["vehicule": try s.van.requireID().uuidString])
            #expect(dropped.status == .seeOther)
            #expect(try await JobRunner.runNext(app))
            let last = try #require(try await Dispatch.query(on: app.db).sort(\.$createdAt, .descending).first())
            let plan = try #require(DispatchService.plan(of: last))
            #expect(plan.tours.isEmpty && plan.allocations.isEmpty && plan.unallocated.first?.reason == DayPlan.Reason.noVehicleFits.rawValue)
            #expect(try await animator.post(SurplusURL.adjustDispatch(try last.requireID()), ["choix": "n'importe quoi"]).status == .unprocessableEntity)
        }
    }

    /// A recurring pickup makes its lots ahead, once per day however often (or concurrently) it runs; one day is
    /// skipped, another changed; stopping it withdraws what is left.
    @Test func recurringPickupsMakeTheirLotsOnce() async throws {
        try await withMaillage { app in
            _ = try await Self.setUp(app)
            let donor = Browser(app)
            try await donor.signIn("ferme@test.fr")
            #expect(try await donor.get(SurplusURL.newSeries.path).status == .ok)
            let wrong = try await donor.post(
                SurplusURL.newSeries.path, ["product": "Ramasse", "category": "produits-laitiers", "kg": "30", "de": "10:00", "a": "08:00", "shelf_days": "3"])
            #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("Cochez au moins un jour"))
            let every = ["jour1", "jour2", "jour3", "jour4", "jour5", "jour6", "jour7"].reduce(into: [String: String]()) { $0[$1] = "1" }
            let created = try await donor.post(
                SurplusURL.newSeries.path,
                every.merging(
                    [
                        "product": "Ramasse frais", "category": "produits-laitiers", "kg": "30", "temperature": "frais", "date_kind": "dlc", "de": "23:58",
                        "a": "23:59", "shelf_days": "4",
                    ]
                ) { $1 })
            #expect(created.status == .seeOther)
            let series = try #require(try await LotSeries.query(on: app.db).first())
            let made = try await Lot.query(on: app.db).filter(\.$series.$id == series.requireID()).count()
            #expect((14...15).contains(made))
            // Generation again, twice at once: nothing more.
            async let a = SeriesService.generate(now: app.clock.now, on: app.db)
            async let b = SeriesService.generate(now: app.clock.now, on: app.db)
            #expect(try await a + b == 0)
            #expect(try await Lot.query(on: app.db).filter(\.$series.$id == series.requireID()).count() == made)
            // Change one day's quantity: a correction step, the old values in its note.
            let lots = try await Lot.query(on: app.db).filter(\.$series.$id == series.requireID()).sort(\.$occurrence).all()
            let changed = try lots[1].requireID()
            let edit = try await donor.post(
                SurplusURL.editLot(changed),
                ["kg": "45", "pickup_from": SurplusController.localText(lots[1].pickupFrom), "pickup_to": SurplusController.localText(lots[1].pickupTo)])
            #expect(edit.status == .seeOther)
            #expect(try await Lot.find(changed, on: app.db)?.kg == 45)
            #expect(try await LotEvent.query(on: app.db).filter(\.$lot.$id == changed).filter(\.$kind == .corrected).first()?.note.contains("30 kg") == true)
            #expect(try await donor.post(SurplusURL.editLot(changed), ["kg": "-4", "pickup_from": "", "pickup_to": ""]).status == .unprocessableEntity)
            // Skip one day; then stop the series: every lot left is withdrawn.
            #expect(try await donor.post(SurplusURL.withdraw(try lots[2].requireID()), ["motif": "Pas de ramasse ce jour-là"]).status == .seeOther)
            #expect(try await donor.post(SurplusURL.stopSeries(try series.requireID()), [:]).status == .seeOther)
            #expect(try await Lot.query(on: app.db).filter(\.$series.$id == series.requireID()).filter(\.$status == .offered).count() == 0)
            #expect(try await SeriesService.generate(now: app.clock.now.addingTimeInterval(3 * 86_400), on: app.db) == 0)
            // A stranger cannot read it.
            let other = Browser(app)
            try await other.signIn("epicerie@test.fr")
            #expect(try await other.get(SurplusURL.series(try series.requireID())).status == .forbidden)
        }
    }

    /// Glanage: a field, a day of three places, six volunteers at once — three get in; afterwards who came and the kg
    /// per destination, which become lots.
    @Test func gleaningDaysFillUpOnceAndBecomeLots() async throws {
        try await withMaillage { app in
            let s = try await Self.setUp(app)
            let farm = Browser(app)
            try await farm.signIn("ferme@test.fr")
            let missing = try await farm.post(
                SurplusURL.newGleaningField.path,
                ["crop": "Pommes de terre", "expected_kg": "800", "place": "Lieu-dit Les Aires", "season_from": s.day, "season_to": s.day])
            #expect(missing.status == .unprocessableEntity && missing.body.string.contains("accord écrit"))
            #expect(
                try await farm.post(
                    SurplusURL.newGleaningField.path,
                    [
                        "crop": "Pommes de terre", "expected_kg": "800", "place": "Lieu-dit Les Aires", "season_from": s.day, "season_to": s.day,
                        "authorisation": "M. Roux, exploitant, saison 2026",
                    ]
                ).status == .seeOther)
            let field = try #require(try await GleaningField.query(on: app.db).first())
            let tooLate = try await farm.post(
                SurplusURL.gleaningDays(try field.requireID()),
                ["day": Day.of(app.clock.now.addingTimeInterval(9 * 86_400)), "de": "09:00", "a": "12:00", "pickers": "3", "leader": "Sophie"])
            #expect(tooLate.status == .unprocessableEntity && tooLate.body.string.contains("saison autorisée"))
            #expect(
                try await farm.post(
                    SurplusURL.gleaningDays(try field.requireID()),
                    ["day": s.day, "de": "09:00", "a": "12:00", "pickers": "3", "leader": "Sophie, 06 00 00 00 00"]
                ).status == .seeOther)
            let day = try #require(try await GleaningDay.query(on: app.db).first())
            var viewers: [Viewer] = []
            for i in 1...6 {
                let user = try await Fixtures.user(app, "glaneur\(i)@test.fr")
                viewers.append(try #require(try await Viewer.load(userID: try user.requireID(), on: app.db)))
            }
            let all = viewers
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for v in all {
                    group.addTask {
                        do {
                            try await GleaningService.signUp(day, v, organization: nil, on: app.db)
                            return true
                        } catch let abort as AbortError where abort.status == .conflict {
                            return false
                        } catch {
                            Issue.record("unexpected \(String(reflecting: error))")
                            return false
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 3)
            #expect(try await GleaningDay.find(day.id, on: app.db)?.signedUp == 3)
            #expect(try await GleaningSignup.query(on: app.db).count() == 3)
            // One cancels: a place is free again, and someone else takes it through the page.
            let first = try #require(try await GleaningSignup.query(on: app.db).first())
            let leaving = try #require(all.first { $0.userID == first.$user.id })
            try await GleaningService.cancel(day, leaving, on: app.db)
            let volunteer = Browser(app)
            try await volunteer.signIn("epicerie@test.fr")
            #expect(
                try await volunteer.post(SurplusURL.gleaningSignUp(try day.requireID()), ["structure": try s.recipient.requireID().uuidString]).status
                    == .seeOther)
            #expect(try await volunteer.post(SurplusURL.gleaningSignUp(try day.requireID()), [:]).status == .conflict)
            // The day after: who came, and 300 kg for the épicerie, which become a lot at the farm.
            app.clock = FixedClock(Day.end(of: s.day).addingTimeInterval(3_600))
            let signups = try await GleaningSignup.query(on: app.db).all()
            let present = signups.prefix(2).compactMap { $0.id?.uuidString }.map { "presents=\($0)" }.joined(separator: "&")
            let report = try await farm.postRaw(
                SurplusURL.gleaningReport(try day.requireID()), present + "&destination1=\(try s.recipient.requireID().uuidString)&kg1=300")
            #expect(report.status == .seeOther)
            #expect(try await GleaningSignup.query(on: app.db).filter(\.$status == .absent).count() == 1)
            let lot = try #require(try await Lot.query(on: app.db).filter(\.$product == "Glanage : Pommes de terre").first())
            #expect(lot.kg == 300 && lot.status == .offered && lot.$organization.id == s.donor.id)
            #expect(try await farm.postRaw(SurplusURL.gleaningReport(try day.requireID()), present).status == .conflict)
        }
    }

    /// Dairy nobody can take today goes to the food bank's shared cold room instead of being lost: the room is booked
    /// on accepting, and once the driver leaves it there the food is a new lot offered from the hub, its chain linked.
    @Test func whatNobodyTakesIsKeptInASharedColdRoom() async throws {
        try await withMaillage { app in
            let s = try await Self.setUp(app)
            let api = APITests()
            let bankUser = try await Fixtures.user(app, "banque@test.fr")
            let bank = try await Fixtures.organization(app, referent: bankUser, input: Fixtures.input(name: "Banque Test"))
            let room = try await SharingHTTPTests.resource(app, bank, by: bankUser, kind: .coldRoom, capacity: 10, approval: false)
            let lot = try await Self.lot(app, s, kg: 50, category: "produits-laitiers", temperature: "frais").content.decode(Maillage.Lot.DTO.self)
            let need = try await api.send(
                app, .POST, SurplusURL.apiNeeds.path, token: s.recipientToken,
                json:
                    #"{"organization_id":"\#(try s.recipient.requireID())","category":"feculents","kg":80,"delivery_from":"\#(Self.at(s.day, 9))","delivery_to":"\#(Self.at(s.day, 17))","people_served":120}"#
            )
            #expect(need.status == .created)
            // The desk offers the room; the animator keeps it ticked.
            let animator = Browser(app)
            try await animator.signIn("anim11@test.fr")
            #expect(try await animator.get(SurplusURL.newDispatch("11") + "?jour=" + s.day).body.string.contains("Chambres froides et stockages partagés"))
            let queued = try await api.send(
                app, .POST, SurplusURL.apiDispatches.path, token: s.animatorToken,
                json: #"{"territory":"11","day":"\#(s.day)","seconds":0.5,"hub_ids":["\#(try room.requireID())"]}"#)
            let location = try #require(queued.headers.first(name: .location))
            #expect(try await JobRunner.runNext(app))
            let d = try await api.send(app, .GET, location, token: s.animatorToken).content.decode(Dispatch.DTO.self)
            let hubNeed = try #require(try await Maillage.Need.query(on: app.db).filter(\.$hub.$id == room.requireID()).first())
            #expect(d.plan?.allocations.map(\.need_id) == [try hubNeed.requireID()])
            #expect(try await api.send(app, .POST, SurplusURL.apiAcceptDispatch(d.id), token: s.animatorToken).status == .ok)
            let booked = try await Booking.query(on: app.db).filter(\.$resource.$id == room.requireID()).all()
            #expect(booked.map(\.quantity) == [1])
            // The driver loads at the farm and leaves it in the cold room.
            let driver = Browser(app)
            try await driver.signIn("ferme@test.fr")
            let delivery = try #require(try await Delivery.query(on: app.db).first())
            #expect(
                try await driver.post(SurplusURL.mark(try delivery.requireID()), ["etape": "collecte", "kg": "50", "temperature": "3"]).status == .seeOther)
            #expect(
                try await driver.post(SurplusURL.mark(try delivery.requireID()), ["etape": "livraison", "delivered": "50", "temperature": "3"]).status
                    == .seeOther)
            let chain = try await LotEvent.query(on: app.db).filter(\.$lot.$id == lot.id).sort(\.$at).all().map(\.kind)
            #expect(chain.last == .stored)
            let kept = try #require(try await Maillage.Lot.query(on: app.db).filter(\.$organization.$id == bank.requireID()).first())
            #expect(kept.kg == 50 && kept.status == .offered && kept.temperature == .frais && kept.note.contains("issu du lot"))
            // Hub rooms are not anyone's needs on the board nor in the API.
            let needs = try await api.send(app, .GET, SurplusURL.apiNeeds.path + "?territory=11", token: s.animatorToken).content.decode(
                [Maillage.Need.DTO].self)
            #expect(!needs.contains { $0.id == hubNeed.id })
        }
    }

    /// A day's lots in one request: all written, or none when one is wrong (named by its place in the list).
    @Test func aDaysLotsInOneRequest() async throws {
        try await withMaillage { app in
            let s = try await Self.setUp(app)
            let org = try s.donor.requireID().uuidString
            let good = "[" + [10.0, 11, 12].map { Self.batchItem(org, s.day, $0) }.joined(separator: ",") + "]"
            let bad = "[" + [10.0, -1, 12].map { Self.batchItem(org, s.day, $0) }.joined(separator: ",") + "]"
            let before = try await Maillage.Lot.query(on: app.db).count()
            let api = APITests()
            let wrong: TestingHTTPResponse = try await api.send(app, .POST, SurplusURL.apiLots.path, token: s.donorToken, json: bad)
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("1.kg"))
            #expect(try await Maillage.Lot.query(on: app.db).count() == before)
            let batch: TestingHTTPResponse = try await api.send(app, .POST, SurplusURL.apiLots.path, token: s.donorToken, json: good)
            #expect(batch.status == .created)
            let kgs: [Double] = try batch.content.decode([Maillage.Lot.DTO].self).map(\.kg)
            #expect(kgs == [10, 11, 12])
            #expect(try await Maillage.Lot.query(on: app.db).count() == before + 3)
        }
    }

    /// The rest of the API: recalls and recurring pickups, with French field errors.
    @Test func recallsAndSeriesThroughTheAPI() async throws {
        try await withMaillage { app in
            let s = try await Self.setUp(app)
            let api = APITests()
            _ = try await Self.lot(app, s, kg: 20)
            let recall = try await api.send(
                app, .POST, SurplusURL.apiRecalls.path, token: s.animatorToken,
                json: #"{"territory":"11","product":"Pommes","lot_numbers":"AB-12 7","reason":"Listeria"}"#)
            #expect(recall.status == .created)
            #expect(try recall.content.decode(Recall.DTO.self).notices.map(\.role) == ["gave"])
            #expect(
                try await api.send(app, .POST, SurplusURL.apiRecalls.path, token: s.donorToken, json: #"{"territory":"11","product":"Pommes"}"#).status
                    == .forbidden)
            #expect(
                try await api.send(app, .GET, SurplusURL.apiRecalls.path + "?territory=11", token: s.animatorToken).content.decode([Recall.DTO].self).count == 1
            )
            let series = try await api.send(
                app, .POST, SurplusURL.apiSeries.path, token: s.donorToken,
                json:
                    #"{"organization_id":"\#(try s.donor.requireID())","product":"Ramasse","category":"feculents","kg":25,"temperature":"ambiant","date_kind":"ddm","shelf_days":5,"weekdays":"1234567","pickup_start":"23:58","pickup_end":"23:59"}"#
            )
            #expect(series.status == .created)
            #expect(try await api.send(app, .GET, SurplusURL.apiSeries.path, token: s.donorToken).content.decode([LotSeries.DTO].self).count == 1)
            let bad = try await api.send(
                app, .POST, SurplusURL.apiSeries.path, token: s.donorToken,
                json:
                    #"{"product":"Ramasse","category":"feculents","kg":25,"temperature":"ambiant","date_kind":"ddm","shelf_days":5,"weekdays":"","pickup_start":"9h","pickup_end":"10:00"}"#
            )
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("weekdays") && bad.body.string.contains("pickup_start"))
        }
    }

    @Test func pagesFormsAndExpiry() async throws {
        try await withMaillage { app in
            let s = try await Self.setUp(app)
            let browser = Browser(app)
            try await browser.signIn("ferme@test.fr")
            #expect(try await browser.get(SurplusURL.board.path).body.string.contains("Déclarer un don"))
            #expect(try await browser.get(SurplusURL.newLot.path).status == .ok)
            // A form with mistakes comes back with what was typed and a message per field.
            let wrong = try await browser.post(
                SurplusURL.newLot.path,
                [
                    "category": "fruits-legumes", "product": "Pommes", "kg": "0", "temperature": "ambiant", "date_kind": "ddm", "date": "", "pickup_from": "",
                    "pickup_to": "",
                ])
            #expect(
                wrong.status == .unprocessableEntity && wrong.body.string.contains("Pommes") && wrong.body.string.contains("La quantité doit être positive"))
            let from = SurplusController.localText(Day.start(of: s.day).addingTimeInterval(8 * 3_600))
            let to = SurplusController.localText(Day.start(of: s.day).addingTimeInterval(11 * 3_600))
            let ok = try await browser.post(
                SurplusURL.newLot.path,
                [
                    "category": "fruits-legumes", "product": "Pommes", "kg": "35,5", "temperature": "ambiant", "date_kind": "dlc",
                    "date": Day.of(app.clock.now.addingTimeInterval(6 * 86_400)),
                    "pickup_from": from, "pickup_to": to,
                ])
            #expect(ok.status == .seeOther)
            let lot = try #require(try await Lot.query(on: app.db).filter(\.$product == "Pommes").first())
            #expect(lot.kg == 35.5)
            // The animator's desk shows the day and the van; strangers are refused.
            let animator = Browser(app)
            try await animator.signIn("anim11@test.fr")
            let desk = try await animator.get(SurplusURL.newDispatch("11") + "?jour=" + s.day)
            #expect(desk.status == .ok && desk.body.string.contains("1 lot proposé") && desk.body.string.contains("Véhicule"))
            #expect(try await browser.get(SurplusURL.newDispatch("11")).status == .forbidden)
            // Preferences of the recipient: only its members.
            let recipient = Browser(app)
            try await recipient.signIn("epicerie@test.fr")
            let prefs = SurplusURL.preferences(try s.recipient.requireID())
            #expect(try await recipient.post(prefs, ["pref-produits-laitiers": "refused", "delai": "12"]).status == .seeOther)
            #expect(try await browser.post(prefs, ["pref-produits-laitiers": "wanted"]).status == .forbidden)
            #expect(try await SurplusService.fastestRedistribution(near: s.donor.requireID(), on: app.db) == 12)
            // Past its DLC the lot expires, with an event.
            #expect(try await SurplusService.expire(now: app.clock.now.addingTimeInterval(8 * 86_400), on: app.db) == 1)
            let expired = try #require(try await Lot.find(lot.id, on: app.db))
            #expect(expired.status == .expired)
            #expect(try await LotEvent.query(on: app.db).filter(\.$lot.$id == lot.requireID()).filter(\.$kind == .expired).count() == 1)
            // The animator sees it on the desk, the donor on its board.
            #expect(try await animator.get(SurplusURL.newDispatch("11")).body.string.contains("Périmés sans preneur cette semaine (36 kg)"))
            #expect(try await browser.get(SurplusURL.board.path).body.string.contains("Périmé"))
        }
    }
}
