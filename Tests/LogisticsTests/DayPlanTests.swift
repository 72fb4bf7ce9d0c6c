import Foundation
import Testing

@testable import Logistics

@Suite struct DepotAndShiftTests {
    /// Two depots 100 apart, each with its own cluster of customers (40 kg, one vehicle load) and two vehicles.
    func twoDepots(shiftEnd: Double = 1000) -> RoutingProblem {
        var nodes = [
            RoutingProblem.Node(id: 0, x: 0, y: 0, demand: 0, ready: 0, due: 1000, service: 0),
            RoutingProblem.Node(id: 1, x: 100, y: 0, demand: 0, ready: 0, due: 1000, service: 0),
        ]
        var rng = RandomSource(seed: 4)
        for i in 0..<16 {
            let cx = i < 8 ? 0.0 : 100.0
            nodes.append(.init(id: 2 + i, x: cx + rng.unit() * 10 - 5, y: rng.unit() * 10 - 5, demand: 5, ready: 0, due: 500, service: 5))
        }
        let fleet = [
            RoutingProblem.Vehicle(capacity: 40, refrigerated: false, depot: 0, shiftStart: 100, shiftEnd: shiftEnd),
            RoutingProblem.Vehicle(capacity: 40, refrigerated: false, depot: 0, shiftStart: 100, shiftEnd: shiftEnd),
            RoutingProblem.Vehicle(capacity: 40, refrigerated: false, depot: 1, shiftStart: 100, shiftEnd: shiftEnd),
            RoutingProblem.Vehicle(capacity: 40, refrigerated: false, depot: 1, shiftStart: 100, shiftEnd: shiftEnd),
        ]
        return RoutingProblem(name: "deux-dépôts", nodes: nodes, depotCount: 2, fleet: fleet)
    }

    @Test func eachClusterIsServedFromItsOwnDepot() {
        let p = twoDepots()
        let result = RoutingSolver.solve(p, options: RoutingOptions(timeLimit: 5, iterationLimit: 400, seed: 1))
        let report = SolutionChecker.check(result.solution, for: p)
        #expect(report.isFeasible, "\(report.violations)")
        #expect(result.unserved.isEmpty)
        for (r, route) in result.solution.routes.enumerated() {
            let depot = p.fleet[result.solution.vehicleOfRoute[r]].depot
            #expect(route.allSatisfy { (p.nodes[$0].x > 50) == (depot == 1) }, "route \(r) crosses to the other depot")
        }
        // Distances are counted from each route's own depot: no 100-long trip between the clusters.
        #expect(report.distance < 200)
        #expect(!result.solution.routes.flatMap { $0 }.contains { p.isDepot($0) })
    }

    @Test func shiftsBoundTheRoutes() {
        // A vehicle starting at 100 cannot serve a customer due at 50; with shifts ending at 140, tours are short.
        var p = twoDepots(shiftEnd: 140)
        p.nodes[2].due = 50
        let result = RoutingSolver.solve(p, options: RoutingOptions(timeLimit: 5, iterationLimit: 300, seed: 2))
        #expect(result.unserved.contains(2))
        let report = SolutionChecker.check(result.solution, for: p, requireAllServed: false)
        #expect(report.isFeasible, "\(report.violations)")
        // The checker sees a tour that overruns the shift or starts too early.
        let overrun = SolutionChecker.check(RoutingSolution(routes: [Array(3...9)], vehicles: [0]), for: p, requireAllServed: false)
        #expect(overrun.violations.contains { $0.contains("returns to the depot") })
        let early = SolutionChecker.check(RoutingSolution(routes: [[2]], vehicles: [0]), for: p, requireAllServed: false)
        #expect(early.violations.contains { $0.contains("after its due time") })
        let depotVisited = SolutionChecker.check(RoutingSolution(routes: [[1, 3]], vehicles: [0]), for: p, requireAllServed: false)
        #expect(depotVisited.violations.contains { $0.contains("does not exist") })
    }

