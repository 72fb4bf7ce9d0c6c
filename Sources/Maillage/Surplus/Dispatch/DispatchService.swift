import Fluent
import Foundation
import Logistics
import Vapor

/// The daily dispatch: queued by an animator, planned in the background by the `Logistics` engine with the day's
/// lots, needs and free vans of the territory, then accepted — lots reserved, needs filled, vans booked — in one
/// transaction the database keeps honest.
enum DispatchService {
    struct Arguments: Codable { var dispatch_id: UUID }

    static func queue(
        territory: Territory, day: String, seconds: Double, selection: DispatchSelection, by viewer: Viewer, on db: any Database
    ) async throws -> Dispatch {
        let territoryID = try territory.requireID()
        let dispatch = Dispatch()
        dispatch.id = UUID()
        (dispatch.$territory.id, dispatch.day, dispatch.seconds, dispatch.$createdBy.id) = (territoryID, day, seconds, viewer.userID)
        dispatch.selection = String(decoding: try JSONEncoder().encode(selection), as: UTF8.self)
        let job = Job()
        (job.kind, job.status, job.host) = (DispatchJob.kind, Job.Status.queued.rawValue, JobRunner.host)
        job.arguments = String(decoding: try JSONEncoder().encode(Arguments(dispatch_id: try dispatch.requireID())), as: UTF8.self)
        (job.progressDone, job.progressTotal, job.progressLabel, job.$user.id) = (0, 1, "Répartition du \(Day.label(day))", viewer.userID)
        try await db.audited(
            SurplusModule.dispatchQueued, about: .territory(territoryID), territory: territoryID, by: viewer,
            summary: "Répartition du \(Day.label(day)) (\(territory.code))"
        ) { tx in
            try await dispatch.create(on: tx)
            try await job.create(on: tx)
        }
        return dispatch
    }

    /// A hub's value against a recipient's: it only takes what would otherwise stay with the donor.
    static let hubWeight = 0.05
    /// Food kept in a hub is offered again within this time; one pallet place holds about this many kg.
    static let hubDays = 3.0
    static func kgPerUnit(_ r: SharedResource) -> Double { r.unit == "kg" ? 1 : 300 }

    struct Hub {
        var resource: SharedResource
        var start: Date
        var close: Date
        var freeUnits: Double
    }

    /// The territory's shared cold rooms, freezers and stores open that day, with the room they have for three days.
    static func hubs(organizations: [UUID], day: String, on db: any Database) async throws -> [Hub] {
        let dayStart = Day.start(of: day)
        let weekday = Recurrence.weekday(day)
        var result: [Hub] = []
        let kinds = [ResourceKind.coldRoom, .freezer, .warehouse].map(\.rawValue)
        for r in try await SharedResource.query(on: db).filter(\.$organization.$id ~~ organizations).filter(\.$kind ~~ kinds).sort(\.$name).all() {
            guard r.opening.days.contains(weekday), let id = r.id else { continue }
            let start = dayStart.addingTimeInterval(Double(r.opensAt) * 60), close = dayStart.addingTimeInterval(Double(r.closesAt) * 60)
            let free = try await SharingFace.roomLeft(in: id, from: start, to: start.addingTimeInterval(hubDays * 86_400), on: db).rounded(.down)
            if free >= 1 { result.append(Hub(resource: r, start: start, close: close, freeUnits: free)) }
        }
        return result
    }

