import Fluent
import Foundation
import Logistics
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Maillage

extension SurplusHTTPTests {
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
