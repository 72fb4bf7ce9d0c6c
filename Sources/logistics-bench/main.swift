import Foundation
import Logistics

// logistics-bench solve FILE --seconds S [--seed N] [--threads T] [--iterations I]
// logistics-bench --set solomon|lilim [--dir DIR] [--seconds S] [--seed N] [--threads T] [--filter PREFIX] [--write BENCHMARKS.md]

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

var args = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name) else { return nil }
    guard i + 1 < args.count else { fail("\(name) needs a value") }
    let value = args[i + 1]
    args.removeSubrange(i...(i + 1))
    return value
}
@MainActor func number<T: LosslessStringConvertible>(_ name: String, default value: T) -> T {
    guard let raw = option(name) else { return value }
    guard let v = T(raw) else { fail("\(name): '\(raw)' is not a valid number") }
    return v
}

let seconds: Double = number("--seconds", default: 10.0)
let seed: UInt64 = number("--seed", default: 1)
let threads: Int = number("--threads", default: 1)
let iterationsRaw = option("--iterations")
let iterations = iterationsRaw.map { Int($0) ?? 0 }
if let iterations, iterations <= 0 { fail("--iterations must be a positive whole number") }
guard seconds > 0, seconds.isFinite else { fail("--seconds must be positive") }
let fleetShare: Double = number("--fleet-share", default: RoutingOptions().fleetShare)
let options = RoutingOptions(timeLimit: seconds, iterationLimit: iterations, seed: seed, threads: threads, fleetShare: fleetShare)

func load(_ path: String) -> RoutingProblem {
    do { return try InstanceReader.read(contentsOf: URL(fileURLWithPath: path)) } catch let error as InstanceError {
        fail("\(path): \(error)")
    } catch {
        fail("\(path): \(error.localizedDescription)")
    }
}

