import Foundation

/// Fills the tours with what they can still carry (issue 16). The allocation decides who gets what without knowing
/// the fleet, so some consignments find no vehicle; meanwhile the vehicles that do stop at a donor and then at a
/// recipient often leave with room to spare. Loading more of that donor's food for that recipient costs no stop and
/// no detour: only kilos. This pass moves food from consignments no tour carries (and from lots the allocation left
/// over) onto consignments a tour does carry, under the same rules as the allocation — category, cold chain (a
/// refrigerated vehicle for chilled or frozen food), use-by dates at the actual delivery time, pickup windows at the
/// actual pickup time, storage per class and what each need still wants, with the same diminishing returns — and
/// never above the vehicle's capacity anywhere between the pickup and the delivery. Then, second, it adds new
/// consignments between a donor and a later recipient a tour already visits, where the tour absorbs the minutes to
/// load and unload. Addresses and km never change; the independent checker verifies the tours again.
enum RouteFill {
    struct Result {
        var consignments: [Consignment]
        var problem: RoutingProblem
        var solution: RoutingSolution
        var allocation: AllocationResult
        var movedKg: Double
        /// Kilos in new consignments riding stops the tours already make (second phase).
        var attachedKg: Double
    }

    /// Where a carried consignment is in its tour.
    private struct Carried {
        var consignment: Int
        var route: Int
        var pickupPosition: Int
        var deliveryPosition: Int
        var pickupTime: Double
        var deliveryTime: Double
        var refrigerated: Bool
    }

