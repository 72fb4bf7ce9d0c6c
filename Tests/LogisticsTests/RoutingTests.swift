import Foundation
import Testing

@testable import Logistics

/// `shared/benchmarks/` beside the repository.
let benchmarks = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/benchmarks")

func instance(_ set: String, _ name: String) throws -> RoutingProblem {
    try InstanceReader.read(contentsOf: benchmarks.appendingPathComponent("\(set)/\(name).txt"))
}

/// A small random VRPTW/PDPTW instance with generous windows, for property tests.
func randomProblem(seed: UInt64, customers: Int, pairs: Bool, vehicles: Int = 10, capacity: Double = 50) -> RoutingProblem {
    var rng = RandomSource(seed: seed)
    var nodes = [RoutingProblem.Node(id: 0, x: 50, y: 50, demand: 0, ready: 0, due: 1000, service: 0)]
    for i in 1...customers {
        let ready = Double(Int(rng.unit() * 400))
        nodes.append(
            .init(
                id: i, x: rng.unit() * 100, y: rng.unit() * 100, demand: Double(1 + Int(rng.unit() * 15)),
                ready: ready, due: ready + 100 + rng.unit() * 300, service: 10))
    }
    if pairs {
        for i in stride(from: 1, to: customers, by: 2) {
            nodes[i].partner = i + 1
            nodes[i + 1].partner = i
            nodes[i + 1].demand = -nodes[i].demand
            nodes[i + 1].ready = min(nodes[i + 1].ready, nodes[i].ready)
            nodes[i + 1].due = max(nodes[i + 1].due, nodes[i].due + 150)
        }
    }
    return RoutingProblem(name: "random-\(seed)", nodes: nodes, vehicleCount: vehicles, capacity: capacity)
}

@Suite struct InstanceReaderTests {
    @Test func everyShippedInstanceIsRead() throws {
        for set in ["solomon", "lilim"] {
            let files = try FileManager.default.contentsOfDirectory(atPath: benchmarks.appendingPathComponent(set).path).filter { $0.hasSuffix(".txt") }
            #expect(files.count == 40)
            for file in files {
                let p = try InstanceReader.read(contentsOf: benchmarks.appendingPathComponent("\(set)/\(file)"))
                #expect(p.nodes.count >= 100, "\(file)")
                #expect(p.isPickupAndDelivery == (set == "lilim"), "\(file)")
                for (i, n) in p.nodes.enumerated() { if let q = n.partner { #expect(p.nodes[q].partner == i) } }
            }
        }
        let c101 = try instance("solomon", "c101")
        #expect(c101.name == "C101" && c101.vehicleCount == 25 && c101.capacity == 200 && c101.customerCount == 100)
        #expect(c101.nodes[1] == RoutingProblem.Node(id: 1, x: 45, y: 68, demand: 10, ready: 912, due: 967, service: 90))
    }

    @Test func malformedFilesGiveTypedErrorsNamingLineAndField() {
        #expect(throws: InstanceError.empty) { try InstanceReader.parse("  \n ") }
        #expect(throws: InstanceError.unknownFormat) { try InstanceReader.parse("hello world") }
        let header = "T\nVEHICLE\nNUMBER CAPACITY\n 5 100\nCUSTOMER\nCUST NO. X Y DEMAND READY DUE SERVICE\n"
        #expect(throws: InstanceError.invalidValue(line: 8, field: "due date", reason: "time window ends (5.0) before it starts (10.0)")) {
            try InstanceReader.parse(header + "0 0 0 0 0 100 0\n1 1 1 5 10 5 1\n")
        }
        #expect(throws: InstanceError.invalidValue(line: 8, field: "column 2", reason: "'nan' is not a number")) {
            try InstanceReader.parse(header + "0 0 0 0 0 100 0\n1 nan 1 5 0 50 1\n")
        }
        #expect(throws: InstanceError.invalidValue(line: 8, field: "demand", reason: "negative demand for customer 1")) {
            try InstanceReader.parse(header + "0 0 0 0 0 100 0\n1 1 1 -5 0 50 1\n")
        }
        #expect(throws: InstanceError.malformedLine(line: 8, reason: "expected 7 numbers, found 3")) {
            try InstanceReader.parse(header + "0 0 0 0 0 100 0\n1 1 1\n")
        }
        // Li & Lim: a pickup whose delivery does not point back.
        let lilim = "2\t10\t1\n0\t0\t0\t0\t0\t100\t0\t0\t0\n1\t1\t1\t3\t0\t50\t1\t0\t2\n2\t2\t2\t-3\t0\t60\t1\t0\t0\n"
        #expect(throws: InstanceError.self) { try InstanceReader.parse(lilim) }
    }
}

