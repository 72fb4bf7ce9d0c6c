import Dispatch
import Foundation

/// A vehicle available for the day: it leaves its depot (a site) and comes back within its shift.
public struct Vehicle: Sendable, Equatable, Codable {
    public var id: String
    /// Index of its depot in the sites.
    public var depot: Int
    public var capacityKg: Double
    public var refrigerated: Bool
    public var shift: TimeWindow

    public init(id: String, depot: Int, capacityKg: Double, refrigerated: Bool, shift: TimeWindow) {
        self.id = id; self.depot = depot; self.capacityKg = capacityKg; self.refrigerated = refrigerated; self.shift = shift
    }
}

public struct DayPlanSettings: Sendable {
    public var allocation = AllocationSettings()
    /// Minutes to load one consignment at a donor, or unload it at a recipient, when the site does not say.
    public var pickupMinutes = 2.0
    public var deliveryMinutes = 3.0
    /// Minutes lost at every new address (parking, finding the person in charge, signing the slip), counted once
    /// for all the consignments loaded or unloaded there in a row.
    public var stopMinutes = 8.0
    /// Wall-clock budget of the whole plan (allocation, then tours with what is left).
    public var seconds = 5.0
    public var iterationLimit: Int?
    public var seed: UInt64 = 1
    public var threads = 1
    /// After routing, load the tours with food they can still carry at no extra stop (`RouteFill`).
    public var fillTours = true
    /// A donor→need pair allocated less than this is not worth two stops: the allocation is made again without
    /// it, so that its food goes where a stop is made anyway. 0 keeps the first allocation.
    public var consolidateKg = 30.0
    /// When the fleet is short, a km costs vehicle time other food needs: the consolidated allocation charges
    /// transport this many times its usual cost (measured: 5 cuts km per tonne by 5–15 % at 5 s, and delivers more).
    public var shortFleetKmFactor = 5.0
    public init() {}
}

/// What one vehicle carries from one donor site to one recipient in one go: the lots (or parts of lots) the
/// allocation sends there, merged when their windows meet, split when they exceed the largest vehicle.
public struct Consignment: Sendable, Equatable {
    public var parts: [AllocationResult.Shipment]
    public var need: Int
    /// Donor site and recipient site.
    public var from: Int
    public var to: Int
    public var kg: Double
    /// Chilled or frozen: refrigerated vehicle only.
    public var cold: Bool
    public var pickup: TimeWindow
    public var delivery: TimeWindow
}

/// The plan of one day: who gets what (exact allocation), then the tours that carry it, checked independently.
public struct DayPlan: Sendable {
    public struct Stop: Sendable, Equatable {
        public enum Kind: String, Sendable { case pickup, delivery }
        public var kind: Kind
        public var consignment: Int
        public var site: Int
        /// Minutes: when the vehicle gets there, and when loading or unloading starts (after waiting for the window).
        public var arrival: Double
        public var start: Double
        /// kg on board after the stop.
        public var load: Double
    }

    public struct Tour: Sendable {
        public var vehicle: Int
        public var stops: [Stop]
        public var departure: Double
        public var back: Double
        public var km: Double
    }

    public enum Reason: String, Sendable, CaseIterable {
        case noVehicleFits = "aucun véhicule ne peut faire ce trajet dans ses horaires (distance, horaires, capacité ou froid)"
        case fleetFull = "véhicules ou journées déjà complets"
    }
    public struct Undelivered: Sendable, Equatable {
        public var consignment: Int
        public var reason: Reason
    }

    public var allocation: AllocationResult
    public var consignments: [Consignment]
    public var tours: [Tour]
    /// Consignments allocated but carried by no tour, with why: reported, never dropped.
    public var undelivered: [Undelivered]
    /// The independent checker's verdict on the tours.
    public var check: SolutionChecker.Report
    public var allocationSeconds: Double
    public var routingSeconds: Double
    public var iterations: Int

    public var deliveredKg: Double {
        let left = Set(undelivered.map(\.consignment))
        return consignments.indices.reduce(0) { left.contains($1) ? $0 : $0 + consignments[$1].kg }
    }
    public var km: Double { tours.reduce(0) { $0 + $1.km } }
}

