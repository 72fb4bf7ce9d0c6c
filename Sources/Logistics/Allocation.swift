import Foundation

/// Cold-chain classes, warmest first.
public enum TemperatureClass: Int, Sendable, CaseIterable, Comparable, Codable {
    case ambient, chilled, frozen
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// A time interval in minutes since a common origin (the start of the planning day, say).
public struct TimeWindow: Sendable, Equatable, Codable {
    public var start: Double
    public var end: Double
    public init(start: Double, end: Double) { self.start = start; self.end = end }

    /// What is wrong with the window, named for `item` and `field`, if anything.
    public func problem(item: String, field: String) -> AllocationInputError? {
        if !(start.isFinite && end.isFinite) { return .init(item: item, field: field, reason: "not a number") }
        if end < start { return .init(item: item, field: field, reason: "ends before it starts") }
        return nil
    }

    /// The common part of two windows, nil when they do not meet.
    public func intersection(_ other: TimeWindow?) -> TimeWindow? {
        guard let other else { return self }
        let w = TimeWindow(start: max(start, other.start), end: min(end, other.end))
        return w.start <= w.end ? w : nil
    }
}

/// A place with coordinates in degrees, its opening hours and how long a stop there takes.
public struct Site: Sendable, Equatable, Codable {
    public var id: String
    public var latitude: Double
    public var longitude: Double
    /// nil: open whenever the lot's or need's own window says.
    public var opening: TimeWindow?
    /// Minutes to load or unload one consignment here; nil: the plan's default.
    public var serviceMinutes: Double?
    public init(id: String, latitude: Double, longitude: Double, opening: TimeWindow? = nil, serviceMinutes: Double? = nil) {
        self.id = id; self.latitude = latitude; self.longitude = longitude; self.opening = opening; self.serviceMinutes = serviceMinutes
    }
}

/// Food offered by a donor.
public struct Lot: Sendable, Equatable, Codable {
    public enum DateKind: String, Sendable, Codable {
        /// Date limite de consommation: never delivered after it.
        case useBy
        /// Date de durabilité minimale: may go after it, at a lower value.
        case bestBefore
    }
    public var id: String
    public var site: Int
    public var category: String
    public var kg: Double
    public var temperature: TemperatureClass
    public var dateKind: DateKind
    /// The date, in the same minutes as the windows.
    public var date: Double
    public var pickup: TimeWindow
    /// The planner's adjustments: the one need (by id) this lot may go to ("lock" or "move"), and needs it may not.
    public var onlyNeed: String?
    public var excludedNeeds: Set<String> = []

    public init(id: String, site: Int, category: String, kg: Double, temperature: TemperatureClass, dateKind: DateKind, date: Double, pickup: TimeWindow) {
        self.id = id; self.site = site; self.category = category; self.kg = kg; self.temperature = temperature
        self.dateKind = dateKind; self.date = date; self.pickup = pickup
    }
}

/// What a recipient asks for.
public struct Need: Sendable, Equatable, Codable {
    public var id: String
    public var site: Int
    /// nil: any category.
    public var category: String?
    public var kg: Double
    public var delivery: TimeWindow
    /// Storage left per class, in kg; a class not listed has none (ambient not listed: no limit beyond `kg`).
    public var storage: [TemperatureClass: Double]
    public var peopleServed: Int
    /// Multiplies the value of what the need receives: above 1 for a recipient served less than its share lately
    /// (the fairness ledger), below 1 for one served more.
    public var weight = 1.0
    /// Categories the recipient does not want (its preferences): no food of them goes to this need.
    public var refusedCategories: Set<String> = []
    /// Use-by food must still have this many minutes left when it arrives (48 h by French donation rules, less for
    /// a recipient that redistributes faster).
    public var useByMarginMinutes = 0.0

    public init(id: String, site: Int, category: String?, kg: Double, delivery: TimeWindow, storage: [TemperatureClass: Double], peopleServed: Int) {
        self.id = id; self.site = site; self.category = category; self.kg = kg; self.delivery = delivery
        self.storage = storage; self.peopleServed = peopleServed
    }

    /// Its category (or any), not one it refuses, and not kept from it by the planner's adjustments.
    public func accepts(_ lot: Lot) -> Bool {
        if let category, category != lot.category { return false }
        if let only = lot.onlyNeed, only != id { return false }
        if !lot.excludedNeeds.isEmpty, lot.excludedNeeds.contains(id) { return false }
        return refusedCategories.isEmpty || !refusedCategories.contains(lot.category)
    }

