import Foundation
import Logistics

/// Turns a day's lots, needs and vans into the `Logistics` engine's input, in minutes from the day's Paris midnight,
/// and its answer back into a `DispatchPlan` with the database's identifiers. Plain Swift: tested without a database.
struct DispatchProblem {
    struct Place: Sendable {
        var organization: UUID
        var latitude: Double
        var longitude: Double
    }
    struct LotRow: Sendable {
        var id: UUID
        var place: Place
        var category: String
        var kg: Double
        var temperature: TemperatureClass
        var dateKind: DateKind
        var date: String
        var pickupFrom: Date
        var pickupTo: Date
        /// The animator's adjustments: the need it must go to, the needs it may not.
        var onlyNeed: UUID? = nil
        var excludedNeeds: Set<UUID> = []
    }
    struct NeedRow: Sendable {
        var id: UUID
        var place: Place
        /// nil: any category.
        var category: String?
        var kg: Double
        var deliveryFrom: Date
        var deliveryTo: Date
        var peopleServed: Int
        /// kg of storage per class; a class absent has none (ambient absent: no limit).
        var storage: [TemperatureClass: Double]
        var refused: Set<String>
        var redistributesWithinHours: Int?
        /// The fairness ledger's weight (1 when served as much as its share).
        var weight: Double
        /// Room in a shared cold room or store rather than a recipient: takes only what nobody else takes.
        var hub = false
    }
    struct VanRow: Sendable {
        var id: UUID
        var place: Place
        var capacityKg: Double
        var refrigerated: Bool
        var shiftStart: Date
        var shiftEnd: Date
    }

    let origin: Date
    let lotRows: [LotRow]
    let needRows: [NeedRow]
    let vanRows: [VanRow]
    let sites: [Site]
    let lots: [Logistics.Lot]
    let needs: [Logistics.Need]
    let vehicles: [Vehicle]
    let now: Date

    init(day: String, lots lotRows: [LotRow], needs needRows: [NeedRow], vans vanRows: [VanRow], now: Date) {
        let origin = Day.start(of: day)
        func minutes(_ d: Date) -> Double { d.timeIntervalSince(origin) / 60 }
        var siteIndex: [UUID: Int] = [:]
        var sites: [Site] = []
        func site(_ p: Place) -> Int {
            if let i = siteIndex[p.organization] { return i }
            siteIndex[p.organization] = sites.count
            sites.append(Site(id: p.organization.uuidString, latitude: p.latitude, longitude: p.longitude))
            return sites.count - 1
        }
        let engineClass: [TemperatureClass: Logistics.TemperatureClass] = [.ambiant: .ambient, .frais: .chilled, .surgele: .frozen]
        lots = lotRows.map { r in
            var lot = Logistics.Lot(
                id: r.id.uuidString, site: site(r.place), category: r.category, kg: r.kg, temperature: engineClass[r.temperature] ?? .ambient,
                dateKind: r.dateKind == .dlc ? .useBy : .bestBefore, date: minutes(Day.end(of: r.date)),
                pickup: TimeWindow(start: minutes(r.pickupFrom), end: minutes(r.pickupTo)))
            lot.onlyNeed = r.onlyNeed?.uuidString
            lot.excludedNeeds = Set(r.excludedNeeds.map(\.uuidString))
            return lot
        }
        needs = needRows.map { r in
            var n = Logistics.Need(
                id: r.id.uuidString, site: site(r.place), category: r.category, kg: r.kg,
                delivery: TimeWindow(start: minutes(r.deliveryFrom), end: minutes(r.deliveryTo)),
                storage: Dictionary(uniqueKeysWithValues: r.storage.compactMap { k, v in engineClass[k].map { ($0, v) } }), peopleServed: r.peopleServed)
            n.refusedCategories = r.refused
            n.useByMarginMinutes = Double(min(DonationRules.useByMarginHours, r.redistributesWithinHours ?? DonationRules.useByMarginHours) * 60)
            n.weight = r.weight
            return n
        }
        vehicles = vanRows.map { r in
            Vehicle(
                id: r.id.uuidString, depot: site(r.place), capacityKg: r.capacityKg, refrigerated: r.refrigerated,
                shift: TimeWindow(start: minutes(r.shiftStart), end: minutes(r.shiftEnd)))
        }
        (self.origin, self.lotRows, self.needRows, self.vanRows, self.sites, self.now) = (origin, lotRows, needRows, vanRows, sites, now)
    }