    /// The day's room in each chosen hub, as an open "need" of its structure: made once per hub and day, then kept to
    /// the room left (what an accepted plan took stays taken).
    static func prepareHubs(_ d: Dispatch, on db: any Database) async throws {
        let chosen = Set(selection(of: d).hub_ids ?? [])
        guard !chosen.isEmpty else { return }
        let orgs = try await OrganizationTerritory.query(on: db).filter(\.$territory.$id == d.$territory.id).all().map { $0.$organization.id }
        let dayStart = Day.start(of: d.day), dayEnd = Day.end(of: d.day)
        for hub in try await hubs(organizations: orgs, day: d.day, on: db) where chosen.contains(hub.resource.id ?? UUID()) {
            let rid = try hub.resource.requireID()
            let kg = hub.freeUnits * kgPerUnit(hub.resource)
            let existing = try await Need.query(on: db).filter(\.$hub.$id == rid).filter(\.$deliveryFrom >= dayStart).filter(\.$deliveryFrom < dayEnd).first()
            let need = existing ?? Need()
            if existing == nil {
                need.$organization.id = hub.resource.$organization.id
                need.$hub.id = rid
                (need.category, need.peopleServed, need.note) = (FoodCategory.any, 0, "Stockage : \(hub.resource.name)")
                (need.deliveryFrom, need.deliveryTo) = (hub.start, hub.close)
            }
            need.kg = need.allocatedKg + kg
            try await db.writeTransaction { tx in try await need.save(on: tx) }
        }
    }

    static func selection(of d: Dispatch) -> DispatchSelection {
        (try? JSONDecoder().decode(DispatchSelection.self, from: Data(d.selection.utf8))) ?? DispatchSelection()
    }

    /// The same day again with one change of the animator's: a lot kept for a need, moved to another, kept from one,
    /// or a van left at the depot. The earlier plan stays as it was (it may still be accepted instead).
    static func adjust(_ d: Dispatch, _ change: Adjustment, by viewer: Viewer, on db: any Database) async throws -> Dispatch {
        var s = selection(of: d)
        switch change {
        case .pin(let lot, let need):
            s.pins = (s.pins ?? []).filter { $0.lot_id != lot } + [.init(lot_id: lot, need_id: need)]
            s.exclusions = (s.exclusions ?? []).filter { !($0.lot_id == lot && $0.need_id == need) }
        case .exclude(let lot, let need):
            s.exclusions = (s.exclusions ?? []).filter { !($0.lot_id == lot && $0.need_id == need) } + [.init(lot_id: lot, need_id: need)]
            s.pins = (s.pins ?? []).filter { !($0.lot_id == lot && $0.need_id == need) }
        case .dropVehicle(let vehicle):
            let (problem, _) = try await problem(for: d, now: Date.distantPast, on: db)
            let current = (s.vehicle_ids?.isEmpty ?? true) ? problem.vanRows.map(\.id) : (s.vehicle_ids ?? [])
            let left = current.filter { $0 != vehicle }
            // None left: a van id that matches nothing, so that "no van" is not read as "every van".
            s.vehicle_ids = left.isEmpty ? [UUID()] : left
        }
        let territory = try await d.$territory.get(on: db)
        return try await queue(territory: territory, day: d.day, seconds: d.seconds, selection: s, by: viewer, on: db)
    }

    enum Adjustment: Sendable {
        case pin(lot: UUID, need: UUID)
        case exclude(lot: UUID, need: UUID)
        case dropVehicle(UUID)
    }

    static func find(_ id: UUID, on db: any Database) async throws -> Dispatch {
        guard let d = try await Dispatch.find(id, on: db) else { throw Abort(.notFound, reason: "Cette répartition n'existe pas.") }
        return d
    }

    static func plan(of d: Dispatch) -> DispatchPlan? {
        d.plan.flatMap { try? JSONDecoder().decode(DispatchPlan.self, from: Data($0.utf8)) }
    }

