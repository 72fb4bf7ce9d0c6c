import Fluent
import Foundation
import Logistics
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Maillage

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
}