/// Plans a day of surplus exchange (DESIGN.md module 2): allocation by min-cost flow, consignments, then
/// pickup-and-delivery tours from several depots with shifts, refrigerated vehicles for cold food.
public enum DayPlanner {
    public static func plan(
        sites: [Site], lots: [Lot], needs: [Need], vehicles: [Vehicle],
        settings: DayPlanSettings = DayPlanSettings()
    ) throws(AllocationInputError) -> DayPlan {
        let started = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }
        if let first = problems(vehicles: vehicles, sites: sites).first { throw first }
        var allocation = try Allocator.allocate(lots: lots, needs: needs, sites: sites, settings: settings.allocation)
        var consignments = consign(allocation.shipments, lots: lots, needs: needs, sites: sites, vehicles: vehicles)
        if settings.consolidateKg > 0, consignments.count > stopCapacity(vehicles, settings) {
            var allocationSettings = settings.allocation
            allocationSettings.costPerKgKm *= settings.shortFleetKmFactor
            for _ in 0..<2 {
                var pairKg: [SitePair: Double] = [:]
                for s in allocation.shipments { pairKg[SitePair(site: lots[s.lot].site, need: s.need), default: 0] += s.kg }
                let small = pairKg.filter { $0.value < settings.consolidateKg }.keys
                if small.isEmpty { break }
                allocationSettings.excludedPairs.formUnion(small)
                allocation = try Allocator.allocate(lots: lots, needs: needs, sites: sites, settings: allocationSettings)
            }
            consignments = consign(allocation.shipments, lots: lots, needs: needs, sites: sites, vehicles: vehicles)
        }
        let allocationSeconds = elapsed()
        guard !vehicles.isEmpty else {
            return DayPlan(
                allocation: allocation, consignments: consignments, tours: [],
                undelivered: consignments.indices.map { .init(consignment: $0, reason: .noVehicleFits) },
                check: .init(violations: [], vehicles: 0, distance: 0),
                allocationSeconds: allocationSeconds, routingSeconds: 0, iterations: 0)
        }