    @Test func placesShareOneMatrixRow() {
        // Three nodes at two places: nodes 1 and 2 stand at the same address.
        let nodes = [
            RoutingProblem.Node(id: 0, x: 0, y: 0, demand: 0, ready: 0, due: 100, service: 0),
            RoutingProblem.Node(id: 1, x: 0, y: 0, demand: 1, ready: 0, due: 100, service: 1),
            RoutingProblem.Node(id: 2, x: 0, y: 0, demand: 1, ready: 0, due: 100, service: 1),
        ]
        let p = RoutingProblem(
            name: "lieux", nodes: nodes, depotCount: 1, fleet: [.init(capacity: 5, refrigerated: false)],
            placeOfNode: [0, 1, 1], placeDistances: [0, 7, 7, 0])
        #expect(p.distance(0, 1) == 7 && p.distance(1, 2) == 0 && p.distance(2, 0) == 7)
        #expect(RoutingSolution(routes: [[1, 2]]).distance(in: p) == 14)
    }
}

@Suite struct DayPlanTests {
    let narbonne = Site(id: "entrepot-narbonne", latitude: 43.184, longitude: 3.004)
    let carrefour = Site(id: "super-narbonne", latitude: 43.170, longitude: 3.020, opening: TimeWindow(start: 480, end: 1140))
    let coursan = Site(id: "epicerie-coursan", latitude: 43.233, longitude: 3.059, opening: TimeWindow(start: 540, end: 1080))
    let cuxac = Site(id: "resto-cuxac", latitude: 43.240, longitude: 2.997, opening: TimeWindow(start: 540, end: 1080))

    func lot(_ id: String, kg: Double, _ t: TemperatureClass = .ambient, pickup: TimeWindow = TimeWindow(start: 480, end: 700)) -> Lot {
        Lot(
            id: id, site: 1, category: "epicerie", kg: kg, temperature: t, dateKind: t == .ambient ? .bestBefore : .useBy,
            date: 5000, pickup: pickup)
    }
    func need(_ id: String, site: Int = 2, kg: Double) -> Need {
        Need(
            id: id, site: site, category: nil, kg: kg, delivery: TimeWindow(start: 540, end: 1080),
            storage: [.chilled: 2000, .frozen: 2000], peopleServed: 100)
    }
    func van(_ id: String, kg: Double = 1000, cold: Bool = false) -> Vehicle {
        Vehicle(id: id, depot: 0, capacityKg: kg, refrigerated: cold, shift: TimeWindow(start: 450, end: 1050))
    }
    var sites: [Site] { [narbonne, carrefour, coursan, cuxac] }

    @Test func lotsMeetingInTimeTravelTogetherAndHeavyOnesAreSplit() throws {
        let lots = [
            lot("a", kg: 120), lot("b", kg: 80, pickup: TimeWindow(start: 600, end: 800)),
            lot("c", kg: 50, pickup: TimeWindow(start: 840, end: 1000)), lot("d", kg: 2500),
        ]
        let plan = try DayPlanner.plan(
            sites: sites, lots: lots, needs: [need("coursan", kg: 5000)], vehicles: [van("v1"), van("v2")],
            settings: settings())
        #expect(plan.check.isFeasible, "\(plan.check.violations)")
        // a and the first 880 kg of d fill a van; 1,000 kg of d fill another; the last 620 kg of d ride with b
        // (both can be collected between 600 and 700); c comes in the afternoon.
        #expect(plan.consignments.map(\.kg).sorted() == [50, 700, 1000, 1000])
        #expect(plan.consignments.first { $0.kg == 700 }?.pickup == TimeWindow(start: 600, end: 700))
        #expect(plan.consignments.first { $0.kg == 700 }?.parts.map(\.lot) == [3, 1])
        // Every kg shipped is in exactly one consignment.
        var perLot = [Double](repeating: 0, count: lots.count)
        for c in plan.consignments { for part in c.parts { perLot[part.lot] += part.kg } }
        #expect(perLot == [120, 80, 50, 2500])
        #expect(plan.undelivered.isEmpty)
        #expect(abs(plan.deliveredKg - 2750) < 1e-6)
    }

