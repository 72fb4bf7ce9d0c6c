import Foundation

/// Verifies a routing solution from scratch, independently of the solver: every customer served exactly once,
/// pairs on one vehicle with the pickup first, load within [0, capacity], service within time windows
/// (waiting allowed), each vehicle leaving its depot within its shift and back in time, fleet size. Recomputes the distance.
public enum SolutionChecker {
    public struct Report: Sendable {
        public var violations: [String]
        public var vehicles: Int
        public var distance: Double
        public var isFeasible: Bool { violations.isEmpty }
    }

    public static let tolerance = 1e-6

    public static func check(_ solution: RoutingSolution, for problem: RoutingProblem, requireAllServed: Bool = true) -> Report {
        var violations: [String] = []
        var seen = [Int](repeating: -1, count: problem.nodes.count)
        var position = [Int](repeating: -1, count: problem.nodes.count)
        var usedVehicles = Set<Int>()
        for (r, route) in solution.routes.enumerated() {
            let v = r < solution.vehicleOfRoute.count ? solution.vehicleOfRoute[r] : -1
            guard v >= 0, v < problem.fleet.count else {
                violations.append("route \(r + 1): vehicle \(v) does not exist")
                continue
            }
            let vehicle = problem.fleet[v]
            guard vehicle.depot >= 0, vehicle.depot < problem.depotCount else {
                violations.append("vehicle \(v + 1): its depot \(vehicle.depot) is not a depot")
                continue
            }
            let depot = problem.nodes[vehicle.depot]
            var time = max(depot.ready, vehicle.shiftStart), load = 0.0, previous = vehicle.depot
            if !usedVehicles.insert(v).inserted { violations.append("vehicle \(v + 1) drives two routes") }
            for (k, node) in route.enumerated() {
                guard node >= problem.depotCount, node < problem.nodes.count else {
                    violations.append("route \(r + 1): node \(node) does not exist")
                    continue
                }
                if seen[node] >= 0 { violations.append("customer \(problem.nodes[node].id) is visited twice") }
                seen[node] = r
                position[node] = k
                let n = problem.nodes[node]
                time = max(time + problem.nodes[previous].service + problem.distance(previous, node), n.ready)
                if time > n.due + tolerance { violations.append("route \(r + 1): customer \(n.id) served at \(time), after its due time \(n.due)") }
                load += n.demand
                if load > vehicle.capacity + tolerance {
                    violations.append("route \(r + 1): load \(load) exceeds capacity \(vehicle.capacity) at customer \(n.id)")
                }
                if n.needsCold && !vehicle.refrigerated {
                    violations.append("route \(r + 1): customer \(n.id) needs cold, vehicle \(v + 1) is not refrigerated")
                }
                if load < -tolerance { violations.append("route \(r + 1): negative load at customer \(n.id)") }
                previous = node
            }
            let back = time + problem.nodes[previous].service + problem.distance(previous, vehicle.depot)
            let due = min(depot.due, vehicle.shiftEnd)
            if back > due + tolerance { violations.append("route \(r + 1): returns to the depot at \(back), after \(due)") }
        }
        for i in problem.customers {
            let n = problem.nodes[i]
            if seen[i] < 0 {
                if requireAllServed { violations.append("customer \(n.id) is not served") }
                continue
            }
            if let partner = n.partner, n.isPickup {
                if seen[partner] != seen[i] {
                    violations.append("pickup \(n.id) and delivery \(problem.nodes[partner].id) are on different vehicles")
                } else if position[partner] < position[i] {
                    violations.append("delivery \(problem.nodes[partner].id) comes before its pickup \(n.id)")
                }
            }
        }
        if solution.vehicles > problem.vehicleCount { violations.append("\(solution.vehicles) vehicles used, \(problem.vehicleCount) available") }
        return Report(violations: violations, vehicles: solution.vehicles, distance: solution.distance(in: problem))
    }
}
