import Fluent
import Foundation

extension SurplusModule {
    /// A lot, a need, an accepted dispatch with its tour and delivery, a recall, a recurring pickup, a gleaning day and
    /// an urgent offer of the hostile structure, every text field a payload (issue 11's class check, for issue 15).
    static func seedHostile(_ demo: DemoContext, organization org: UUID, user: UUID) async throws -> [UUID] {
        let db = demo.db
        let now = demo.app.clock.now
        func p(_ i: Int) -> String { HostileData.payload(i) }
        guard let territory = try await OrganizationTerritory.query(on: db).filter(\.$organization.$id == org).first()?.$territory.id else { return [] }
        let lot = Lot()
        lot.$organization.id = org
        (lot.product, lot.category, lot.kg, lot.temperature, lot.dateKind, lot.date) = (
            "Yaourts " + p(0), .produitsLaitiers, 40, .frais, .dlc, Day.of(now.addingTimeInterval(5 * 86_400))
        )
        (lot.lotNumber, lot.note, lot.pickupFrom, lot.pickupTo) = (p(1), p(2), now.addingTimeInterval(3_600), now.addingTimeInterval(5 * 3_600))
        lot.frozenOn = p(3)
        try await lot.create(on: db)
        let lotID = try lot.requireID()
        let need = Need()
        need.$organization.id = org
        (need.category, need.kg, need.deliveryFrom, need.deliveryTo, need.peopleServed, need.note) =
            (p(4), 100, now, now.addingTimeInterval(86_400), 10, p(5))
        try await need.create(on: db)
        let needID = try need.requireID()
        for (i, kind) in [LotEvent.Kind.declared, .defect, .answer, .recalled].enumerated() {
            try await LotEvent(lot: lotID, kind: kind, at: now, kg: 1, organization: org, user: user, note: p(i)).create(on: db)
        }
        let van = SharedResource()
        van.$organization.id = org
        (van.kind, van.name, van.summary, van.capacity, van.unit, van.refrigerated, van.bufferMinutes, van.needsApproval) =
            (ResourceKind.van.rawValue, "Camion " + p(5), p(0), 500, "kg", true, 0, false)
        try await van.create(on: db)
        let vanID = try van.requireID()
        let d = Dispatch()
        (d.$territory.id, d.day, d.seconds, d.status, d.failure) = (territory, Day.of(now), 1, .accepted, p(1))
        let at = now.ISO8601Format()
        let plan = DispatchPlan(
            allocations: [.init(lot_id: lotID, need_id: needID, kg: 40, tour: 0)],
            tours: [
                .init(
                    vehicle_id: vanID, departure: at, back: at, km: 1,
                    stops: [
                        .init(kind: "pickup", lot_id: lotID, need_id: needID, organization_id: org, arrival: at, kg: 40),
                        .init(kind: "delivery", lot_id: lotID, need_id: needID, organization_id: org, arrival: at, kg: 40),
                    ])
            ],
            unallocated: [.init(lot_id: lotID, kg: 1, reason: p(2))], vehicles_left_out: [.init(vehicle_id: vanID, reason: p(3))],
            needs: [.init(need_id: needID, kg: 40, wanted: 100)], kg_offered: 41, kg_placed: 40, kg_expiring: 0, km: 1, co2_kg: 0.25, seconds: 1)
        d.plan = String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
        try await d.create(on: db)
        let delivery = Delivery()
        (delivery.$dispatch.id, delivery.$lot.id, delivery.$need.id, delivery.kg, delivery.tour, delivery.note) = (
            try d.requireID(), lotID, needID, 40, 0, p(4)
        )
        try await delivery.create(on: db)
        let recall = Recall()
        (recall.$territory.id, recall.product, recall.lotNumbers, recall.dateFrom, recall.dateTo) = (territory, p(0), p(1), "", "")
        (recall.reason, recall.instructions, recall.source) = (p(2), p(3), "https://exemple.fr/" + p(4))
        try await recall.create(on: db)
        let notice = RecallNotice()
        (notice.$recall.id, notice.$organization.id, notice.role, notice.kg, notice.lots) = (try recall.requireID(), org, "received", 40, p(5))
        (notice.acknowledgedAt, notice.acknowledgement) = (now, p(0))
        try await notice.create(on: db)
        let series = LotSeries()
        series.$organization.id = org
        (series.product, series.category, series.temperature, series.dateKind, series.shelfDays, series.kg) = (p(1), .autres, .ambiant, .ddm, 3, 10)
        (series.weekdays, series.pickupStart, series.pickupEnd, series.startsOn, series.note) = ("1", 480, 600, Day.of(now), p(2))
        try await series.create(on: db)
        let field = GleaningField()
        field.$organization.id = org
        (field.crop, field.expectedKg, field.place, field.seasonFrom, field.seasonTo, field.authorisation, field.note) =
            (p(3), 100, p(4), Day.of(now), Day.of(now.addingTimeInterval(30 * 86_400)), p(5), p(0))
        try await field.create(on: db)
        let day = GleaningDay()
        (day.$field.id, day.day, day.startsAt, day.endsAt, day.pickersNeeded, day.signedUp, day.leader, day.equipment) =
            (try field.requireID(), Day.of(now.addingTimeInterval(86_400)), 540, 720, 5, 1, p(1), p(2))
        try await day.create(on: db)
        let signup = GleaningSignup()
        (signup.$day.id, signup.$user.id, signup.$organization.id) = (try day.requireID(), user, org)
        try await signup.create(on: db)
        let offer = UrgentOffer()
        (offer.$lot.id, offer.$need.id, offer.$organization.id, offer.kg, offer.km) = (lotID, needID, org, 40, 1)
        try await offer.create(on: db)
        return [lotID, needID, try d.requireID(), try recall.requireID(), try series.requireID(), try field.requireID(), try day.requireID()]
    }
}
