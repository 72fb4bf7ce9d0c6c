import Foundation

/// A vehicle routing problem with time windows, capacities and optional pickup–delivery pairs.
///
/// The first `depotCount` nodes are depots (the benchmark sets have one, node 0); each vehicle starts and ends at
/// its own. The other nodes are customers. A node with a partner is a pickup (positive demand) or a delivery (negative demand) that
/// the same vehicle serves, pickup first (PDPTW). A node without a partner is collected on the way (VRPTW: its
/// demand counts against the vehicle's capacity for the whole tour, which is the same constraint as delivering it).
public struct RoutingProblem: Sendable {
    /// One place to visit.
    public struct Node: Sendable, Equatable {
        /// The identifier in the source (customer number in the benchmark files).
        public var id: Int
        public var x: Double
        public var y: Double
        /// Load added when visiting: positive for a pickup or a collection, negative for a delivery.
        public var demand: Double
        /// Earliest start of service.
        public var ready: Double
        /// Latest start of service (for the depot: latest return).
        public var due: Double
        public var service: Double
        /// Index of the partner node (delivery of a pickup, pickup of a delivery), if any.
        public var partner: Int?
        /// Chilled or frozen goods: only a refrigerated vehicle may carry them.
        public var needsCold: Bool
        /// How much leaving it out weighs when the fleet cannot serve everyone (for a pair, the pickup's counts).
        public var priority: Double

        public init(
            id: Int, x: Double, y: Double, demand: Double, ready: Double, due: Double, service: Double,
            partner: Int? = nil, needsCold: Bool = false, priority: Double = 1
        ) {
            self.id = id; self.x = x; self.y = y; self.demand = demand
            self.ready = ready; self.due = due; self.service = service; self.partner = partner; self.needsCold = needsCold
            self.priority = priority
        }

        public var isPickup: Bool { partner != nil && demand >= 0 }
        public var isDelivery: Bool { partner != nil && demand < 0 }
    }

    /// One vehicle of the fleet: it leaves its depot and comes back to it within its shift (and the depot's window).
    public struct Vehicle: Sendable, Equatable {
        public var capacity: Double
        public var refrigerated: Bool
        /// Index of its depot node (below `depotCount`).
        public var depot: Int
        public var shiftStart: Double
        public var shiftEnd: Double
        public init(capacity: Double, refrigerated: Bool, depot: Int = 0, shiftStart: Double = -.infinity, shiftEnd: Double = .infinity) {
            self.capacity = capacity; self.refrigerated = refrigerated; self.depot = depot
            self.shiftStart = shiftStart; self.shiftEnd = shiftEnd
        }
    }

    public var name: String
    public var nodes: [Node]
    /// Nodes `0..<depotCount` are depots, the rest customers.
    public let depotCount: Int
    /// The vehicles available. The benchmark sets have identical, unconstrained ones.
    public var fleet: [Vehicle]
    public var vehicleCount: Int { fleet.count }
    /// The largest capacity in the fleet.
    public var capacity: Double { fleet.map(\.capacity).max() ?? 0 }
    /// Travel time and distance between places (row-major, `placeCount²`): several nodes may share a place, so that
    /// a day with thousands of stops at a few hundred addresses keeps a small matrix.
    public let distances: [Double]
    /// The place of each node, an index into `distances`.
    public private(set) var placeOfNode: [Int32]
    public let placeCount: Int

    public init(name: String, nodes: [Node], vehicleCount: Int, capacity: Double, distances: [Double]? = nil) {
        self.init(name: name, nodes: nodes, fleet: Array(repeating: Vehicle(capacity: capacity, refrigerated: true), count: vehicleCount), distances: distances)
    }

    /// One place per node; Euclidean distances unless a matrix is given.
    public init(name: String, nodes: [Node], depotCount: Int = 1, fleet: [Vehicle], distances: [Double]? = nil) {
        self.init(
            name: name, nodes: nodes, depotCount: depotCount, fleet: fleet,
            placeOfNode: nodes.indices.map { Int32($0) }, placeDistances: distances ?? Self.euclidean(nodes))
    }