    /// The engine's input for the dispatch's day, and the vans left out with their reason.
    static func problem(for d: Dispatch, now: Date, on db: any Database) async throws -> (DispatchProblem, [DispatchPlan.VehicleNote]) {
        let selection = selection(of: d)
        let dayStart = Day.start(of: d.day), dayEnd = Day.end(of: d.day)
        let orgIDs = try await OrganizationTerritory.query(on: db).filter(\.$territory.$id == d.$territory.id).all().map { $0.$organization.id }
        let orgs = Dictionary(
            try await Organization.query(on: db).filter(\.$id ~~ orgIDs).filter(\.$status == OrganizationStatus.validated.rawValue).all()
                .compactMap { o in o.id.map { ($0, o) } }, uniquingKeysWith: { a, _ in a })
        func place(_ id: UUID) -> DispatchProblem.Place? {
            orgs[id].map { DispatchProblem.Place(organization: id, latitude: $0.latitude, longitude: $0.longitude) }
        }
        var lotQuery = Lot.query(on: db).filter(\.$status == .offered).filter(\.$organization.$id ~~ Array(orgs.keys))
            .filter(\.$pickupTo > max(dayStart, now)).filter(\.$pickupFrom < dayEnd)
        if let ids = selection.lot_ids, !ids.isEmpty { lotQuery = lotQuery.filter(\.$id ~~ ids) }
        let lots = try await lotQuery.sort(\.$pickupFrom).range(..<5_000).all().filter { $0.freeKg > 0.05 }
        var needQuery = Need.query(on: db).filter(\.$status == .open).filter(\.$organization.$id ~~ Array(orgs.keys))
            .filter(\.$deliveryTo > max(dayStart, now)).filter(\.$deliveryFrom < dayEnd)
        if let ids = selection.need_ids, !ids.isEmpty { needQuery = needQuery.filter(\.$id ~~ ids) }
        let hubIDs = Set(selection.hub_ids ?? [])
        let needs = try await needQuery.sort(\.$deliveryFrom).range(..<2_000).all().filter { n in
            n.missingKg > 0.05 && (n.$hub.id.map(hubIDs.contains) ?? true)
        }
        let hubKinds = Dictionary(
            try await SharedResource.query(on: db).filter(\.$id ~~ Array(hubIDs)).all().compactMap { r in r.id.map { ($0, r.kindValue) } },
            uniquingKeysWith: { a, _ in a })
        let recipients = Array(Set(needs.map { $0.$organization.id }))
        var storage: [UUID: [TemperatureClass: Double]] = [:]
        for c in try await Capacity.query(on: db).filter(\.$organization.$id ~~ recipients).all() {
            if let t = TemperatureClass(rawValue: c.temperature) { storage[c.$organization.id, default: [:]][t, default: 0] += c.capacityKg }
        }
        let profiles = Dictionary(
            try await RecipientProfile.query(on: db).filter(\.$organization.$id ~~ recipients).all().map { ($0.$organization.id, $0) },
            uniquingKeysWith: { a, _ in a })
        let weights = try await fairnessWeights(territory: d.$territory.id, recipients: needs, before: dayStart, on: db)

        let pins = Dictionary((selection.pins ?? []).map { ($0.lot_id, $0.need_id) }, uniquingKeysWith: { _, b in b })
        let exclusions = Dictionary(grouping: selection.exclusions ?? [], by: \.lot_id).mapValues { Set($0.map(\.need_id)) }
        let lotRows = lots.compactMap { l -> DispatchProblem.LotRow? in
            guard let id = l.id, let p = place(l.$organization.id) else { return nil }
            return .init(
                id: id, place: p, category: l.category.rawValue, kg: l.freeKg, temperature: l.temperature, dateKind: l.dateKind, date: l.date,
                pickupFrom: l.pickupFrom, pickupTo: l.pickupTo, onlyNeed: pins[id], excludedNeeds: exclusions[id] ?? [])
        }
        let needRows = needs.compactMap { n -> DispatchProblem.NeedRow? in
            guard let id = n.id, let p = place(n.$organization.id) else { return nil }
            if let hub = n.$hub.id {
                // A hub keeps its own class of food only, and is worth far less than any recipient.
                let room: [TemperatureClass: Double] =
                    switch hubKinds[hub] {
                    case .coldRoom: [.frais: n.missingKg, .ambiant: 0]
                    case .freezer: [.surgele: n.missingKg, .ambiant: 0]
                    default: [:]
                    }
                return .init(
                    id: id, place: p, category: nil, kg: n.missingKg, deliveryFrom: n.deliveryFrom, deliveryTo: n.deliveryTo, peopleServed: 0,
                    storage: room, refused: [], redistributesWithinHours: nil, weight: hubWeight, hub: true)
            }
            let profile = profiles[n.$organization.id]
            return .init(
                id: id, place: p, category: n.category == FoodCategory.any ? nil : n.category, kg: n.missingKg, deliveryFrom: n.deliveryFrom,
                deliveryTo: n.deliveryTo, peopleServed: n.peopleServed, storage: storage[n.$organization.id] ?? [:],
                refused: Set((profile?.preferenceMap ?? [:]).filter { $0.value == .refused }.keys.map(\.rawValue)),
                redistributesWithinHours: profile?.redistributesWithinHours, weight: weights[n.$organization.id] ?? 1)
        }
        // The territory's vans, free for their hours of that day.
        var vanQuery = SharedResource.query(on: db).filter(\.$kind == ResourceKind.van.rawValue).filter(\.$organization.$id ~~ Array(orgs.keys))
        if let ids = selection.vehicle_ids, !ids.isEmpty { vanQuery = vanQuery.filter(\.$id ~~ ids) }
        var vans: [DispatchProblem.VanRow] = []
        var leftOut: [DispatchPlan.VehicleNote] = []
        let weekday = (Calendar.paris.component(.weekday, from: dayStart.addingTimeInterval(43_200)) + 5) % 7 + 1
        for van in try await vanQuery.sort(\.$name).all() {
            guard let id = van.id, let p = place(van.$organization.id) else { continue }
            let hours = van.opening
            guard hours.days.contains(weekday) else {
                leftOut.append(.init(vehicle_id: id, reason: "ne sort pas ce jour-là (jours de sortie de la ressource)"))
                continue
            }
            let start = max(dayStart.addingTimeInterval(Double(hours.opens) * 60), now), end = dayStart.addingTimeInterval(Double(hours.closes) * 60)
            guard end.timeIntervalSince(start) >= 3_600 else {
                leftOut.append(.init(vehicle_id: id, reason: "moins d'une heure disponible ce jour-là"))
                continue
            }
            if let taken = try await SharingFace.conflict(try van.requireID(), start: start, end: end, on: db) {
                leftOut.append(.init(vehicle_id: id, reason: taken))
                continue
            }
            vans.append(
                .init(
                    id: id, place: p, capacityKg: van.unit == "kg" ? van.capacity : 1_000, refrigerated: van.refrigerated, shiftStart: start,
                    shiftEnd: end))
        }
        return (DispatchProblem(day: d.day, lots: lotRows, needs: needRows, vans: vans, now: now), leftOut)
    }