    @Test func coldFoodWithoutRefrigeratedVehicleIsReportedAndTheRestPlanned() throws {
        let lots = [lot("yaourts", kg: 100, .chilled), lot("pates", kg: 200)]
        let plan = try DayPlanner.plan(sites: sites, lots: lots, needs: [need("coursan", kg: 500)], vehicles: [van("sec")], settings: settings())
        #expect(plan.check.isFeasible)
        #expect(plan.undelivered.map(\.reason) == [.noVehicleFits])
        #expect(plan.consignments[plan.undelivered[0].consignment].cold)
        #expect(abs(plan.deliveredKg - 200) < 1e-6)
        let cold = try DayPlanner.plan(
            sites: sites, lots: lots, needs: [need("coursan", kg: 500)],
            vehicles: [van("sec"), van("frigo", cold: true)], settings: settings())
        #expect(cold.undelivered.isEmpty)
        for tour in cold.tours where tour.stops.contains(where: { cold.consignments[$0.consignment].cold }) {
            #expect(tour.vehicle == 1)
        }
        // No vehicle at all: everything allocated is reported, nothing is lost.
        let none = try DayPlanner.plan(sites: sites, lots: lots, needs: [need("coursan", kg: 500)], vehicles: [], settings: settings())
        #expect(none.tours.isEmpty)
        #expect(none.undelivered.count == none.consignments.count && none.consignments.count == 2)
        #expect(none.undelivered.allSatisfy { $0.reason == .noVehicleFits })
    }

    @Test func aFullFleetReportsWhatItCannotCarry() throws {
        // One small van, half a day: it cannot do 30 return trips.
        let lots = (0..<30).map { lot("l\($0)", kg: 400) }
        var small = van("petit", kg: 400)
        small.shift = TimeWindow(start: 450, end: 720)
        let plan = try DayPlanner.plan(
            sites: sites, lots: lots, needs: [need("coursan", kg: 6000), need("cuxac", site: 3, kg: 6000)],
            vehicles: [small], settings: settings())
        #expect(plan.check.isFeasible, "\(plan.check.violations)")
        #expect(!plan.tours.isEmpty)
        #expect(!plan.undelivered.isEmpty)
        #expect(plan.undelivered.allSatisfy { $0.reason == .fleetFull })
        let carried = Set(plan.tours.flatMap { $0.stops.map(\.consignment) })
        #expect(carried.count + plan.undelivered.count == plan.consignments.count)
        #expect(carried.isDisjoint(with: plan.undelivered.map(\.consignment)))
    }