    /// Nodes located at places whose travel times are `placeDistances` (row-major, a square matrix).
    public init(name: String, nodes: [Node], depotCount: Int, fleet: [Vehicle], placeOfNode: [Int32], placeDistances: [Double]) {
        self.name = name
        self.nodes = nodes
        self.depotCount = max(1, min(depotCount, nodes.count))
        self.fleet = fleet
        self.placeOfNode = placeOfNode
        self.distances = placeDistances
        placeCount = Int(Double(placeDistances.count).squareRoot().rounded())
    }

    /// Euclidean distances in double precision, not rounded: the literature's convention for these sets.
    public static func euclidean(_ nodes: [Node]) -> [Double] {
        let n = nodes.count
        var d = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n where i != j {
                let dx = nodes[i].x - nodes[j].x, dy = nodes[i].y - nodes[j].y
                d[i * n + j] = (dx * dx + dy * dy).squareRoot()
            }
        }
        return d
    }

    @inline(__always) public func distance(_ a: Int, _ b: Int) -> Double {
        distances[Int(placeOfNode[a]) &* placeCount &+ Int(placeOfNode[b])]
    }

    public var customers: Range<Int> { depotCount..<nodes.count }

    /// Adds a pickup and its delivery standing at the places of two existing nodes (no new address, so the
    /// matrix stays as it is). Returns the pickup's index; the delivery follows it.
    mutating func appendPair(pickup: Node, at pickupPlaceOf: Int, delivery: Node, at deliveryPlaceOf: Int) -> Int {
        let u = nodes.count
        var p = pickup, d = delivery
        (p.id, p.partner, d.id, d.partner) = (u, u + 1, u + 1, u)
        nodes += [p, d]
        placeOfNode += [placeOfNode[pickupPlaceOf], placeOfNode[deliveryPlaceOf]]
        return u
    }
    public func isDepot(_ node: Int) -> Bool { node < depotCount }

    /// Where vehicle `v` starts and ends, and when it may leave and must be back.
    public func depot(of v: Int) -> Int { fleet.indices.contains(v) ? fleet[v].depot : 0 }
    public func departure(of v: Int) -> Double { max(nodes[depot(of: v)].ready, fleet.indices.contains(v) ? fleet[v].shiftStart : -.infinity) }
    public func returnDue(of v: Int) -> Double { min(nodes[depot(of: v)].due, fleet.indices.contains(v) ? fleet[v].shiftEnd : .infinity) }

    public var customerCount: Int { nodes.count - depotCount }
    public var isPickupAndDelivery: Bool { nodes.contains { $0.partner != nil } }
}

/// A set of tours: each route lists node indices in visiting order, depots omitted, and the fleet index of its vehicle.
public struct RoutingSolution: Sendable, Equatable {
    public var routes: [[Int]]
    public var vehicleOfRoute: [Int]

    /// Routes on vehicles 0, 1, 2… in order.
    public init(routes: [[Int]]) {
        self.routes = routes.filter { !$0.isEmpty }
        vehicleOfRoute = Array(self.routes.indices)
    }

    public init(routes: [[Int]], vehicles: [Int]) {
        let kept = zip(routes, vehicles).filter { !$0.0.isEmpty }
        self.routes = kept.map(\.0)
        vehicleOfRoute = kept.map(\.1)
    }

    public var vehicles: Int { routes.count }

    public func distance(in problem: RoutingProblem) -> Double {
        zip(routes, vehicleOfRoute).reduce(0) { total, pair in
            let depot = problem.depot(of: pair.1)
            var d = 0.0, previous = depot
            for node in pair.0 { d += problem.distance(previous, node); previous = node }
            return total + d + problem.distance(previous, depot)
        }
    }

    /// The literature's hierarchical objective as one number: vehicles first, then distance.
    public func score(in problem: RoutingProblem) -> Double { 10_000 * Double(vehicles) + distance(in: problem) }
}