    /// When `lot` must have arrived here at the latest, for a use-by lot: its date less the margin this recipient needs.
    public func useByDeadline(_ lot: Lot) -> Double { lot.date - useByMarginMinutes }
}

/// Road distances between sites in km, supplied (from a routing engine, say) instead of great-circle × road factor.
public struct RoadDistances: Sendable, Equatable {
    public let siteCount: Int
    /// Row-major, `siteCount²`, in the order of the sites.
    public let km: [Double]
    public init(siteCount: Int, km: [Double]) { self.siteCount = siteCount; self.km = km }
    @inline(__always) func km(_ a: Int, _ b: Int) -> Double { km[a * siteCount + b] }

    /// The first thing wrong with the matrix for these sites, if any.
    public func problem(for sites: [Site]) -> AllocationInputError? {
        guard siteCount == sites.count, km.count == siteCount * siteCount else {
            return .init(item: "road distances", field: "size", reason: "expected \(sites.count) × \(sites.count) values, one per pair of sites")
        }
        guard let bad = km.firstIndex(where: { !($0.isFinite && $0 >= 0) }) else { return nil }
        return .init(
            item: "road distances", field: "from site \(sites[bad / siteCount].id) to site \(sites[bad % siteCount].id)",
            reason: "must be a distance in km, zero or more")
    }
}

public struct AllocationSettings: Sendable {
    /// Value of one kg brought to a recipient, before weights (same unit as transport costs).
    public var valuePerKg = 1.0
    /// Transport cost of one kg over one km.
    public var costPerKgKm = 0.002
    /// Great-circle distance × this factor approximates the road.
    public var roadFactor = 1.3
    /// When given, road distances are read from it instead. They must not be shorter than the great-circle
    /// distance (candidate needs are first looked up by straight-line distance).
    public var roads: RoadDistances?
    public var maxDistanceKm = 80.0
    public var speedKmPerMinute = 0.8
    /// Diminishing returns per need: the first 30 % of a need is worth fully, the next 30 % half, the rest a fifth,
    /// so that a second recipient's first kilos outweigh a big recipient's last ones.
    public var tiers: [(share: Double, factor: Double)] = [(0.3, 1.0), (0.3, 0.5), (0.4, 0.2)]
    /// Value kept by food delivered after its best-before date.
    public var afterBestBeforeFactor = 0.7
    /// Planning time, in the windows' minutes: lots whose use-by date is before it are expired.
    public var now = 0.0
    /// Quantities are exact to this many kg (the flow works on integers).
    public var resolutionKg = 0.1
    /// Donor site → need pairs that may not carry food (the day planner's consolidation: too little for a stop).
    public var excludedPairs: Set<SitePair> = []
    public init() {}
}

/// A donor site and a need (by index).
public struct SitePair: Hashable, Sendable {
    public var site: Int
    public var need: Int
    public init(site: Int, need: Int) { self.site = site; self.need = need }
}

public struct AllocationResult: Sendable {
    public struct Shipment: Sendable, Equatable { public var lot: Int; public var need: Int; public var kg: Double }
    public enum Reason: String, Sendable, CaseIterable {
        case invalid = "données invalides"
        case expired = "date limite dépassée"
        case noCompatibleNeed = "aucun besoin compatible (catégorie, dates ou horaires)"
        case tooFar = "besoins compatibles trop éloignés"
        case noColdStorage = "pas de stockage au froid disponible chez les destinataires"
        case siteClosed = "lieu de collecte fermé pendant la fenêtre de collecte"
        case needsCovered = "besoins déjà couverts ou transport plus coûteux que l'intérêt"
    }
    public struct Leftover: Sendable, Equatable { public var lot: Int; public var kg: Double; public var reason: Reason }