    @Test func closedSitesAndBadVehiclesAreNamed() throws {
        // Picked up at 20:00 when the shop closes at 19:00.
        let evening = lot("soir", kg: 10, pickup: TimeWindow(start: 1200, end: 1260))
        let plan = try DayPlanner.plan(sites: sites, lots: [evening], needs: [need("coursan", kg: 50)], vehicles: [van("v")], settings: settings())
        #expect(plan.allocation.unallocated.map(\.reason) == [.siteClosed])
        #expect(plan.tours.isEmpty)
        #expect(throws: AllocationInputError(item: "vehicle fantome", field: "depot", reason: "no such site")) {
            try DayPlanner.plan(
                sites: sites, lots: [], needs: [],
                vehicles: [
                    Vehicle(
                        id: "fantome", depot: 9, capacityKg: 100, refrigerated: false,
                        shift: TimeWindow(start: 0, end: 10))
                ])
        }
        #expect(throws: AllocationInputError(item: "vehicle nuit", field: "shift", reason: "ends before it starts")) {
            try DayPlanner.plan(
                sites: sites, lots: [], needs: [],
                vehicles: [
                    Vehicle(
                        id: "nuit", depot: 0, capacityKg: 100, refrigerated: false,
                        shift: TimeWindow(start: 600, end: 500))
                ])
        }
        var shut = sites
        shut[2].opening = TimeWindow(start: 600, end: .nan)
        #expect(throws: AllocationInputError(item: "site epicerie-coursan", field: "opening hours", reason: "not a number")) {
            try DayPlanner.plan(sites: shut, lots: [], needs: [], vehicles: [])
        }
    }

    @Test func suppliedRoadDistancesReplaceTheCrowFlight() throws {
        // Coursan is across the river: 45 km by road, though 7 km as the crow flies; every other trip is 5 km.
        var km = [Double](repeating: 5, count: 16)
        for i in 0..<4 { km[i * 4 + i] = 0 }
        for i in 0..<4 where i != 2 { km[i * 4 + 2] = 45; km[2 * 4 + i] = 45 }
        var s = settings()
        s.allocation.roads = RoadDistances(siteCount: 4, km: km)
        s.allocation.maxDistanceKm = 30
        let far = try DayPlanner.plan(sites: sites, lots: [lot("pates", kg: 100)], needs: [need("coursan", kg: 100)], vehicles: [van("v")], settings: s)
        #expect(far.allocation.unallocated.map(\.reason) == [.tooFar])
        let near = try DayPlanner.plan(sites: sites, lots: [lot("pates", kg: 100)], needs: [need("cuxac", site: 3, kg: 100)], vehicles: [van("v")], settings: s)
        #expect(near.tours.count == 1)
        #expect(abs(near.km - 15) < 1e-9)  // depot → shop → Cuxac → depot
        s.allocation.roads = RoadDistances(siteCount: 3, km: [0])
        #expect(throws: AllocationInputError(item: "road distances", field: "size", reason: "expected 4 × 4 values, one per pair of sites")) {
            try DayPlanner.plan(sites: sites, lots: [], needs: [], vehicles: [], settings: s)
        }
        km[1] = -.infinity
        s.allocation.roads = RoadDistances(siteCount: 4, km: km)
        #expect(
            throws: AllocationInputError(
                item: "road distances", field: "from site entrepot-narbonne to site super-narbonne",
                reason: "must be a distance in km, zero or more")
        ) {
            try DayPlanner.plan(sites: sites, lots: [], needs: [], vehicles: [], settings: s)
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func generatedDaysPassTheCheckerAndKeepEveryRule(seed: UInt64) throws {
        let day = SyntheticDay.generate(lots: 150, needs: 24, vehicles: 4, seed: seed)
        var s = day.settings
        s.seconds = 30
        s.iterationLimit = 300
        s.seed = seed
        let plan = try DayPlanner.plan(sites: day.sites, lots: day.lots, needs: day.needs, vehicles: day.vehicles, settings: s)
        #expect(plan.check.isFeasible, "\(plan.check.violations)")
        #expect(!plan.tours.isEmpty)
        // Every consignment is carried exactly once or reported.
        var carried = [Int](repeating: 0, count: plan.consignments.count)
        for tour in plan.tours {
            let vehicle = day.vehicles[tour.vehicle]
            #expect(tour.departure >= vehicle.shift.start - 1e-6 && tour.back <= vehicle.shift.end + 1e-6)
            for stop in tour.stops {
                let c = plan.consignments[stop.consignment]
                #expect(stop.load <= vehicle.capacityKg + 1e-6)
                if c.cold { #expect(vehicle.refrigerated) }
                if stop.kind == .delivery {
                    carried[stop.consignment] += 1
                    #expect(stop.start <= c.delivery.end + 1e-6)
                    // Never delivered after a use-by date.
                    for part in c.parts where day.lots[part.lot].dateKind == .useBy { #expect(stop.start <= day.lots[part.lot].date + 1e-6) }
                    #expect(stop.site == day.needs[c.need].site)
                } else {
                    #expect(stop.start >= c.pickup.start - 1e-6 && stop.start <= c.pickup.end + 1e-6)
                }
            }
        }
        for u in plan.undelivered { carried[u.consignment] += 1 }
        #expect(carried.allSatisfy { $0 == 1 })
        // A lot is never split beyond its kg, and consignments hold exactly what was allocated.
        var perLot = [Double](repeating: 0, count: day.lots.count)
        for c in plan.consignments { for part in c.parts { perLot[part.lot] += part.kg } }
        for (i, lot) in day.lots.enumerated() { #expect(perLot[i] <= lot.kg + 1e-6) }
        #expect(abs(perLot.reduce(0, +) - plan.allocation.shipments.reduce(0) { $0 + $1.kg }) < 1e-6)
    }

    @Test func sameSeedSamePlan() throws {
        let day = SyntheticDay.generate(lots: 80, needs: 12, vehicles: 3, seed: 7)
        var s = day.settings
        s.seconds = 30
        s.iterationLimit = 200
        let a = try DayPlanner.plan(sites: day.sites, lots: day.lots, needs: day.needs, vehicles: day.vehicles, settings: s)
        let b = try DayPlanner.plan(sites: day.sites, lots: day.lots, needs: day.needs, vehicles: day.vehicles, settings: s)
        #expect(a.tours.map { $0.stops } == b.tours.map { $0.stops })
        #expect(a.undelivered == b.undelivered)
    }

    func settings() -> DayPlanSettings {
        var s = DayPlanSettings()
        s.seconds = 30
        s.iterationLimit = 300
        s.allocation.now = 420
        return s
    }
}
