import Fluent
import Foundation
import Vapor

@testable import Maillage

/// The surplus exchange's records for the permission matrix. The structure gives a lot and drives the van; the other
/// structure needs food and receives the lot (delivery, urgent offer); the Aude's animator runs the dispatch.
enum SurplusMatrixFixture: MatrixFixture {
    static let module = SurplusModule.title

    static func seed(_ app: Application, _ people: MatrixPeople) async throws -> MatrixRecords {
        let db = app.db
        let now = app.clock.now
        let day = Day.of(now.addingTimeInterval(86_400))
        let morning = Day.start(of: day).addingTimeInterval(8 * 3_600)
        let referent = try await people.viewer(.referent, on: db)
        let orgID = try people.organization.requireID(), otherID = try people.other.requireID()
        let aude = try await Fixtures.territory(app, "11").requireID()

        let lot = try await SurplusService.declare(
            .init(
                category: .fruitsLegumes, product: "Pommes", kg: 50, units: nil, temperature: .ambiant, dateKind: .ddm, date: "2030-01-01",
                lotNumber: "L-1", frozenOn: nil, pickupFrom: morning, pickupTo: morning.addingTimeInterval(4 * 3_600)),
            for: people.organization, by: referent, now: now, on: db)
        let wanted = DonationRules.ValidNeed(
            category: FoodCategory.any, kg: 30, deliveryFrom: morning.addingTimeInterval(3_600), deliveryTo: morning.addingTimeInterval(9 * 3_600),
            peopleServed: 40)
        let need = try await SurplusService.express(wanted, for: people.other, by: try await people.viewer(.memberOfOther, on: db), on: db)
        let ownNeed = try await SurplusService.express(wanted, for: people.organization, by: referent, on: db)
        let van = try await SharingHTTPTests.resource(app, people.organization, by: try people.user(.referent), kind: .van, capacity: 800, approval: false)
        let (lotID, needID) = (try lot.requireID(), try need.requireID())

        let at = morning.ISO8601Format()
        let plan = DispatchPlan(
            allocations: [.init(lot_id: lotID, need_id: needID, kg: 30, tour: 0)],
            tours: [
                .init(
                    vehicle_id: try van.requireID(), departure: at, back: morning.addingTimeInterval(3 * 3_600).ISO8601Format(), km: 12,
                    stops: [
                        .init(kind: "pickup", lot_id: lotID, need_id: needID, organization_id: orgID, arrival: at, kg: 30),
                        .init(kind: "delivery", lot_id: lotID, need_id: needID, organization_id: otherID, arrival: at, kg: 30),
                    ])
            ], unallocated: [], vehicles_left_out: [], needs: [], kg_offered: 50, kg_placed: 30, kg_expiring: 0, km: 12, co2_kg: 3, seconds: 1)
        let dispatch = Dispatch()
        (dispatch.day, dispatch.seconds, dispatch.status, dispatch.$territory.id) = (day, 1, .accepted, aude)
        dispatch.plan = String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
        try await dispatch.create(on: db)
        let delivery = Delivery()
        (delivery.kg, delivery.tour, delivery.$dispatch.id, delivery.$lot.id, delivery.$need.id) = (30, 0, try dispatch.requireID(), lotID, needID)
        try await delivery.create(on: db)

        let offer = UrgentOffer()
        (offer.kg, offer.km, offer.$lot.id, offer.$need.id, offer.$organization.id) = (20, 5, lotID, needID, otherID)
        try await offer.create(on: db)
        let series = LotSeries()
        (series.product, series.category, series.temperature, series.dateKind, series.shelfDays, series.kg) = (
            "Pain", .feculents, .ambiant, .ddm, 2, 10
        )
        (series.weekdays, series.pickupStart, series.pickupEnd, series.startsOn, series.$organization.id) = ("14", 480, 600, day, orgID)
        try await series.create(on: db)
        let field = GleaningField()
        (field.crop, field.expectedKg, field.place, field.seasonFrom, field.seasonTo, field.authorisation) = (
            "Pommes de terre", 300, "Chemin des Vignes", day, day, "Accord de l'exploitant"
        )
        field.$organization.id = orgID
        try await field.create(on: db)
        let gleaning = GleaningDay()
        (gleaning.day, gleaning.startsAt, gleaning.endsAt, gleaning.pickersNeeded, gleaning.leader, gleaning.equipment) = (
            day, 540, 720, 10, "Camille", "Gants"
        )
        gleaning.$field.id = try field.requireID()
        gleaning.signedUp = people.users.count
        try await gleaning.create(on: db)
        // Everyone signed up, so that each may cancel.
        for user in people.users.values {
            let signup = GleaningSignup()
            (signup.$day.id, signup.$user.id) = (try gleaning.requireID(), try user.requireID())
            try await signup.create(on: db)
        }
        let recall = Recall()
        (recall.product, recall.lotNumbers, recall.dateFrom, recall.dateTo, recall.reason, recall.instructions, recall.source) = (
            "Pommes", "L-1", "", "", "Listeria", "Ne pas distribuer", "RappelConso"
        )
        recall.$territory.id = aude
        try await recall.create(on: db)
        for (organization, role) in [(orgID, "donor"), (otherID, "recipient")] {
            let notice = RecallNotice()
            (notice.role, notice.kg, notice.lots, notice.$recall.id, notice.$organization.id) = (role, 30, "L-1", try recall.requireID(), organization)
            try await notice.create(on: db)
        }

        var records = MatrixRecords()
        let donor: Set<PermissionMatrixTests.Actor> = [.member, .referent]
        let donorAndAnimator = donor.union([.animator])
        let lotPath = ["id": lotID.uuidString], dispatchID = try dispatch.requireID().uuidString
        records.add(LotScope.self, lotPath, [.member: donorAndAnimator, .reader: donorAndAnimator.union([.memberOfOther])])
        records.add(LotDonorScope.self, lotPath, [.member: donor])
        records.add(LotReceiptScope.self, lotPath, [.member: [.memberOfOther]])
        records.add(NeedScope.self, ["id": try ownNeed.requireID().uuidString], [.member: donor])
        records.add(SeriesScope.self, ["id": try series.requireID().uuidString], [.member: donorAndAnimator])
        // The van is the structure's: its members drive; the other structure only receives.
        records.add(DispatchScope.self, ["id": dispatchID], [.animator: [.animator], .party: donorAndAnimator])
        records.add(TourScope.self, ["id": dispatchID, "tour": "1"], [.member: donorAndAnimator])
        records.add(DeliveryScope.self, ["id": try delivery.requireID().uuidString], [.member: donorAndAnimator])
        records.add(DeliveryRecipientScope.self, ["id": try delivery.requireID().uuidString], [.member: [.memberOfOther]])
        records.add(SlipScope.self, ["id": dispatchID, "donor": orgID.uuidString], [.reader: donorAndAnimator])
        records.add(UrgentOfferScope.self, ["id": try offer.requireID().uuidString], [.member: [.memberOfOther]])
        records.add(GleaningFieldScope.self, ["id": try field.requireID().uuidString], [.member: donor])
        records.add(GleaningDayScope.self, ["id": try gleaning.requireID().uuidString], [.member: donor])
        records.add(RecallScope.self, ["id": try recall.requireID().uuidString], [.reader: donorAndAnimator.union([.memberOfOther])])
        records.paths[SurplusURL.gleaningSignUp.template] = ["id": try gleaning.requireID().uuidString]
        records.paths[SurplusURL.gleaningCancel.template] = ["id": try gleaning.requireID().uuidString]
        records.paths[SurplusURL.acknowledge.template] = ["id": orgID.uuidString, "recall": try recall.requireID().uuidString]
        return records
    }
}