    public var shipments: [Shipment]
    public var unallocated: [Leftover]
    /// kg still wanted, per need index.
    public var unmet: [Double]
    /// Total utility minus transport cost, in the settings' units.
    public var objective: Double
}

/// Bad allocation input, naming the item and the field.
public struct AllocationInputError: Error, Equatable, CustomStringConvertible, Sendable {
    public var item: String
    public var field: String
    public var reason: String
    public var description: String { "\(item): \(field): \(reason)" }
}

/// Decides how many kg of each lot go to each need, exactly, as a min-cost flow (DESIGN.md module 2).
///
/// Network: source → lot (its kg) → (need, temperature class) (pruned to compatible pairs; transport cost per kg)
/// → need (storage left for that class) → sink through one arc per utility tier (concave, so cheaper tiers fill
/// first); every lot may also go straight to the sink at no value (not allocated). See `Guides/Allocation.md`.
public enum Allocator {
    /// Every problem in the input, in order; `allocate` refuses input that has any.
    public static func problems(lots: [Lot], needs: [Need], sites: [Site]) -> [AllocationInputError] {
        var found: [AllocationInputError] = []
        func window(_ w: TimeWindow, _ item: String, _ field: String) {
            if let problem = w.problem(item: item, field: field) { found.append(problem) }
        }
        for s in sites {
            if !(s.latitude.isFinite && s.longitude.isFinite && abs(s.latitude) <= 90 && abs(s.longitude) <= 180) {
                found.append(.init(item: "site \(s.id)", field: "coordinates", reason: "not a valid latitude/longitude"))
            }
            if let opening = s.opening { window(opening, "site \(s.id)", "opening hours") }
            if let minutes = s.serviceMinutes, !(minutes.isFinite && minutes >= 0) {
                found.append(.init(item: "site \(s.id)", field: "service minutes", reason: "must be zero or more"))
            }
        }
        for lot in lots {
            let item = "lot \(lot.id)"
            if lot.site < 0 || lot.site >= sites.count { found.append(.init(item: item, field: "site", reason: "no such site")) }
            if !lot.kg.isFinite || lot.kg <= 0 { found.append(.init(item: item, field: "kg", reason: "must be a positive quantity")) }
            if !lot.date.isFinite { found.append(.init(item: item, field: "date", reason: "not a number")) }
            window(lot.pickup, item, "pickup window")
        }
        for need in needs {
            let item = "need \(need.id)"
            if need.site < 0 || need.site >= sites.count { found.append(.init(item: item, field: "site", reason: "no such site")) }
            if !need.kg.isFinite || need.kg <= 0 { found.append(.init(item: item, field: "kg", reason: "must be a positive quantity")) }
            if need.peopleServed < 0 { found.append(.init(item: item, field: "people served", reason: "negative")) }
            for (t, kg) in need.storage where !kg.isFinite || kg < 0 {
                found.append(.init(item: item, field: "storage \(t)", reason: "must be zero or more"))
            }
            window(need.delivery, item, "delivery window")
        }
        return found
    }

    /// The min-cost flow network of an allocation, with what is needed to read its solution back.
    public struct Graph: Sendable {
        public var network: FlowNetwork
        /// Arc index, lot index, need index of every candidate shipment.
        public var shipmentArcs: [(arc: Int, lot: Int, need: Int)]
        var reasons: [AllocationResult.Reason?]
        /// Costs are in thousandths of the settings' unit.
        public static let costScale = 1000.0
    }

    public static func allocate(lots: [Lot], needs: [Need], sites: [Site], settings: AllocationSettings = AllocationSettings()) throws(AllocationInputError)
        -> AllocationResult
    {
        let graph = try self.graph(lots: lots, needs: needs, sites: sites, settings: settings)
        return solve(graph, lots: lots, needs: needs, settings: settings)
    }

