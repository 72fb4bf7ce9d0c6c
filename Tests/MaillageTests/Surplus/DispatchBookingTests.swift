import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// Issue 21: a dispatch's van is a request when its owner asked that requests wait for its answer; the owner
/// answers from "Nos réservations"; a refusal gives the tour's food back and tells the animators.
@Suite struct DispatchBookingTests {
    /// A farm's van that waits for the farm's answer, a lot, a need, and the plan accepted by the Aude's animator.
    static func acceptedWithAVanToAnswer(_ app: Application) async throws -> (SurplusHTTPTests.Setting, Dispatch.DTO, UUID) {
        let s = try await SurplusHTTPTests.setUp(app)
        s.van.needsApproval = true
        try await s.van.save(on: app.db)
        let lot = try await SurplusHTTPTests.lot(app, s, kg: 120).content.decode(Lot.DTO.self)
        #expect(try await SurplusHTTPTests.need(app, s, kg: 80).status == .created)
        let d = try await SurplusHTTPTests.dispatch(app, s)
        #expect(d.plan?.tours.count == 1)
        let accepted = try await APITests().send(app, .POST, SurplusURL.apiAcceptDispatch(d.id), token: s.animatorToken)
        #expect(accepted.status == .ok)
        return (s, d, lot.id)
    }

    @Test func aVanWhoseOwnerRefusesGivesItsTourBackAndTheAnimatorIsTold() async throws {
        try await withMaillage { app in
            let (s, d, lotID) = try await Self.acceptedWithAVanToAnswer(app)
            // The van is asked for, not taken: the farm answers.
            let row = try #require(try await DispatchBooking.query(on: app.db).first())
            #expect(row.status == .pending && row.tour == 0 && row.ownerName == "Ferme Test")
            let booking = try #require(try await Booking.find(row.bookingID, on: app.db))
            #expect(booking.statusValue == .pending && booking.$resource.id == s.van.id)
            #expect(try await Lot.find(lotID, on: app.db)?.allocatedKg == 80)
            let animator = Browser(app)
            try await animator.signIn("anim11@test.fr")
            let plan = try await animator.get(SurplusURL.dispatch(d.id)).body.string
            #expect(plan.contains("Véhicule : en attente de Ferme Test") && plan.contains("attend la réponse de sa structure"))
            // The farm sees the request in "Nos réservations" and refuses it, with its reason.
            let farm = Browser(app)
            try await farm.signIn("ferme@test.fr")
            let ours = try await farm.get(SharingURL.ours.path).body.string
            #expect(ours.contains("Tournée 1 de la répartition du"))
            let refused = try await farm.post(SharingURL.refuse(row.bookingID), ["motif": "Le camion est au garage"])
            #expect(refused.status == .seeOther)
            // The tour's food is offered again, the need open again, the chain says why.
            let after = try #require(try await DispatchBooking.find(row.id, on: app.db))
            #expect(after.status == .refused && after.reason == "Le camion est au garage")
            let lot = try #require(try await Lot.find(lotID, on: app.db))
            #expect(lot.allocatedKg == 0 && lot.status == .offered)
            #expect(try await Need.query(on: app.db).first()?.allocatedKg == 0)
            #expect(try await Delivery.query(on: app.db).all().map(\.status) == [.refused])
            let steps = try await LotEvent.query(on: app.db).filter(\.$lot.$id == lotID).sort(\.$at).all()
            #expect(steps.last?.kind == .refused && steps.last?.note.contains("refusé par Ferme Test") == true)
            // The animators are told once, with the plan's address.
            try await DispatchBookings.tellAnimators(now: app.clock.now, app: app)
            try await DispatchBookings.tellAnimators(now: app.clock.now, app: app)
            let told = try await UserNotification.query(on: app.db).filter(\.$kind == SurplusModule.vanRefused.key).all()
            #expect(told.count == 1 && told.first?.link == SurplusURL.dispatch(d.id))
            let replan = try await animator.get(SurplusURL.dispatch(d.id)).body.string
            #expect(replan.contains("refusé par Ferme Test : Le camion est au garage") && replan.contains("Relancer la répartition du jour"))
        }
    }

    @Test func aVanWhoseOwnerAcceptsIsBookedAndNobodyIsTold() async throws {
        try await withMaillage { app in
            let (_, d, lotID) = try await Self.acceptedWithAVanToAnswer(app)
            let row = try #require(try await DispatchBooking.query(on: app.db).first())
            let farm = Browser(app)
            try await farm.signIn("ferme@test.fr")
            // Someone else cannot answer for the farm.
            let stranger = Browser(app)
            _ = try await Fixtures.user(app, "autre@test.fr")
            try await stranger.signIn("autre@test.fr")
            #expect(try await stranger.post(SharingURL.accept(row.bookingID), [:]).status == .forbidden)
            #expect(try await DispatchBooking.find(row.id, on: app.db)?.status == .pending)
            #expect(try await farm.post(SharingURL.accept(row.bookingID), [:]).status == .seeOther)
            #expect(try await DispatchBooking.find(row.id, on: app.db)?.status == .accepted)
            #expect(try await Lot.find(lotID, on: app.db)?.allocatedKg == 80)
            try await DispatchBookings.tellAnimators(now: app.clock.now, app: app)
            #expect(try await UserNotification.query(on: app.db).filter(\.$kind == SurplusModule.vanRefused.key).count() == 0)
            let animator = Browser(app)
            try await animator.signIn("anim11@test.fr")
            #expect(try await animator.get(SurplusURL.dispatch(d.id)).body.string.contains("Véhicule : réservé auprès de Ferme Test"))
        }
    }

    /// A van that does not ask for approval is booked at once, as before.
    @Test func aVanWithoutApprovalIsBookedAtOnce() async throws {
        try await withMaillage { app in
            let s = try await SurplusHTTPTests.setUp(app)
            _ = try await SurplusHTTPTests.lot(app, s, kg: 50)
            _ = try await SurplusHTTPTests.need(app, s, kg: 50)
            let d = try await SurplusHTTPTests.dispatch(app, s)
            #expect(try await APITests().send(app, .POST, SurplusURL.apiAcceptDispatch(d.id), token: s.animatorToken).status == .ok)
            let row = try #require(try await DispatchBooking.query(on: app.db).first())
            #expect(row.status == .accepted)
            #expect(try await Booking.find(row.bookingID, on: app.db)?.statusValue == .accepted)
        }
    }
}