@Suite struct SolutionCheckerTests {
    let p = randomProblem(seed: 3, customers: 6, pairs: true, capacity: 100)

    @Test func catchesEveryKindOfViolation() {
        #expect(SolutionChecker.check(RoutingSolution(routes: [[1, 2, 3, 4, 5, 6]]), for: p).violations.allSatisfy { !$0.contains("twice") })
        let twice = SolutionChecker.check(RoutingSolution(routes: [[1, 2, 1], [3, 4, 5, 6]]), for: p)
        #expect(twice.violations.contains { $0.contains("twice") })
        let missing = SolutionChecker.check(RoutingSolution(routes: [[1, 2]]), for: p)
        #expect(missing.violations.contains { $0.contains("not served") })
        let order = SolutionChecker.check(RoutingSolution(routes: [[2, 1], [3, 4], [5, 6]]), for: p)
        #expect(order.violations.contains { $0.contains("before its pickup") } || order.violations.contains { $0.contains("negative load") })
        let split = SolutionChecker.check(RoutingSolution(routes: [[1], [2], [3, 4], [5, 6]]), for: p)
        #expect(split.violations.contains { $0.contains("different vehicles") })
        var tight = p
        tight.fleet = tight.fleet.map { _ in .init(capacity: 1, refrigerated: true) }
        #expect(
            SolutionChecker.check(RoutingSolution(routes: [[1, 2], [3, 4], [5, 6]]), for: tight).violations.contains { $0.contains("exceeds capacity") })
        var late = p
        late.nodes[0].due = 1
        #expect(SolutionChecker.check(RoutingSolution(routes: [[1, 2], [3, 4], [5, 6]]), for: late).violations.contains { $0.contains("depot") })
        var fewer = p
        fewer.fleet = [.init(capacity: p.capacity, refrigerated: true)]
        #expect(SolutionChecker.check(RoutingSolution(routes: [[1, 2], [3, 4], [5, 6]]), for: fewer).violations.contains { $0.contains("available") })
    }
}

@Suite struct RoutingSolverTests {
    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func solutionsPassTheChecker(seed: UInt64) {
        for pairs in [false, true] {
            let p = randomProblem(seed: seed, customers: 30, pairs: pairs)
            let result = RoutingSolver.solve(p, options: RoutingOptions(timeLimit: 5, iterationLimit: 600, seed: seed))
            let report = SolutionChecker.check(result.solution, for: p, requireAllServed: false)
            #expect(report.isFeasible, "\(report.violations)")
            // Every customer is either served or reported, never dropped.
            let served = Set(result.solution.routes.flatMap { $0 })
            #expect(served.count + result.unserved.count == 30)
            #expect(served.isDisjoint(with: result.unserved))
        }
    }

    @Test func sameSeedSameIterationsSameResult() {
        let p = randomProblem(seed: 9, customers: 40, pairs: true)
        let options = RoutingOptions(timeLimit: 30, iterationLimit: 500, seed: 42)
        #expect(RoutingSolver.solve(p, options: options).solution == RoutingSolver.solve(p, options: options).solution)
    }