    public static func graph(lots: [Lot], needs: [Need], sites: [Site], settings: AllocationSettings = AllocationSettings()) throws(AllocationInputError)
        -> Graph
    {
        if let first = problems(lots: lots, needs: needs, sites: sites).first { throw first }
        if let roads = settings.roads, let problem = roads.problem(for: sites) { throw problem }
        let scale = 1 / settings.resolutionKg
        let costScale = Graph.costScale
        func units(_ kg: Double) -> Int { kg.isFinite && kg > 0 ? Int((kg * scale).rounded(.down)) : 0 }

        var g = FlowNetwork(nodes: 0)
        let source = g.addNode(), sink = g.addNode()
        var lotNodes = [Int](repeating: -1, count: lots.count)
        var needNodes = [Int](repeating: -1, count: needs.count)
        var classNodes: [[TemperatureClass: Int]] = Array(repeating: [:], count: needs.count)
        var reasons = [AllocationResult.Reason?](repeating: nil, count: lots.count)
        var shipmentArcs: [(arc: Int, lot: Int, need: Int)] = []
        var total = 0

        for (j, need) in needs.enumerated() {
            guard need.site >= 0, need.site < sites.count, units(need.kg) > 0 else { continue }
            let node = g.addNode()
            needNodes[j] = node
            let weight = log2(2 + Double(max(0, need.peopleServed))) * (need.weight.isFinite ? max(0, need.weight) : 1)
            var remaining = units(need.kg)
            for (k, tier) in settings.tiers.enumerated() {
                let size = k == settings.tiers.count - 1 ? remaining : min(remaining, Int((Double(units(need.kg)) * tier.share).rounded()))
                if size > 0 {
                    g.addArc(
                        from: node, to: sink, capacity: size,
                        cost: -Int((settings.valuePerKg * settings.resolutionKg * weight * tier.factor * costScale).rounded()))
                }
                remaining -= size
            }
        }

        // Needs bucketed by cells as wide as the largest useful distance: a lot looks at nine cells, not every need.
        let grid = NeedGrid(needs: needs, sites: sites, cellKm: settings.maxDistanceKm * settings.roadFactor < 1 ? 1 : settings.maxDistanceKm)
        for (i, lot) in lots.enumerated() {
            let supply = units(lot.kg)
            guard supply > 0, lot.site >= 0, lot.site < sites.count, lot.pickup.start <= lot.pickup.end else {
                reasons[i] = .invalid
                continue
            }
            let node = g.addNode(supply: 0)
            lotNodes[i] = node
            g.addArc(from: source, to: node, capacity: supply, cost: 0)
            g.addArc(from: node, to: sink, capacity: supply, cost: 0)
            total += supply
            if lot.dateKind == .useBy && lot.date < settings.now {
                reasons[i] = .expired
                continue
            }
            guard let pickup = pickupWindow(lot, sites) else {
                reasons[i] = .siteClosed
                continue
            }
            /// When the lot would reach the need, if category, windows and use-by date allow it.
            func arrival(at need: Need, km: Double) -> Double? {
                guard need.accepts(lot) else { return nil }
                guard let delivery = deliveryWindow(need, sites) else { return nil }
                let arrival = max(pickup.start + km / settings.speedKmPerMinute, delivery.start)
                guard arrival <= delivery.end else { return nil }
                if lot.dateKind == .useBy && arrival > need.useByDeadline(lot) { return nil }
                return arrival
            }
            var sawCompatible = false, sawNear = false, sawCold = false
            for j in grid.candidates(near: sites[lot.site]) where needNodes[j] >= 0 {
                let need = needs[j]
                let km = settings.roadKm(lot.site, need.site, sites)
                guard let arrival = arrival(at: need, km: km) else { continue }
                sawCompatible = true
                guard km <= settings.maxDistanceKm else { continue }
                sawNear = true
                let storage = need.storage[lot.temperature] ?? (lot.temperature == .ambient ? need.kg : 0)
                guard units(storage) > 0 else { continue }
                sawCold = true
                if !settings.excludedPairs.isEmpty, settings.excludedPairs.contains(SitePair(site: lot.site, need: j)) { continue }
                let classNode: Int
                if let existing = classNodes[j][lot.temperature] {
                    classNode = existing
                } else {
                    classNode = g.addNode()
                    classNodes[j][lot.temperature] = classNode
                    g.addArc(from: classNode, to: needNodes[j], capacity: units(storage), cost: 0)
                }
                // Past its best-before date the food is worth less: the difference is charged on the way.
                let late = lot.dateKind == .bestBefore && arrival > lot.date
                let lateCharge = late ? settings.valuePerKg * (1 - settings.afterBestBeforeFactor) * log2(2 + Double(max(0, need.peopleServed))) : 0
                let perUnit = (km * settings.costPerKgKm + lateCharge) * settings.resolutionKg * costScale
                let arc = g.addArc(from: node, to: classNode, capacity: min(supply, units(need.kg)), cost: Int(perUnit.rounded()))
                shipmentArcs.append((arc, i, j))
            }
            if !sawCompatible {
                // Nothing compatible nearby: is there something compatible farther away ("too far") or nowhere?
                sawCompatible = needs.indices.contains { j in
                    needNodes[j] >= 0 && arrival(at: needs[j], km: settings.roadKm(lot.site, needs[j].site, sites)) != nil
                }
            }
            reasons[i] = !sawCompatible ? .noCompatibleNeed : !sawNear ? .tooFar : !sawCold ? .noColdStorage : .needsCovered
        }
        g.setSupply(source, total)
        g.setSupply(sink, -total)
        return Graph(network: g, shipmentArcs: shipmentArcs, reasons: reasons)
    }

