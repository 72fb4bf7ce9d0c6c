import Foundation

/// A vehicle routing problem with time windows, capacities and optional pickup–delivery pairs.
///
/// Node 0 is the depot. A node with a partner is a pickup (positive demand) or a delivery (negative demand) that
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

        public init(id: Int, x: Double, y: Double, demand: Double, ready: Double, due: Double, service: Double,
                    partner: Int? = nil, needsCold: Bool = false) {
            self.id = id; self.x = x; self.y = y; self.demand = demand
            self.ready = ready; self.due = due; self.service = service; self.partner = partner; self.needsCold = needsCold
        }

        public var isPickup: Bool { partner != nil && demand >= 0 }
        public var isDelivery: Bool { partner != nil && demand < 0 }
    }

    /// One vehicle of the fleet; all start and end at the depot (node 0).
    public struct Vehicle: Sendable, Equatable {
        public var capacity: Double
        public var refrigerated: Bool
        public init(capacity: Double, refrigerated: Bool) { self.capacity = capacity; self.refrigerated = refrigerated }
    }

    public var name: String
    public var nodes: [Node]
    /// The vehicles available. The benchmark sets have identical, unconstrained ones.
    public var fleet: [Vehicle]
    public var vehicleCount: Int { fleet.count }
    /// The largest capacity in the fleet.
    public var capacity: Double { fleet.map(\.capacity).max() ?? 0 }
    /// Travel time and distance between nodes (row-major, `nodes.count²`).
    public let distances: [Double]

    public init(name: String, nodes: [Node], vehicleCount: Int, capacity: Double, distances: [Double]? = nil) {
        self.init(name: name, nodes: nodes, fleet: Array(repeating: Vehicle(capacity: capacity, refrigerated: true), count: vehicleCount), distances: distances)
    }

    public init(name: String, nodes: [Node], fleet: [Vehicle], distances: [Double]? = nil) {
        self.name = name
        self.nodes = nodes
        self.fleet = fleet
        self.distances = distances ?? Self.euclidean(nodes)
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

    @inline(__always) public func distance(_ a: Int, _ b: Int) -> Double { distances[a * nodes.count + b] }

    public var customerCount: Int { nodes.count - 1 }
    public var isPickupAndDelivery: Bool { nodes.contains { $0.partner != nil } }
}

/// A set of tours: each route lists node indices in visiting order, depot omitted, and the fleet index of its vehicle.
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
        routes.reduce(0) { total, route in
            var d = 0.0, previous = 0
            for node in route { d += problem.distance(previous, node); previous = node }
            return total + d + problem.distance(previous, 0)
        }
    }

    /// The literature's hierarchical objective as one number: vehicles first, then distance.
    public func score(in problem: RoutingProblem) -> Double { 10_000 * Double(vehicles) + distance(in: problem) }
}
