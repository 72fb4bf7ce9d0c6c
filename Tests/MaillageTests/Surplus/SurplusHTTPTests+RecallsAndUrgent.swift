import Fluent
import Foundation
import Logistics
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Maillage

extension SurplusHTTPTests {
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
}