func formatted(_ v: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", v) }

if args.first == "solve" {
    guard args.count >= 2 else { fail("usage: logistics-bench solve FILE --seconds S [--seed N]") }
    let problem = load(args[1])
    let result = RoutingSolver.solve(problem, options: options)
    let report = SolutionChecker.check(result.solution, for: problem, requireAllServed: result.unserved.isEmpty)
    for (i, route) in result.solution.routes.enumerated() {
        print("Route \(i + 1): " + route.map { String(problem.nodes[$0].id) }.joined(separator: " "))
    }
    if !result.unserved.isEmpty {
        FileHandle.standardError.write(
            Data(
                "unserved (no vehicle can reach them in time or carry them): \(result.unserved.map { String(problem.nodes[$0].id) }.joined(separator: " "))\n"
                    .utf8))
    }
    if !report.isFeasible {
        FileHandle.standardError.write(Data(("checker: " + report.violations.joined(separator: "; ") + "\n").utf8))
    }
    print("vehicles=\(report.vehicles) distance=\(report.distance)")
    exit(report.isFeasible ? 0 : 1)
}

// logistics-bench allocation [--lots N] [--needs M] [--seed S] [--dimacs FILE]: a generated regional instance,
// solved exactly; the network can be exported (DIMACS "min" format) for a reference solver.
if args.first == "allocation" {
    let lotCount: Int = number("--lots", default: 20_000)
    let needCount: Int = number("--needs", default: 2_000)
    let dimacs = option("--dimacs")
    let maxKm: Double = number("--max-km", default: 30.0)
    var rng = RandomSource(seed: seed)
    // Occitanie-sized area, donors and recipients spread over it.
    func place(_ id: String) -> Site { Site(id: id, latitude: 42.6 + rng.unit() * 2.2, longitude: 0.2 + rng.unit() * 4.4) }
    let donorSites = (0..<max(1, lotCount / 6)).map { place("d\($0)") }
    let recipientSites = (0..<needCount).map { place("r\($0)") }
    let sites = donorSites + recipientSites
    let categories = ["fruits-legumes", "pain", "laitages", "viande", "epicerie", "boissons", "plats", "surgeles"]
    let lots: [Lot] = (0..<lotCount).map { i in
        let t: TemperatureClass = rng.unit() < 0.6 ? .ambient : (rng.unit() < 0.75 ? .chilled : .frozen)
        let start = Double(Int(rng.unit() * 480))
        return Lot(
            id: "l\(i)", site: Int(rng.next() % UInt64(donorSites.count)), category: categories[Int(rng.next() % 8)],
            kg: Double(5 + Int(rng.unit() * 400)), temperature: t, dateKind: t == .ambient ? .bestBefore : .useBy,
            date: start + 240 + rng.unit() * 3000, pickup: TimeWindow(start: start, end: start + 120))
    }
    let needs: [Need] = (0..<needCount).map { j in
        let start = Double(Int(rng.unit() * 600))
        return Need(
            id: "n\(j)", site: donorSites.count + j, category: rng.unit() < 0.4 ? nil : categories[Int(rng.next() % 8)],
            kg: Double(50 + Int(rng.unit() * 2000)), delivery: TimeWindow(start: start, end: start + 240),
            storage: [.chilled: rng.unit() < 0.3 ? 0 : Double(Int(rng.unit() * 600)), .frozen: rng.unit() < 0.5 ? 0 : Double(Int(rng.unit() * 300))],
            peopleServed: 10 + Int(rng.unit() * 800))
    }
    var settings = AllocationSettings()
    settings.maxDistanceKm = maxKm
    let t0 = Date()
    let graph: Allocator.Graph
    do { graph = try Allocator.graph(lots: lots, needs: needs, sites: sites, settings: settings) } catch { fail("\(error)") }
    let t1 = Date()
    guard case .optimal(_, let cost) = NetworkSimplex.solve(graph.network) else { fail("infeasible network") }
    let t2 = Date()
    let result = Allocator.solve(graph, lots: lots, needs: needs, settings: settings)
    let shipped = result.shipments.reduce(0) { $0 + $1.kg }
    print("lots=\(lotCount) needs=\(needCount) nodes=\(graph.network.nodeCount) arcs=\(graph.network.arcCount) candidate_arcs=\(graph.shipmentArcs.count)")
    print(
        "build_s=\(formatted(t1.timeIntervalSince(t0), 3)) solve_s=\(formatted(t2.timeIntervalSince(t1), 3)) cost=\(cost) shipped_kg=\(formatted(shipped, 1)) unallocated_lots=\(result.unallocated.count)"
    )
    if let dimacs {
        let g = graph.network
        var text = "p min \(g.nodeCount) \(g.arcCount)\n"
        for (v, b) in g.supply.enumerated() where b != 0 { text += "n \(v + 1) \(b)\n" }
        for e in 0..<g.arcCount { text += "a \(g.sources[e] + 1) \(g.targets[e] + 1) 0 \(g.capacities[e]) \(g.costs[e])\n" }
        do { try text.write(toFile: dimacs, atomically: true, encoding: .utf8) } catch { fail("cannot write \(dimacs): \(error)") }
    }
    exit(0)
}

// logistics-bench day [--lots N] [--needs M] [--vehicles V] [--seconds S] [--seed N] [--threads T] [--old-planner]
// [--consolidate KG] [--km-factor F]: one generated département's day planned end to end (allocation with consolidation,
// consignments, tours, then filling the tours), checked, with time and peak memory. `--old-planner` plans as
// before issue 16 (no consolidation, no fill), for side-by-side runs.
if args.first == "day" {
    let lotCount: Int = number("--lots", default: 2_000)
    let needCount: Int = number("--needs", default: 300)
    let vehicleCount: Int = number("--vehicles", default: 30)
    guard lotCount > 0, needCount > 0, vehicleCount > 0 else { fail("--lots, --needs and --vehicles must be positive") }
    let day = SyntheticDay.generate(lots: lotCount, needs: needCount, vehicles: vehicleCount, seed: seed)
    var settings = day.settings
    settings.seconds = seconds
    settings.seed = seed
    settings.threads = threads
    settings.iterationLimit = iterations
    if args.contains("--old-planner") { (settings.fillTours, settings.consolidateKg) = (false, 0) }
    if let k = option("--consolidate"), let kg = Double(k) { settings.consolidateKg = kg }
    if let k = option("--km-factor"), let f = Double(k) { settings.shortFleetKmFactor = f }
    let t0 = Date()
    let plan: DayPlan
    do { plan = try DayPlanner.plan(sites: day.sites, lots: day.lots, needs: day.needs, vehicles: day.vehicles, settings: settings) } catch { fail("\(error)") }
    let total = Date().timeIntervalSince(t0)
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let offered = day.lots.reduce(0) { $0 + $1.kg }
    let allocated = plan.allocation.shipments.reduce(0) { $0 + $1.kg }
    let reasons = Dictionary(grouping: plan.allocation.unallocated, by: \.reason).map { "\($0.key)=\($0.value.count)" }.sorted()
    let late = Dictionary(grouping: plan.undelivered, by: \.reason).map { "\($0.key)=\($0.value.count)" }.sorted()
    let coldLots = day.lots.filter { $0.temperature != .ambient }.count
    let depots = Set(day.vehicles.map(\.depot)).count
    print(
        "lots=\(lotCount) needs=\(needCount) vehicles=\(vehicleCount) depots=\(depots) cold_lots=\(coldLots) sites=\(day.sites.count) shipments=\(plan.allocation.shipments.count) consignments=\(plan.consignments.count)"
    )
    print(
        "offered_kg=\(formatted(offered, 0)) allocated_kg=\(formatted(allocated, 0)) delivered_kg=\(formatted(plan.deliveredKg, 0)) undelivered_consignments=\(plan.undelivered.count) tours=\(plan.tours.count) km=\(formatted(plan.km, 1))"
    )
    print("unallocated_lots: " + reasons.joined(separator: " ") + (late.isEmpty ? "" : " | undelivered: " + late.joined(separator: " ")))
    print(
        "allocation_s=\(formatted(plan.allocationSeconds, 3)) routing_s=\(formatted(plan.routingSeconds, 3)) total_s=\(formatted(total, 3)) iterations=\(plan.iterations) peak_rss_mb=\(usage.ru_maxrss / 1024) feasible=\(plan.check.isFeasible ? "yes" : "NO: " + plan.check.violations.prefix(3).joined(separator: "; "))"
    )
    exit(plan.check.isFeasible ? 0 : 1)
}

// Benchmark a whole set.
guard let set = option("--set") else { fail("usage: logistics-bench solve FILE … | --set solomon|lilim [--seconds S]") }
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let dir = option("--dir") ?? root.deletingLastPathComponent().appendingPathComponent("shared/benchmarks/\(set)").path
let filter = option("--filter") ?? ""
let output = option("--write")
let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".txt") && $0.hasPrefix(filter) }.sorted()
guard !files.isEmpty else { fail("no instance in \(dir)") }