    /// The ledger: kg each recipient structure received through accepted dispatches in the four weeks before `before`.
    static func ledger(territory: UUID, before: Date, on db: any Database) async throws -> [UUID: Double] {
        let since = Day.of(before.addingTimeInterval(-Double(Fairness.days) * 86_400))
        let recent = try await Dispatch.query(on: db).filter(\.$territory.$id == territory).filter(\.$status == .accepted)
            .filter(\.$day >= since).filter(\.$day < Day.of(before)).all().compactMap(\.id)
        var received: [UUID: Double] = [:]
        guard !recent.isEmpty else { return received }
        for d in try await Delivery.query(on: db).filter(\.$dispatch.$id ~~ recent).with(\.$need).all() where d.status != .refused && d.status != .lost {
            received[d.need.$organization.id, default: 0] += d.deliveredKg ?? d.kg
        }
        return received
    }

    /// The people each recipient structure of the day serves (its largest need's figure).
    static func people(_ needs: [DispatchProblem.NeedRow]) -> [UUID: Int] {
        var people: [UUID: Int] = [:]
        for n in needs where !n.hub { people[n.place.organization] = max(people[n.place.organization] ?? 0, n.peopleServed) }
        return people
    }

    static func fairnessWeights(territory: UUID, recipients needs: [Need], before: Date, on db: any Database) async throws -> [UUID: Double] {
        guard !needs.isEmpty else { return [:] }
        var people: [UUID: Int] = [:]
        for n in needs where n.$hub.id == nil { people[n.$organization.id] = max(people[n.$organization.id] ?? 0, n.peopleServed) }
        return Fairness.weights(received: try await ledger(territory: territory, before: before, on: db), people: people)
    }

