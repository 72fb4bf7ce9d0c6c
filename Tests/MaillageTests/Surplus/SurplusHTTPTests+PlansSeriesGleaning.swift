import Fluent
import Foundation
import Logistics
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Maillage

extension SurplusHTTPTests {
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
}
