import Foundation

/// Fills the tours with what they can still carry (issue 16). The allocation decides who gets what without knowing
/// the fleet, so some consignments find no vehicle; meanwhile the vehicles that do stop at a donor and then at a
/// recipient often leave with room to spare. Loading more of that donor's food for that recipient costs no stop and
/// no detour: only kilos. This pass moves food from consignments no tour carries (and from lots the allocation left
/// over) onto consignments a tour does carry, under the same rules as the allocation — category, cold chain (a
/// refrigerated vehicle for chilled or frozen food), use-by dates at the actual delivery time, pickup windows at the
/// actual pickup time, storage per class and what each need still wants, with the same diminishing returns — and
/// never above the vehicle's capacity anywhere between the pickup and the delivery. Stops and times do not change,
/// so the tours stay feasible; the independent checker verifies them again.
enum RouteFill {
    struct Result {
        var consignments: [Consignment]
        var problem: RoutingProblem
        var allocation: AllocationResult
        var movedKg: Double
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
        allocation input1: AllocationResult, lots: [Lot], needs: [Need], sites: [Site], settings: AllocationSettings
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
            let weight = log2(2 + Double(max(0, need.peopleServed)))
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
                if let category = need.category, category != lot.category { continue }
                if lot.temperature != .ambient && !c.refrigerated { continue }
                if lot.dateKind == .useBy && (lot.date < settings.now || c.deliveryTime > lot.date) { continue }
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
                if lots[x.lot].dateKind == .useBy, lots[x.lot].date < consignments[c.consignment].delivery.end {
                    consignments[c.consignment].delivery.end = lots[x.lot].date
                    problem.nodes[pickupNode + 1].due = min(problem.nodes[pickupNode + 1].due, lots[x.lot].date)
                }
                moved += kg
                applied = true
            }
            if !applied { break }
        }
        guard moved > 0 else { return Result(consignments: consignments, problem: problem, allocation: allocation, movedKg: 0) }

        // The kilos moved leave the consignments no tour carries (those first) and then the allocation's leftovers.
        var taken = [Double](repeating: 0, count: lots.count)
        for parts in newParts.values { for p in parts { taken[p.lot] += p.kg } }
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
        return Result(consignments: consignments, problem: problem, allocation: allocation, movedKg: moved)
    }
}
