import Foundation

/// One tour with what makes insertion checks cheap: service start times going forward, the latest feasible
/// start going backward (Savelsbergh's slack), and the load after each stop.
struct RouteState {
    /// The vehicle's depot at both ends.
    var nodes: [Int]
    var start: [Double]
    var latest: [Double]
    var load: [Double]
    var distance: Double
    /// Fleet index of the vehicle driving this route, and what matters of it.
    let vehicle: Int
    let capacity: Double
    let refrigerated: Bool
    /// When the vehicle may leave its depot and must be back (depot hours and shift).
    let departure: Double
    let returnDue: Double

    init(customers: [Int], problem: RoutingProblem, vehicle: Int = 0) {
        self.vehicle = vehicle
        let spec = problem.fleet.indices.contains(vehicle) ? problem.fleet[vehicle] : RoutingProblem.Vehicle(capacity: 0, refrigerated: false)
        capacity = spec.capacity
        refrigerated = spec.refrigerated
        let depot = problem.depot(of: vehicle)
        nodes = [depot] + customers + [depot]
        departure = problem.departure(of: vehicle)
        returnDue = problem.returnDue(of: vehicle)
        start = []; latest = []; load = []; distance = 0
        refresh(problem)
    }

    var customers: ArraySlice<Int> { nodes[1..<(nodes.count - 1)] }
    var customerCount: Int { nodes.count - 2 }

    mutating func refresh(_ p: RoutingProblem) {
        let n = nodes.count
        if start.count != n {
            start = [Double](repeating: 0, count: n)
            latest = [Double](repeating: 0, count: n)
            load = [Double](repeating: 0, count: n)
        }
        start[0] = departure
        load[0] = 0
        var d = 0.0
        for k in 1..<n {
            let a = nodes[k - 1], b = nodes[k]
            let leg = p.distance(a, b)
            d += leg
            start[k] = max(p.nodes[b].ready, start[k - 1] + p.nodes[a].service + leg)
            load[k] = load[k - 1] + (k < n - 1 ? p.nodes[b].demand : 0)
        }
        distance = d
        latest[n - 1] = returnDue
        var k = n - 2
        while k >= 0 {
            let a = nodes[k], b = nodes[k + 1]
            latest[k] = min(k == 0 ? returnDue : p.nodes[a].due, latest[k + 1] - p.nodes[a].service - p.distance(a, b))
            k -= 1
        }
    }

    /// Time windows, capacity all along and the cold chain.
    func isFeasible(_ p: RoutingProblem) -> Bool {
        for k in 0..<nodes.count where start[k] > latest[k] + 1e-9 || load[k] > capacity + 1e-9 || load[k] < -1e-9 { return false }
        return refrigerated || !nodes.contains { p.nodes[$0].needsCold }
    }
}

/// The cheapest feasible place for one customer, or for a pickup–delivery pair, in one route.
struct Insertion {
    var route: Int
    /// Insert the first node after position `after` and, for a pair, the second after `secondAfter` (≥ `after`:
    /// equal means immediately after the first).
    var after: Int
    var secondAfter: Int
    var cost: Double
}

extension RouteState {
    /// Best insertion of a single node (no partner).
    func bestSingle(_ u: Int, _ p: RoutingProblem, blink: Double, rng: inout RandomSource, route: Int, bound: Double) -> Insertion? {
        let node = p.nodes[u]
        if node.needsCold && !refrigerated { return nil }
        if load[nodes.count - 1] + node.demand > capacity + 1e-9 { return nil }
        var best: Insertion?
        var bestCost = bound
        for k in 0..<(nodes.count - 1) {
            if blink > 0, rng.unit() < blink { continue }
            let a = nodes[k], b = nodes[k + 1]
            let delta = p.distance(a, u) + p.distance(u, b) - p.distance(a, b)
            if delta >= bestCost { continue }
            let su = max(node.ready, start[k] + p.nodes[a].service + p.distance(a, u))
            if su > node.due + 1e-9 { continue }
            let sb = max(p.nodes[b].ready, su + node.service + p.distance(u, b))
            if sb > latest[k + 1] + 1e-9 { continue }
            bestCost = delta
            best = Insertion(route: route, after: k, secondAfter: k, cost: delta)
        }
        return best
    }

    /// Best insertion of pickup `u` and its delivery `v`, pickup first.
    func bestPair(_ u: Int, _ v: Int, _ p: RoutingProblem, blink: Double, rng: inout RandomSource, route: Int, bound: Double) -> Insertion? {
        let pu = p.nodes[u], pv = p.nodes[v]
        if (pu.needsCold || pv.needsCold) && !refrigerated { return nil }
        let q = pu.demand
        var best: Insertion?
        var bestCost = bound
        let last = nodes.count - 1
        for i in 0..<last {
            if load[i] + q > capacity + 1e-9 { continue }
            if blink > 0, rng.unit() < blink { continue }
            let a = nodes[i]
            let firstDelta = p.distance(a, u) - p.distance(a, nodes[i + 1])
            // Placing the delivery anywhere after the pickup costs at least the pickup's own detour (triangle
            // inequality), so a position whose detour already exceeds the best found needs no walk.
            if firstDelta + p.distance(u, nodes[i + 1]) >= bestCost { continue }
            let su = max(pu.ready, start[i] + p.nodes[a].service + p.distance(a, u))
            if su > pu.due + 1e-9 { continue }
            // Delivery right after the pickup.
            do {
                let b = nodes[i + 1]
                let sv = max(pv.ready, su + pu.service + p.distance(u, v))
                if sv <= pv.due + 1e-9 {
                    let sb = max(p.nodes[b].ready, sv + pv.service + p.distance(v, b))
                    let delta = p.distance(a, u) + p.distance(u, v) + p.distance(v, b) - p.distance(a, b)
                    if sb <= latest[i + 1] + 1e-9, delta < bestCost {
                        bestCost = delta
                        best = Insertion(route: route, after: i, secondAfter: i, cost: delta)
                    }
                }
            }
            // Delivery later: walk forward, carrying the pushed start time and the load.
            var time = su, prev = u
            var j = i + 1
            while j < last {
                let c = nodes[j]
                if load[j] + q > capacity + 1e-9 { break }
                time = max(p.nodes[c].ready, time + p.nodes[prev].service + p.distance(prev, c))
                if time > p.nodes[c].due + 1e-9 { break }
                prev = c
                let b = nodes[j + 1]
                let delta = firstDelta + p.distance(u, nodes[i + 1]) + p.distance(c, v) + p.distance(v, b) - p.distance(c, b)
                if delta < bestCost {
                    let sv = max(pv.ready, time + p.nodes[c].service + p.distance(c, v))
                    if sv <= pv.due + 1e-9 {
                        let sb = max(p.nodes[b].ready, sv + pv.service + p.distance(v, b))
                        if sb <= latest[j + 1] + 1e-9 {
                            bestCost = delta
                            best = Insertion(route: route, after: i, secondAfter: j, cost: delta)
                        }
                    }
                }
                j += 1
            }
        }
        return best
    }
}