    func settings(seconds: Double) -> DayPlanSettings {
        var s = DayPlanSettings()
        s.seconds = seconds
        s.allocation.now = now.timeIntervalSince(origin) / 60
        return s
    }

    /// Plans the day and reads the answer back with the database's identifiers.
    func solve(seconds: Double, leftOut: [DispatchPlan.VehicleNote] = []) throws -> DispatchPlan {
        let plan = try DayPlanner.plan(sites: sites, lots: lots, needs: needs, vehicles: vehicles, settings: settings(seconds: seconds))
        return read(plan, leftOut: leftOut)
    }

    func read(_ plan: DayPlan, leftOut: [DispatchPlan.VehicleNote]) -> DispatchPlan {
        func moment(_ minutes: Double) -> String { origin.addingTimeInterval((minutes * 60).rounded()).ISO8601Format() }
        let undelivered = Dictionary(plan.undelivered.map { ($0.consignment, $0.reason) }, uniquingKeysWith: { a, _ in a })
        var tourOf: [Int: Int] = [:]
        var tours: [DispatchPlan.Tour] = []
        for (t, tour) in plan.tours.enumerated() {
            var stops: [DispatchPlan.Stop] = []
            for stop in tour.stops {
                tourOf[stop.consignment] = t
                let c = plan.consignments[stop.consignment]
                for part in c.parts {
                    let org = stop.kind == .pickup ? lotRows[part.lot].place.organization : needRows[part.need].place.organization
                    stops.append(
                        .init(
                            kind: stop.kind.rawValue, lot_id: lotRows[part.lot].id, need_id: needRows[part.need].id, organization_id: org,
                            arrival: moment(stop.arrival), kg: part.kg))
                }
            }
            tours.append(.init(vehicle_id: vanRows[tour.vehicle].id, departure: moment(tour.departure), back: moment(tour.back), km: tour.km, stops: stops))
        }
        var allocations: [DispatchPlan.Allocation] = []
        var unallocated: [DispatchPlan.Unallocated] = plan.allocation.unallocated.map {
            .init(lot_id: lotRows[$0.lot].id, kg: $0.kg, reason: $0.reason.rawValue)
        }
        var placedByLot: [Int: Double] = [:]
        var byNeed = [Double](repeating: 0, count: needRows.count)
        for (c, consignment) in plan.consignments.enumerated() {
            for part in consignment.parts {
                if let reason = undelivered[c] {
                    unallocated.append(.init(lot_id: lotRows[part.lot].id, kg: part.kg, reason: reason.rawValue))
                } else {
                    allocations.append(.init(lot_id: lotRows[part.lot].id, need_id: needRows[part.need].id, kg: part.kg, tour: tourOf[c]))
                    placedByLot[part.lot, default: 0] += part.kg
                    byNeed[part.need] += part.kg
                }
            }
        }
        // The allocation's own leftovers and the fill may both name a lot: kg not placed are what the lot had less
        // what was placed, under the first reason given.
        var merged: [DispatchPlan.Unallocated] = []
        var seen: Set<UUID> = []
        for (i, row) in lotRows.enumerated() {
            let left = ((row.kg - (placedByLot[i] ?? 0)) * 10).rounded() / 10
            guard left > 0.05, !seen.contains(row.id) else { continue }
            seen.insert(row.id)
            let reason = unallocated.first { $0.lot_id == row.id }?.reason ?? AllocationResult.Reason.needsCovered.rawValue
            merged.append(.init(lot_id: row.id, kg: left, reason: reason))
        }
        let nextDayEnd = origin.addingTimeInterval(2 * 86_400)
        let expiring = merged.reduce(0.0) { sum, u in
            guard let row = lotRows.first(where: { $0.id == u.lot_id }), row.dateKind == .dlc, Day.end(of: row.date) <= nextDayEnd else { return sum }
            return sum + u.kg
        }
        let placed = allocations.reduce(0) { $0 + $1.kg }
        return DispatchPlan(
            allocations: allocations, tours: tours, unallocated: merged, vehicles_left_out: leftOut,
            needs: needRows.indices.map { .init(need_id: needRows[$0].id, kg: byNeed[$0], wanted: needRows[$0].kg) },
            kg_offered: lotRows.reduce(0) { $0 + $1.kg }, kg_placed: placed, kg_expiring: expiring, km: plan.km,
            co2_kg: plan.km * DispatchPlan.co2PerKm, seconds: plan.allocationSeconds + plan.routingSeconds)
    }
}