// Best-known solutions: shared/benchmarks/bks.csv (set,instance,vehicles,distance,source).
var bks: [String: (Int, Double)] = [:]
// Standardised first: corelibs Foundation keeps ".." when deleting the last component of such a path.
let bksPath = URL(fileURLWithPath: dir).standardizedFileURL.deletingLastPathComponent().appendingPathComponent("bks.csv").path
if let text = try? String(contentsOfFile: bksPath, encoding: .utf8) {
    for line in text.split(separator: "\n").dropFirst() {
        let f = line.split(separator: ",", omittingEmptySubsequences: false)
        if f.count >= 4, let v = Int(f[2]), let d = Double(f[3]) { bks[String(f[1])] = (v, d) }
    }
}

print("instance,vehicles,distance,bks_vehicles,bks_distance,gap_percent,seconds,iterations,feasible")
var rows: [String] = []
for file in files {
    let name = String(file.dropLast(4))
    let problem = load(dir + "/" + file)
    let result = RoutingSolver.solve(problem, options: options)
    let report = SolutionChecker.check(result.solution, for: problem)
    let best = bks[name]
    let gap = best.map { (report.distance - $0.1) / $0.1 * 100 }
    let bestVehicles: String = best.map { String($0.0) } ?? ""
    let bestDistance: String = best.map { formatted($0.1) } ?? ""
    let gapText: String = gap.map { formatted($0) } ?? ""
    let feasible: String = report.isFeasible ? "yes" : "NO: " + report.violations.prefix(2).joined(separator: "; ")
    let row: [String] = [
        name, String(report.vehicles), formatted(report.distance), bestVehicles, bestDistance,
        gapText, formatted(result.seconds, 1), String(result.iterations), feasible,
    ]
    print(row.joined(separator: ","))
    rows.append(row.joined(separator: ","))
}
if let output {
    try? rows.joined(separator: "\n").appending("\n").write(toFile: output, atomically: true, encoding: .utf8)
}