    public static func solve(_ graph: Graph, lots: [Lot], needs: [Need], settings: AllocationSettings = AllocationSettings()) -> AllocationResult {
        let scale = 1 / settings.resolutionKg
        let costScale = Graph.costScale
        let reasons = graph.reasons
        guard case .optimal(let flows, let cost) = NetworkSimplex.solve(graph.network) else {
            // Cannot happen: every lot can go straight to the sink. Report everything rather than crash.
            return AllocationResult(
                shipments: [], unallocated: lots.indices.map { .init(lot: $0, kg: lots[$0].kg, reason: .invalid) },
                unmet: needs.map(\.kg), objective: 0)
        }
        var shipped = [Double](repeating: 0, count: lots.count)
        var received = [Double](repeating: 0, count: needs.count)
        var shipments: [AllocationResult.Shipment] = []
        for (arc, i, j) in graph.shipmentArcs where flows[arc] > 0 {
            let kg = Double(flows[arc]) / scale
            shipments.append(.init(lot: i, need: j, kg: kg))
            shipped[i] += kg
            received[j] += kg
        }
        var leftovers: [AllocationResult.Leftover] = []
        for (i, lot) in lots.enumerated() {
            let left = lot.kg - shipped[i]
            if left > settings.resolutionKg / 2 || reasons[i] == .invalid {
                leftovers.append(.init(lot: i, kg: max(0, left), reason: reasons[i] ?? .needsCovered))
            }
        }
        return AllocationResult(
            shipments: shipments, unallocated: leftovers,
            unmet: needs.indices.map { max(0, needs[$0].kg - received[$0]) },
            objective: -Double(cost) / costScale)
    }

    /// When a lot can be collected: its own window within its site's opening hours.
    public static func pickupWindow(_ lot: Lot, _ sites: [Site]) -> TimeWindow? {
        lot.pickup.intersection(sites.indices.contains(lot.site) ? sites[lot.site].opening : nil)
    }

    /// When a need can be delivered: its own window within its site's opening hours.
    public static func deliveryWindow(_ need: Need, _ sites: [Site]) -> TimeWindow? {
        need.delivery.intersection(sites.indices.contains(need.site) ? sites[need.site].opening : nil)
    }

    /// Needs by grid cell (degrees scaled so a cell is at least `cellKm` wide everywhere in the area).
    struct NeedGrid {
        let cellLat: Double, cellLon: Double
        var cells: [Int64: [Int]] = [:]
        let all: [Int]

        init(needs: [Need], sites: [Site], cellKm: Double) {
            let maxLat = needs.compactMap { $0.site < sites.count ? abs(sites[$0.site].latitude) : nil }.max() ?? 0
            cellLat = cellKm / 110.5
            cellLon = cellKm / (111.3 * max(0.05, cos(min(89, maxLat + cellLat) * .pi / 180)))
            all = Array(needs.indices)
            for (j, need) in needs.enumerated() where need.site >= 0 && need.site < sites.count {
                cells[key(sites[need.site]), default: []].append(j)
            }
        }

        private func cell(_ s: Site) -> (Int64, Int64) { (Int64((s.latitude / cellLat).rounded(.down)), Int64((s.longitude / cellLon).rounded(.down))) }
        private func key(_ s: Site) -> Int64 { let c = cell(s); return c.0 &* 1_000_003 &+ c.1 }

        /// Needs in the 3 × 3 cells around the site, in index order (every need within the cell width is there).
        func candidates(near s: Site) -> [Int] {
            let c = cell(s)
            var found: [Int] = []
            for dy in -1...1 { for dx in -1...1 { found += cells[(c.0 + Int64(dy)) &* 1_000_003 &+ (c.1 + Int64(dx))] ?? [] } }
            return found.sorted()
        }
    }

    /// Great-circle distance in km.
    public static func distanceKm(_ a: Site, _ b: Site) -> Double {
        let r = 6371.0088
        let φ1 = a.latitude * .pi / 180, φ2 = b.latitude * .pi / 180
        let dφ = φ2 - φ1, dλ = (b.longitude - a.longitude) * .pi / 180
        let h = sin(dφ / 2) * sin(dφ / 2) + cos(φ1) * cos(φ2) * sin(dλ / 2) * sin(dλ / 2)
        return 2 * r * asin(min(1, h.squareRoot()))
    }
}

extension AllocationSettings {
    /// Road km between two sites (by index): the supplied matrix, else great-circle × road factor.
    public func roadKm(_ a: Int, _ b: Int, _ sites: [Site]) -> Double {
        roads?.km(a, b) ?? Allocator.distanceKm(sites[a], sites[b]) * roadFactor
    }
}
