import Testing

@testable import Logistics

@Suite struct MinCostFlowTests {
    /// Flow conservation and capacities, checked from the outcome alone.
    func isValid(_ g: FlowNetwork, _ flows: [Int]) -> Bool {
        var balance = g.supply
        for e in 0..<g.arcCount {
            if flows[e] < 0 || flows[e] > g.capacities[e] { return false }
            balance[g.sources[e]] -= flows[e]
            balance[g.targets[e]] += flows[e]
        }
        return balance.allSatisfy { $0 == 0 }
    }

    @Test func smallCaseWithKnownOptimum() {
        // Two supplies, two demands; the cheap arc is capped, the rest goes the dear way.
        var g = FlowNetwork(nodes: 4)
        g.setSupply(0, 5); g.setSupply(1, 3); g.setSupply(2, -4); g.setSupply(3, -4)
        g.addArc(from: 0, to: 2, capacity: 2, cost: 1)
        g.addArc(from: 0, to: 3, capacity: 10, cost: 4)
        g.addArc(from: 1, to: 2, capacity: 10, cost: 2)
        g.addArc(from: 1, to: 3, capacity: 10, cost: 6)
        g.addArc(from: 0, to: 1, capacity: 10, cost: 1)
        // Optimum: 1→2: 3 (6), 0→2: 1 (1), 0→3: 4 (16) = 23; sending node 1's last unit to 3 (cost 6) would be dearer.
        guard case .optimal(let flows, let cost) = NetworkSimplex.solve(g) else { Issue.record("infeasible"); return }
        #expect(cost == 23)
        #expect(flows == [1, 4, 3, 0, 0])
        #expect(isValid(g, flows))
        guard case .optimal(_, let referenceCost) = ShortestPathFlow.solve(g) else { Issue.record("reference infeasible"); return }
        #expect(referenceCost == 23)
    }

    @Test func infeasibleSuppliesAreReported() {
        var g = FlowNetwork(nodes: 2)
        g.setSupply(0, 5); g.setSupply(1, -5)
        g.addArc(from: 0, to: 1, capacity: 3, cost: 1)
        #expect(NetworkSimplex.solve(g) == .infeasible)
        #expect(ShortestPathFlow.solve(g) == .infeasible)
        var unbalanced = FlowNetwork(nodes: 2)
        unbalanced.setSupply(0, 1)
        #expect(NetworkSimplex.solve(unbalanced) == .infeasible)
    }

    @Test(arguments: Array(1...60) as [UInt64])
    func randomGraphsMatchTheReference(seed: UInt64) {
        compare(seed: seed, maxNodes: 12)
    }

    /// Larger graphs exercise deeper trees and more pivots.
    @Test(arguments: Array(100...115) as [UInt64])
    func largerRandomGraphsMatchTheReference(seed: UInt64) {
        compare(seed: seed, maxNodes: 70)
    }

    func compare(seed: UInt64, maxNodes: Int) {
        var rng = RandomSource(seed: seed)
        let n = 3 + Int(rng.next() % UInt64(maxNodes))
        var g = FlowNetwork(nodes: n)
        let arcs = n + Int(rng.next() % UInt64(n * 3))
        for _ in 0..<arcs {
            let a = Int(rng.next() % UInt64(n)), b = Int(rng.next() % UInt64(n))
            if a == b { continue }
            // Some negative costs, as in allocation (utility as negative cost).
            g.addArc(from: a, to: b, capacity: Int(rng.next() % 20), cost: Int(rng.next() % 30) - 8)
        }
        var total = 0
        for v in 0..<(n - 1) {
            let s = Int(rng.next() % 11) - 5
            g.setSupply(v, s)
            total += s
        }
        g.setSupply(n - 1, -total)
        let simplex = NetworkSimplex.solve(g)
        let reference = ShortestPathFlow.solve(g)
        switch (simplex, reference) {
        case (.infeasible, .infeasible):
            break
        case let (.optimal(flows, cost), .optimal(_, referenceCost)):
            #expect(cost == referenceCost, "seed \(seed)")
            #expect(isValid(g, flows))
        default:
            Issue.record("seed \(seed): simplex \(simplex) vs reference \(reference)")
        }
    }
}