    @Test func moreVehiclesNeverServeFewer() {
        let p = randomProblem(seed: 11, customers: 24, pairs: false, capacity: 40)
        var served: [Int] = []
        for vehicles in [1, 2, 3, 6] {
            var q = p
            q.fleet = Array(repeating: .init(capacity: p.capacity, refrigerated: true), count: vehicles)
            let result = RoutingSolver.solve(q, options: RoutingOptions(timeLimit: 5, iterationLimit: 400, seed: 1))
            #expect(SolutionChecker.check(result.solution, for: q, requireAllServed: false).isFeasible)
            #expect(result.solution.vehicles <= vehicles)
            served.append(24 - result.unserved.count)
        }
        #expect(served == served.sorted())
        #expect(served.last == 24)
    }

    @Test func unreachableCustomersAreReported() {
        var p = randomProblem(seed: 5, customers: 10, pairs: false)
        p.nodes[4].ready = 5000
        p.nodes[4].due = 5000  // after the depot closes
        p.nodes[7].demand = 500  // more than a vehicle carries
        let result = RoutingSolver.solve(p, options: RoutingOptions(timeLimit: 2, iterationLimit: 200, seed: 1))
        #expect(result.unserved == [4, 7])
        #expect(SolutionChecker.check(result.solution, for: p, requireAllServed: false).isFeasible)
    }

    @Test func coldGoodsRideOnlyInRefrigeratedVehicles() {
        var p = randomProblem(seed: 21, customers: 30, pairs: true, capacity: 60)
        for i in stride(from: 1, to: 30, by: 6) { p.nodes[i].needsCold = true; p.nodes[i + 1].needsCold = true }
        p.fleet =
            [.init(capacity: 40, refrigerated: true), .init(capacity: 40, refrigerated: true)]
            + Array(repeating: .init(capacity: 80, refrigerated: false), count: 6)
        let result = RoutingSolver.solve(p, options: RoutingOptions(timeLimit: 5, iterationLimit: 800, seed: 3))
        let report = SolutionChecker.check(result.solution, for: p, requireAllServed: false)
        #expect(report.isFeasible, "\(report.violations)")
        for (r, route) in result.solution.routes.enumerated() where route.contains(where: { p.nodes[$0].needsCold }) {
            #expect(p.fleet[result.solution.vehicleOfRoute[r]].refrigerated)
        }
        #expect(Set(result.solution.vehicleOfRoute).count == result.solution.routes.count)
        // Without any refrigerated vehicle, the cold pairs are reported, the rest is still planned.
        var dry = p
        dry.fleet = Array(repeating: .init(capacity: 80, refrigerated: false), count: 8)
        let dryResult = RoutingSolver.solve(dry, options: RoutingOptions(timeLimit: 5, iterationLimit: 400, seed: 3))
        #expect(Set(dryResult.unserved) == Set((1...30).filter { dry.nodes[$0].needsCold }))
        #expect(SolutionChecker.check(dryResult.solution, for: dry, requireAllServed: false).isFeasible)
    }

    @Test func checkerCatchesColdChainAndDoubleBookedVehicles() {
        var p = randomProblem(seed: 3, customers: 6, pairs: true, capacity: 100)
        p.nodes[1].needsCold = true
        p.nodes[2].needsCold = true
        p.fleet = [.init(capacity: 100, refrigerated: false), .init(capacity: 100, refrigerated: true)]
        let warm = SolutionChecker.check(RoutingSolution(routes: [[1, 2], [3, 4, 5, 6]], vehicles: [0, 1]), for: p)
        #expect(warm.violations.contains { $0.contains("needs cold") })
        let twice = SolutionChecker.check(RoutingSolution(routes: [[1, 2], [3, 4, 5, 6]], vehicles: [1, 1]), for: p)
        #expect(twice.violations.contains { $0.contains("drives two routes") })
    }

    @Test func clusteredBenchmarkReachesBestKnownQuickly() throws {
        let p = try instance("solomon", "c101")
        let result = RoutingSolver.solve(p, options: RoutingOptions(timeLimit: 20, iterationLimit: 3000, seed: 1))
        let report = SolutionChecker.check(result.solution, for: p)
        #expect(report.isFeasible)
        #expect(report.vehicles == 10)
        #expect(abs(report.distance - 828.94) < 0.01)
    }
}