    static func fill(
        consignments input: [Consignment], problem input0: RoutingProblem, solution: RoutingSolution, undelivered: Set<Int>,
        allocation input1: AllocationResult, lots: [Lot], needs: [Need], sites: [Site], settings: AllocationSettings,
        pickupMinutes: Double = 2, deliveryMinutes: Double = 3
    ) -> Result {
        var consignments = input, problem = input0, allocation = input1
        let depots = problem.depotCount
        var states = zip(solution.routes, solution.vehicleOfRoute).map { RouteState(customers: $0, problem: problem, vehicle: $1) }

        // The carried consignments, with their positions and times in their tours.
        var carried: [Carried] = []
        for (r, state) in states.enumerated() {
            var pickupAt: [Int: Int] = [:]
            for k in 1..<(state.nodes.count - 1) {
                let node = state.nodes[k], c = (node - depots) / 2
                if problem.nodes[node].isPickup {
                    pickupAt[c] = k
                } else if let i = pickupAt[c] {
                    carried.append(
                        .init(
                            consignment: c, route: r, pickupPosition: i, deliveryPosition: k, pickupTime: state.start[i], deliveryTime: state.start[k],
                            refrigerated: state.refrigerated))
                }
            }
        }

        // What each lot still has to give: everything not in a carried consignment (expired or invalid lots excepted).
        var available = lots.map(\.kg)
        var delivered = [Double](repeating: 0, count: needs.count)
        var deliveredByClass = [[TemperatureClass: Double]](repeating: [:], count: needs.count)
        for c in consignments.indices where !undelivered.contains(c) {
            for part in consignments[c].parts {
                available[part.lot] -= part.kg
                delivered[part.need] += part.kg
                deliveredByClass[part.need][lots[part.lot].temperature, default: 0] += part.kg
            }
        }
        let blocked = Set(allocation.unallocated.filter { [.invalid, .expired, .siteClosed].contains($0.reason) }.map(\.lot))

        /// The value of one more kg for need `n`, by the allocation's tiers, given what it already receives.
        func tierValue(_ n: Int) -> Double {
            let need = needs[n]
            let weight = log2(2 + Double(max(0, need.peopleServed))) * (need.weight.isFinite ? max(0, need.weight) : 1)
            var floor = 0.0
            for tier in settings.tiers {
                floor += tier.share * need.kg
                if delivered[n] < floor - 1e-9 { return settings.valuePerKg * weight * tier.factor }
            }
            return 0
        }
        func room(_ n: Int, _ t: TemperatureClass) -> Double {
            let need = needs[n]
            let storage = need.storage[t] ?? (t == .ambient ? need.kg : 0)
            return max(0, min(need.kg - delivered[n], storage - (deliveredByClass[n][t] ?? 0)))
        }

        // Candidate pairs: a lot at the consignment's donor, fit for its recipient at the tour's actual times.
        var lotsAtSite: [Int: [Int]] = [:]
        for (l, lot) in lots.enumerated() where !blocked.contains(l) { lotsAtSite[lot.site, default: []].append(l) }
        struct Candidate { var lot: Int; var carried: Int; var late: Bool }
        var candidates: [Candidate] = []
        for (k, c) in carried.enumerated() {
            let consignment = consignments[c.consignment]
            let need = needs[consignment.need]
            let km = settings.roadKm(consignment.from, need.site, sites)
            guard km <= settings.maxDistanceKm else { continue }
            for l in lotsAtSite[consignment.from] ?? [] {
                let lot = lots[l]
                guard need.accepts(lot) else { continue }
                if lot.temperature != .ambient && !c.refrigerated { continue }
                if lot.dateKind == .useBy && (lot.date < settings.now || c.deliveryTime > need.useByDeadline(lot)) { continue }
                guard let window = Allocator.pickupWindow(lot, sites), window.start <= c.pickupTime, c.pickupTime <= window.end else { continue }
                candidates.append(.init(lot: l, carried: k, late: lot.dateKind == .bestBefore && c.deliveryTime > lot.date))
            }
        }

        var moved = 0.0
        var newParts: [Int: [AllocationResult.Shipment]] = [:]
        // A few rounds: the best kilos first, by value per kg at the need's current tier, less transport.
        for _ in 0..<4 {
            var applied = false
            func worth(_ x: Candidate) -> Double {
                let c = carried[x.carried], n = consignments[c.consignment].need
                let km = settings.roadKm(consignments[c.consignment].from, needs[n].site, sites)
                return tierValue(n) * (x.late ? settings.afterBestBeforeFactor : 1) - km * settings.costPerKgKm
            }
            let ranked = candidates.map { ($0, worth($0)) }.filter { $0.1 > 0 }.sorted { ($0.1, -$0.0.lot) > ($1.1, -$1.0.lot) }
            for (x, _) in ranked where worth(x) > 0 {
                let c = carried[x.carried], n = consignments[c.consignment].need
                let state = states[c.route]
                let peak = state.load[c.pickupPosition..<c.deliveryPosition].max() ?? state.capacity
                // Whole resolution steps only, so that the plan's numbers stay on the allocation's grid.
                var kg = min(available[x.lot], room(n, lots[x.lot].temperature), state.capacity - peak)
                kg = (kg / settings.resolutionKg).rounded(.down) * settings.resolutionKg
                guard kg >= settings.resolutionKg else { continue }
                available[x.lot] -= kg
                delivered[n] += kg
                deliveredByClass[n][lots[x.lot].temperature, default: 0] += kg
                for k in c.pickupPosition..<c.deliveryPosition { states[c.route].load[k] += kg }
                newParts[c.consignment, default: []].append(.init(lot: x.lot, need: n, kg: kg))
                consignments[c.consignment].kg += kg
                let pickupNode = depots + 2 * c.consignment
                problem.nodes[pickupNode].demand += kg
                problem.nodes[pickupNode + 1].demand -= kg
                // The consignment's windows now also hold the lot's: the checker verifies them at the actual times.
                if let window = Allocator.pickupWindow(lots[x.lot], sites), let narrowed = consignments[c.consignment].pickup.intersection(window) {
                    consignments[c.consignment].pickup = narrowed
                    problem.nodes[pickupNode].ready = narrowed.start
                    problem.nodes[pickupNode].due = narrowed.end
                }
                let deadline = needs[consignments[c.consignment].need].useByDeadline(lots[x.lot])
                if lots[x.lot].dateKind == .useBy, deadline < consignments[c.consignment].delivery.end {
                    consignments[c.consignment].delivery.end = deadline
                    problem.nodes[pickupNode + 1].due = min(problem.nodes[pickupNode + 1].due, deadline)
                }
                moved += kg
                applied = true
            }
            if !applied { break }
        }
        // Second phase: a new consignment between two stops a tour already makes — a donor, then later a recipient
        // that still wants something this donor has. No new address: only the minutes to load and unload it, which
        // the tour must absorb (windows checked along the way, as an insertion would be).
        var routes = solution.routes
        let firstNew = consignments.count
        var attached = 0.0
        var needsAtSite: [Int: [Int]] = [:]
        for (n, need) in needs.enumerated() { needsAtSite[need.site, default: []].append(n) }
        func site(of node: Int) -> Int {
            let c = (node - depots) / 2
            return problem.nodes[node].isPickup ? consignments[c].from : consignments[c].to
        }
        /// Whether loading `q` kg after stop `i` (in windows `w`) and unloading after stop `j` (in `d`) keeps the tour feasible.
        func fits(_ st: RouteState, _ i: Int, _ j: Int, _ w: TimeWindow, _ d: TimeWindow, _ sp: Double, _ sd: Double, _ q: Double) -> Bool {
            for k in i...j where st.load[k] + q > st.capacity + 1e-9 { return false }
            let a = st.nodes[i]
            let su = max(w.start, st.start[i] + problem.nodes[a].service)
            if su > w.end + 1e-9 { return false }
            var end = su + sp, previous = a
            for k in (i + 1)...j {
                let c = st.nodes[k]
                let time = max(problem.nodes[c].ready, end + problem.distance(previous, c))
                if time > problem.nodes[c].due + 1e-9 { return false }
                (end, previous) = (time + problem.nodes[c].service, c)
            }
            let sv = max(d.start, end)
            if sv > d.end + 1e-9 { return false }
            let b = st.nodes[j + 1]
            return max(problem.nodes[b].ready, sv + sd + problem.distance(previous, b)) <= st.latest[j + 1] + 1e-9
        }
        struct Ride {
            var value: Double
            var i: Int
            var j: Int
            var need: Int
            var parts: [AllocationResult.Shipment]
            var pickup: TimeWindow
            var delivery: TimeWindow
            var cold: Bool
        }
        for _ in 0..<60 {
            var applied = false
            for r in routes.indices {
                let st = states[r]
                let last = st.nodes.count - 1
                var best: Ride?
                for i in 1..<last where problem.nodes[st.nodes[i]].isPickup {
                    let s = site(of: st.nodes[i])
                    let pool = (lotsAtSite[s] ?? []).filter { available[$0] >= settings.resolutionKg }
                    if pool.isEmpty { continue }
                    let loadedAt = st.start[i] + problem.nodes[st.nodes[i]].service
                    for j in (i + 1)..<last where problem.nodes[st.nodes[j]].isDelivery {
                        let t = site(of: st.nodes[j])
                        let km = settings.roadKm(s, t, sites)
                        guard km <= settings.maxDistanceKm else { continue }
                        for n in needsAtSite[t] ?? [] {
                            let perKg = tierValue(n) - km * settings.costPerKgKm
                            guard perKg > 0, var delivery = Allocator.deliveryWindow(needs[n], sites) else { continue }
                            let slack = st.capacity - (st.load[i...j].max() ?? st.capacity)
                            var q = 0.0, cold = false, parts: [AllocationResult.Shipment] = []
                            var pickup = TimeWindow(start: -.infinity, end: .infinity)
                            var byClass: [TemperatureClass: Double] = [:]
                            let unloadedAt = st.start[j] + problem.nodes[st.nodes[j]].service
                            for l in pool {
                                let lot = lots[l]
                                guard needs[n].accepts(lot) else { continue }
                                if lot.temperature != .ambient && !st.refrigerated { continue }
                                if lot.dateKind == .useBy && (lot.date < settings.now || needs[n].useByDeadline(lot) < unloadedAt) { continue }
                                if lot.dateKind == .bestBefore && lot.date < unloadedAt { continue }
                                guard let w = Allocator.pickupWindow(lot, sites), w.start <= loadedAt, loadedAt <= w.end,
                                    let narrowed = pickup.intersection(w)
                                else { continue }
                                let kg = min(
                                    available[l], room(n, lot.temperature) - (byClass[lot.temperature] ?? 0), needs[n].kg - delivered[n] - q, slack - q)
                                let steps = (kg / settings.resolutionKg).rounded(.down) * settings.resolutionKg
                                guard steps >= settings.resolutionKg else { continue }
                                pickup = narrowed
                                if lot.dateKind == .useBy { delivery.end = min(delivery.end, needs[n].useByDeadline(lot)) }
                                parts.append(.init(lot: l, need: n, kg: steps))
                                byClass[lot.temperature, default: 0] += steps
                                q += steps
                                cold = cold || lot.temperature != .ambient
                            }
                            guard q > 0, q * perKg > (best?.value ?? 0) else { continue }
                            let sp = sites[s].serviceMinutes ?? pickupMinutes, sd = sites[t].serviceMinutes ?? deliveryMinutes
                            guard fits(st, i, j, pickup, delivery, sp, sd, q) else { continue }
                            best = Ride(value: q * perKg, i: i, j: j, need: n, parts: parts, pickup: pickup, delivery: delivery, cold: cold)
                        }
                    }
                }
                guard let ride = best else { continue }
                let s = site(of: st.nodes[ride.i]), t = needs[ride.need].site
                let q = ride.parts.reduce(0) { $0 + $1.kg }
                let u = problem.appendPair(
                    pickup: .init(
                        id: 0, x: sites[s].longitude, y: sites[s].latitude, demand: q, ready: ride.pickup.start, due: ride.pickup.end,
                        service: sites[s].serviceMinutes ?? pickupMinutes, needsCold: ride.cold),
                    at: st.nodes[ride.i],
                    delivery: .init(
                        id: 0, x: sites[t].longitude, y: sites[t].latitude, demand: -q, ready: ride.delivery.start, due: ride.delivery.end,
                        service: sites[t].serviceMinutes ?? deliveryMinutes, needsCold: ride.cold),
                    at: st.nodes[ride.j])
                consignments.append(
                    Consignment(parts: ride.parts, need: ride.need, from: s, to: t, kg: q, cold: ride.cold, pickup: ride.pickup, delivery: ride.delivery))
                // Positions count the depot first: after stop i is index i among the customers.
                routes[r].insert(u, at: ride.i)
                routes[r].insert(u + 1, at: ride.j + 1)
                states[r] = RouteState(customers: routes[r], problem: problem, vehicle: st.vehicle)
                for p in ride.parts {
                    available[p.lot] -= p.kg
                    delivered[p.need] += p.kg
                    deliveredByClass[p.need][lots[p.lot].temperature, default: 0] += p.kg
                }
                attached += q
                applied = true
            }
            if !applied { break }
        }
        let filledSolution = RoutingSolution(routes: routes, vehicles: solution.vehicleOfRoute)
        guard moved + attached > 0 else {
            return Result(consignments: consignments, problem: problem, solution: filledSolution, allocation: allocation, movedKg: 0, attachedKg: 0)
        }

        // The kilos moved leave the consignments no tour carries (those first) and then the allocation's leftovers.
        var taken = [Double](repeating: 0, count: lots.count)
        for parts in newParts.values { for p in parts { taken[p.lot] += p.kg } }
        for c in consignments[firstNew...] { for p in c.parts { taken[p.lot] += p.kg } }
        for c in undelivered.sorted() {
            var parts: [AllocationResult.Shipment] = []
            for var p in consignments[c].parts {
                let from = min(p.kg, taken[p.lot])
                taken[p.lot] -= from
                p.kg -= from
                if p.kg > 1e-9 { parts.append(p) }
            }
            consignments[c].parts = parts
            consignments[c].kg = parts.reduce(0) { $0 + $1.kg }
            let pickupNode = depots + 2 * c
            problem.nodes[pickupNode].demand = consignments[c].kg
            problem.nodes[pickupNode + 1].demand = -consignments[c].kg
        }
        for (c, parts) in newParts { consignments[c].parts += parts }

        // The allocation as it now stands: shipments are the consignments' parts; leftovers what no part holds.
        var shipments: [Int: [Int: Double]] = [:]
        var shipped = [Double](repeating: 0, count: lots.count)
        var received = [Double](repeating: 0, count: needs.count)
        for c in consignments {
            for p in c.parts { shipments[p.lot, default: [:]][p.need, default: 0] += p.kg; shipped[p.lot] += p.kg; received[p.need] += p.kg }
        }
        allocation.shipments = shipments.keys.sorted().flatMap { l in
            (shipments[l] ?? [:]).keys.sorted().map { AllocationResult.Shipment(lot: l, need: $0, kg: shipments[l]?[$0] ?? 0) }
        }
        allocation.unallocated = allocation.unallocated.compactMap { left in
            let kg = max(0, lots[left.lot].kg - shipped[left.lot])
            return kg > settings.resolutionKg / 2 || left.reason == .invalid ? .init(lot: left.lot, kg: kg, reason: left.reason) : nil
        }
        allocation.unmet = needs.indices.map { max(0, needs[$0].kg - received[$0]) }
        return Result(consignments: consignments, problem: problem, solution: filledSolution, allocation: allocation, movedKg: moved, attachedKg: attached)
    }
}