        var problem = routingProblem(consignments, needs: needs, sites: sites, vehicles: vehicles, settings: settings)
        // A little of the budget is kept to read the tours back and check them.
        let options = RoutingOptions(
            timeLimit: max(0.05, settings.seconds * 0.98 - allocationSeconds), iterationLimit: settings.iterationLimit,
            seed: settings.seed, threads: settings.threads)
        let result =
            consignments.isEmpty
            ? RoutingResult(solution: RoutingSolution(routes: []), unserved: [], iterations: 0, seconds: 0)
            : RoutingSolver.solve(problem, options: options)
        // Depots come first, then each consignment's pickup and delivery.
        let depots = problem.depotCount
        func consignment(of node: Int) -> Int { (node - depots) / 2 }
        let unserved = Set(result.unserved.map(consignment(of:)))
        var solution = result.solution
        if settings.fillTours {
            let filled = RouteFill.fill(
                consignments: consignments, problem: problem, solution: result.solution, undelivered: unserved, allocation: allocation, lots: lots,
                needs: needs, sites: sites, settings: settings.allocation, pickupMinutes: settings.pickupMinutes, deliveryMinutes: settings.deliveryMinutes)
            (consignments, problem, allocation, solution) = (filled.consignments, filled.problem, filled.allocation, filled.solution)
        }
        let check = SolutionChecker.check(solution, for: problem, requireAllServed: false)
        // A consignment emptied by the fill (its food rides in a tour now) is no longer undelivered.
        let undelivered = unserved.sorted().filter { consignments[$0].kg > 1e-9 }.map { c in
            let pickup = depots + 2 * c
            let alone = problem.fleet.indices.contains { RouteState(customers: [pickup, pickup + 1], problem: problem, vehicle: $0).isFeasible(problem) }
            return DayPlan.Undelivered(consignment: c, reason: alone ? .fleetFull : .noVehicleFits)
        }
        var tours = zip(solution.routes, solution.vehicleOfRoute).map { route, v in
            tour(
                route, vehicle: v, problem: problem, consignments: consignments, sites: sites, depot: vehicles[v].depot,
                roads: settings.allocation)
        }
        // Consignments the fill emptied are gone from the plan; the others keep their order.
        var index = [Int](repeating: -1, count: consignments.count)
        var kept: [Consignment] = []
        for (c, consignment) in consignments.enumerated() where consignment.kg > 1e-9 {
            index[c] = kept.count
            kept.append(consignment)
        }
        for t in tours.indices { for k in tours[t].stops.indices { tours[t].stops[k].consignment = index[tours[t].stops[k].consignment] } }
        let reported = undelivered.map { DayPlan.Undelivered(consignment: index[$0.consignment], reason: $0.reason) }
        return DayPlan(
            allocation: allocation, consignments: kept, tours: tours, undelivered: reported, check: check,
            allocationSeconds: allocationSeconds, routingSeconds: elapsed() - allocationSeconds, iterations: result.iterations)
    }

    /// About how many consignments the fleet can carry in a day: its shift minutes over what one consignment takes
    /// at least (two addresses, loading, unloading, a short drive). Above it the fleet is short, and small pairs are
    /// consolidated.
    static func stopCapacity(_ vehicles: [Vehicle], _ settings: DayPlanSettings) -> Int {
        let minutes = vehicles.reduce(0) { $0 + max(0, $1.shift.end - $1.shift.start) }
        return Int(minutes / (2 * settings.stopMinutes + settings.pickupMinutes + settings.deliveryMinutes + 10))
    }

    public static func problems(vehicles: [Vehicle], sites: [Site]) -> [AllocationInputError] {
        var found: [AllocationInputError] = []
        for v in vehicles {
            let item = "vehicle \(v.id)"
            if !sites.indices.contains(v.depot) { found.append(.init(item: item, field: "depot", reason: "no such site")) }
            if !(v.capacityKg.isFinite && v.capacityKg > 0) { found.append(.init(item: item, field: "capacity", reason: "must be a positive quantity")) }
            if let problem = v.shift.problem(item: item, field: "shift") { found.append(problem) }
        }
        return found
    }

    /// Groups shipments by donor site, recipient and cold chain; merges those whose windows meet, up to the
    /// largest vehicle able to carry them, and splits what is heavier than that vehicle.
    static func consign(_ shipments: [AllocationResult.Shipment], lots: [Lot], needs: [Need], sites: [Site], vehicles: [Vehicle]) -> [Consignment] {
        // Without any suitable vehicle the shipment stays whole, and the tours report it undelivered.
        let largest = vehicles.map(\.capacityKg).max() ?? .infinity
        let largestCold = vehicles.filter(\.refrigerated).map(\.capacityKg).max() ?? largest
        struct Key: Hashable { var site: Int; var need: Int; var cold: Bool }
        var groups: [Key: [AllocationResult.Shipment]] = [:]
        var order: [Key] = []
        for s in shipments {
            let key = Key(site: lots[s.lot].site, need: s.need, cold: lots[s.lot].temperature != .ambient)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(s)
        }
        var result: [Consignment] = []
        for key in order {
            let limit = key.cold ? largestCold : largest
            guard let group = groups[key] else { continue }
            let need = needs[key.need]
            var open: Consignment?
            for s in group.sorted(by: { (lots[$0.lot].pickup.start, $0.lot) < (lots[$1.lot].pickup.start, $1.lot) }) {
                let lot = lots[s.lot]
                // The allocation only ships within both windows; the fallbacks are never used.
                let pickup = Allocator.pickupWindow(lot, sites) ?? lot.pickup
                var delivery = Allocator.deliveryWindow(need, sites) ?? need.delivery
                if lot.dateKind == .useBy { delivery.end = min(delivery.end, need.useByDeadline(lot)) }
                var kg = s.kg
                while kg > 1e-9 {
                    if var current = open, current.kg < limit - 1e-9,
                        let p = current.pickup.intersection(pickup), let d = current.delivery.intersection(delivery)
                    {
                        let part = min(kg, limit - current.kg)
                        current.parts.append(.init(lot: s.lot, need: s.need, kg: part))
                        current.kg += part
                        current.pickup = p
                        current.delivery = d
                        open = current
                        kg -= part
                    } else {
                        if let current = open { result.append(current) }
                        open = Consignment(
                            parts: [], need: key.need, from: key.site, to: need.site, kg: 0, cold: key.cold,
                            pickup: pickup, delivery: delivery)
                    }
                }
            }
            if let current = open, current.kg > 0 { result.append(current) }
        }
        return result
    }

    /// Depots first (one node per depot site), then a pickup and its delivery per consignment. Travel times come
    /// from a matrix over the sites in use, road km (supplied, or great-circle × road factor) at the settings' speed, plus the stop time
    /// whenever the vehicle changes address (so consecutive consignments at one address share it).
    static func routingProblem(_ consignments: [Consignment], needs: [Need], sites: [Site], vehicles: [Vehicle], settings: DayPlanSettings) -> RoutingProblem {
        var placeOfSite: [Int: Int32] = [:]
        var placeSites: [Int] = []
        func place(_ site: Int) -> Int32 {
            if let p = placeOfSite[site] { return p }
            let p = Int32(placeSites.count)
            placeOfSite[site] = p
            placeSites.append(site)
            return p
        }
        var depotNode: [Int: Int] = [:]
        var nodes: [RoutingProblem.Node] = []
        var placeOfNode: [Int32] = []
        for v in vehicles where depotNode[v.depot] == nil {
            let shifts = vehicles.filter { $0.depot == v.depot }.map(\.shift)
            let open = sites[v.depot].opening ?? TimeWindow(start: shifts.map(\.start).min() ?? 0, end: shifts.map(\.end).max() ?? 0)
            depotNode[v.depot] = nodes.count
            nodes.append(
                .init(
                    id: nodes.count, x: sites[v.depot].longitude, y: sites[v.depot].latitude, demand: 0,
                    ready: open.start, due: open.end, service: 0))
            placeOfNode.append(place(v.depot))
        }
        let depotCount = nodes.count
        // Food that cannot all be carried: the heaviest consignments, for the most people, go first.
        let meanValue = consignments.isEmpty ? 1 : consignments.reduce(0) { $0 + value($1) } / Double(consignments.count)
        func value(_ c: Consignment) -> Double { c.kg * log2(2 + Double(max(0, needs[c.need].peopleServed))) }
        for consignment in consignments {
            let from = sites[consignment.from], to = sites[consignment.to]
            let pickup = nodes.count
            nodes.append(
                .init(
                    id: pickup, x: from.longitude, y: from.latitude, demand: consignment.kg,
                    ready: consignment.pickup.start, due: consignment.pickup.end,
                    service: from.serviceMinutes ?? settings.pickupMinutes, partner: pickup + 1, needsCold: consignment.cold,
                    priority: 0.5 + 0.5 * value(consignment) / max(meanValue, 1e-9)))
            nodes.append(
                .init(
                    id: pickup + 1, x: to.longitude, y: to.latitude, demand: -consignment.kg,
                    ready: consignment.delivery.start, due: consignment.delivery.end,
                    service: to.serviceMinutes ?? settings.deliveryMinutes, partner: pickup, needsCold: consignment.cold))
            placeOfNode.append(place(consignment.from))
            placeOfNode.append(place(consignment.to))
        }
        let n = placeSites.count
        var minutes = [Double](repeating: 0, count: n * n)
        let roads = settings.allocation
        for i in 0..<n {
            for j in 0..<n where i != j {
                minutes[i * n + j] = roads.roadKm(placeSites[i], placeSites[j], sites) / roads.speedKmPerMinute + settings.stopMinutes
            }
        }
        let fleet = vehicles.map { v in
            RoutingProblem.Vehicle(
                capacity: v.capacityKg, refrigerated: v.refrigerated, depot: depotNode[v.depot] ?? 0,
                shiftStart: v.shift.start, shiftEnd: v.shift.end)
        }
        return RoutingProblem(name: "journée", nodes: nodes, depotCount: depotCount, fleet: fleet, placeOfNode: placeOfNode, placeDistances: minutes)
    }

    /// A route read back as stops with their times and loads (the search's own route state, not a third simulation).
    static func tour(
        _ route: [Int], vehicle v: Int, problem p: RoutingProblem, consignments: [Consignment], sites: [Site],
        depot depotSite: Int, roads: AllocationSettings
    ) -> DayPlan.Tour {
        let state = RouteState(customers: route, problem: p, vehicle: v)
        let last = state.nodes.count - 1
        // Leave no earlier than needed to start the first stop when it opens.
        let departure = route.isEmpty ? state.start[0] : max(state.start[0], state.start[1] - p.distance(state.nodes[0], state.nodes[1]))
        var km = 0.0, site = depotSite
        var stops: [DayPlan.Stop] = []
        for k in 1..<last {
            let node = state.nodes[k], previous = state.nodes[k - 1]
            let leaving = (k == 1 ? departure : state.start[k - 1]) + p.nodes[previous].service
            let c = (node - p.depotCount) / 2
            let pickup = p.nodes[node].isPickup
            let next = pickup ? consignments[c].from : consignments[c].to
            km += roads.roadKm(site, next, sites)
            stops.append(
                .init(
                    kind: pickup ? .pickup : .delivery, consignment: c, site: next, arrival: leaving + p.distance(previous, node),
                    start: state.start[k], load: max(0, state.load[k])))
            site = next
        }
        km += roads.roadKm(site, depotSite, sites)
        return DayPlan.Tour(vehicle: v, stops: stops, departure: departure, back: state.start[last], km: km)
    }
}