    /// The spread of kg per person served across the day's recipients over four weeks, before and with this plan.
    static func fairness(_ plan: DispatchPlan, problem: DispatchProblem, ledger: [UUID: Double]) -> (before: Double, after: Double) {
        let people = people(problem.needRows)
        let needOrg = Dictionary(problem.needRows.map { ($0.id, $0.place.organization) }, uniquingKeysWith: { a, _ in a })
        var after = ledger
        for a in plan.allocations { if let org = needOrg[a.need_id] { after[org, default: 0] += a.kg } }
        func gini(_ received: [UUID: Double]) -> Double {
            Fairness.gini(people.keys.sorted { $0.uuidString < $1.uuidString }.map { (received[$0] ?? 0) / Double(max(1, people[$0] ?? 1)) })
        }
        return (gini(ledger), gini(after))
    }

    /// Runs the engine away from the cooperative thread pool: a plan takes seconds of CPU.
    static func solve(_ problem: DispatchProblem, seconds: Double, leftOut: [DispatchPlan.VehicleNote]) async throws -> DispatchPlan {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try problem.solve(seconds: seconds, leftOut: leftOut) })
            }
        }
    }

    /// Accepts a plan once: every lot still has the kilos it gives, every need still wants them, every van is still
    /// free — or nothing is written and the animator is told what changed.
    static func accept(_ d: Dispatch, by viewer: Viewer, now: Date, on db: any Database) async throws -> Dispatch {
        guard d.status == .done, let plan = plan(of: d) else {
            throw Abort(.conflict, reason: d.status == .accepted ? "Cette répartition a déjà été acceptée." : "Le plan n'est pas prêt.")
        }
        let id = try d.requireID()
        var pairs: [Pair: (kg: Double, tour: Int?)] = [:]
        for a in plan.allocations { pairs[Pair(lot: a.lot_id, need: a.need_id), default: (0, a.tour)].kg += a.kg }
        let byPair = pairs
        let lots = Dictionary(
            try await Lot.query(on: db).filter(\.$id ~~ plan.allocations.map(\.lot_id)).all().compactMap { l in l.id.map { ($0, l) } },
            uniquingKeysWith: { a, _ in a })
        let vans = Dictionary(
            try await SharedResource.query(on: db).filter(\.$id ~~ plan.tours.map(\.vehicle_id)).all().compactMap { r in r.id.map { ($0, r) } },
            uniquingKeysWith: { a, _ in a })
        // Kilos going to hubs, per hub (its need carries the resource and the day's opening).
        let hubNeeds = try await Need.query(on: db).filter(\.$id ~~ plan.allocations.map(\.need_id)).filter(\.$hub.$id != nil).all()
        var hubLoads: [HubKey: Double] = [:]
        for n in hubNeeds {
            guard let rid = n.$hub.id, let nid = n.id else { continue }
            let kg = plan.allocations.filter { $0.need_id == nid }.reduce(0) { $0 + $1.kg }
            if kg > 0 { hubLoads[HubKey(resource: rid, start: n.deliveryFrom), default: 0] += kg }
        }
        let hubKg = hubLoads
        let hubRooms = Dictionary(
            try await SharedResource.query(on: db).filter(\.$id ~~ hubKg.keys.map(\.resource)).all().compactMap { r in r.id.map { ($0, r) } },
            uniquingKeysWith: { a, _ in a })
        let territoryID = d.$territory.id
        do {
            try await db.audited(
                SurplusModule.dispatchAccepted, about: .territory(territoryID), territory: territoryID, by: viewer,
                summary:
                    "Répartition du \(Day.label(d.day)) : \(Format.number(plan.kg_placed.rounded())) kg, \(French.count(plan.tours.count, "tournée", plural: "tournées"))"
            ) { tx in
                let won = try await SurplusSQL.returningIDs(
                    tx, "UPDATE dispatches SET status = 'accepted' WHERE id = \(bind: id) AND status = 'done' RETURNING id")
                guard !won.isEmpty else { throw Abort(.conflict, reason: "Cette répartition vient d'être acceptée par quelqu'un d'autre.") }
                for (pair, value) in byPair.sorted(by: { ($0.key.lot.uuidString, $0.key.need.uuidString) < ($1.key.lot.uuidString, $1.key.need.uuidString) }) {
                    let kg = value.kg
                    let lot = try await SurplusSQL.returningIDs(
                        tx,
                        """
                        UPDATE lots SET allocated_kg = allocated_kg + \(bind: kg),
                            status = CASE WHEN allocated_kg + \(bind: kg) >= kg - 0.05 THEN 'reserved' ELSE status END
                        WHERE id = \(bind: pair.lot) AND status = 'offered' AND allocated_kg + \(bind: kg) <= kg + 0.000001 RETURNING id
                        """)
                    guard !lot.isEmpty else {
                        throw Abort(
                            .conflict,
                            reason:
                                "Le lot « \(lots[pair.lot]?.product ?? "?") » a été attribué, retiré ou a périmé depuis le calcul : relancez la répartition.")
                    }
                    let need = try await SurplusSQL.returningIDs(
                        tx,
                        "UPDATE needs SET allocated_kg = allocated_kg + \(bind: kg) WHERE id = \(bind: pair.need) AND status = 'open' AND allocated_kg + \(bind: kg) <= kg + 0.000001 RETURNING id"
                    )
                    guard !need.isEmpty else { throw Abort(.conflict, reason: "Un besoin a été rempli ou clos depuis le calcul : relancez la répartition.") }
                    let delivery = Delivery()
                    (delivery.$dispatch.id, delivery.$lot.id, delivery.$need.id, delivery.kg, delivery.tour) = (id, pair.lot, pair.need, kg, value.tour)
                    try await delivery.create(on: tx)
                    try await LotEvent(
                        lot: pair.lot, kind: .allocated, at: now, kg: kg, organization: lots[pair.lot]?.$organization.id, user: viewer.userID,
                        note: "Répartition du \(Day.label(d.day))", need: pair.need, dispatch: id
                    ).create(on: tx)
                }
                // The room food takes in each hub for the days it stays there, and a van per tour, booked through
                // Sharing's rules: where the owner answers requests itself, they wait for its answer.
                let label = "répartition du \(Day.label(d.day))"
                for stay in Self.stays(hubKg, rooms: hubRooms) {
                    let r = try await SharingFace.reserve(
                        stay.resource, from: stay.start, to: stay.end, quantity: stay.units, purpose: "Stockage de la \(label)",
                        requestedBy: viewer.userID, now: now, on: tx)
                    try await DispatchBooking(dispatch: id, tour: nil, r).create(on: tx)
                }
                for (i, tour) in plan.tours.enumerated() {
                    guard vans[tour.vehicle_id] != nil, let start = ISODate.parse(tour.departure), let end = ISODate.parse(tour.back), end > start else {
                        continue
                    }
                    let r = try await SharingFace.reserve(
                        tour.vehicle_id, from: start, to: end, quantity: 1, purpose: "Tournée \(i + 1) de la \(label)", requestedBy: viewer.userID,
                        now: now, on: tx)
                    try await DispatchBooking(dispatch: id, tour: i, r).create(on: tx)
                }
                d.status = .accepted
                (d.$acceptedBy.id, d.acceptedAt) = (viewer.userID, now)
                try await d.save(on: tx)
                let recipients = try await Need.query(on: tx).filter(\.$id ~~ Array(Set(byPair.keys.map(\.need)))).filter(\.$hub.$id == nil).all()
                    .map(\.$organization.id)
                try await tx.publish(
                    SurplusFace.DispatchAccepted(
                        dispatchID: id, territoryID: territoryID, day: d.day, kgPlaced: plan.kg_placed, tours: plan.tours.count,
                        recipients: Array(Set(recipients)).sorted { $0.uuidString < $1.uuidString }),
                    by: viewer, now: now)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Abort(.conflict, reason: "Un lot, un besoin ou un véhicule vient d'être pris par une autre répartition : relancez le calcul.")
        } catch  where DatabaseFailure.isDeadlock(error) {
            throw Abort(.conflict, reason: "Une autre répartition est acceptée au même moment : réessayez dans un instant.")
        }
        return d
    }

    struct Pair: Hashable { var lot: UUID; var need: UUID }
    struct HubKey: Hashable { var resource: UUID; var start: Date }

    /// What a dispatch books in each hub room: a stay per delivery window where the room is booked at once; one
    /// request for the whole day where its owner answers requests itself (one answer, not one per window — it
    /// holds the total, from the first window to the last stay's end).
    struct Stay: Equatable { var resource: UUID; var start: Date; var end: Date; var units: Double }

    static func stays(_ loads: [HubKey: Double], rooms: [UUID: SharedResource]) -> [Stay] {
        var out: [Stay] = []
        for (resource, keys) in Dictionary(grouping: loads.keys, by: \.resource).sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            guard let room = rooms[resource] else { continue }
            let sorted = keys.sorted { $0.start < $1.start }
            let stays = sorted.map { key in
                Stay(resource: resource, start: key.start, end: key.start.addingTimeInterval(hubDays * 86_400), units: loads[key] ?? 0)
            }
            if room.needsApproval, let first = stays.first, let last = stays.last {
                let kg = stays.reduce(0) { $0 + $1.units }
                out.append(Stay(resource: resource, start: first.start, end: last.end, units: (kg / kgPerUnit(room)).rounded(.up)))
            } else {
                out += stays.map { Stay(resource: $0.resource, start: $0.start, end: $0.end, units: ($0.units / kgPerUnit(room)).rounded(.up)) }
            }
        }
        return out
    }
}

/// The background job of a dispatch run.
enum DispatchJob: BackgroundJob {
    static let kind = "surplus.dispatch"

    static func perform(_ job: Job, app: Application) async throws -> String {
        let args = try JSONDecoder().decode(DispatchService.Arguments.self, from: Data(job.arguments.utf8))
        let d = try await DispatchService.find(args.dispatch_id, on: app.db)
        d.status = .running
        try await app.db.writeTransaction { tx in try await d.save(on: tx) }
        do {
            try await DispatchService.prepareHubs(d, on: app.db)
            let (problem, leftOut) = try await DispatchService.problem(for: d, now: app.clock.now, on: app.db)
            var plan = try await DispatchService.solve(problem, seconds: d.seconds, leftOut: leftOut)
            let ledger = try await DispatchService.ledger(territory: d.$territory.id, before: Day.start(of: d.day), on: app.db)
            (plan.fairness_before, plan.fairness_after) = DispatchService.fairness(plan, problem: problem, ledger: ledger)
            d.plan = String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
            d.status = .done
        } catch {
            d.status = .failed
            d.failure = (error as? AbortError)?.reason ?? "\(error)"
        }
        d.finishedAt = app.clock.now
        try await app.db.writeTransaction { tx in try await d.save(on: tx) }
        return d.status == .done ? "Plan prêt" : (d.failure ?? "Échec")
    }
}
