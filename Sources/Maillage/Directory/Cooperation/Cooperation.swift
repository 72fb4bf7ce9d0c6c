import Fluent
import Foundation

/// One piece of evidence that two structures work together.
struct CooperationEdge: Sendable, Equatable {
    var a: UUID
    var b: UUID
    /// What they did together, for people ("partenariat déclaré : ramasse hebdomadaire").
    var kind: String
    var at: Date
    /// How much (kilos moved, bookings…): 1 when there is no natural measure.
    var volume: Double
}

/// Where cooperation edges come from. Each module adds its own source as it lands (alliances,
/// bookings, deliveries, group purchases) and declares it in its `MaillageModule.cooperation`.
protocol CooperationSource: Sendable {
    /// Edges with at least one end among `ids`.
    func edges(touching ids: [UUID], on db: any Database) async throws -> [CooperationEdge]
}

/// Partnerships declared on structure pages.
struct DeclaredPartnerships: CooperationSource {
    func edges(touching ids: [UUID], on db: any Database) async throws -> [CooperationEdge] {
        var edges: [CooperationEdge] = []
        var seen: Set<UUID> = []
        for chunk in ids.chunked(into: 500) {
            let list = Array(chunk)
            // A proposal counts once the partner confirmed it (issue 11, finding 13).
            let rows = try await Partnership.query(on: db).group(.or) { $0.filter(\.$organization.$id ~~ list).filter(\.$partner.$id ~~ list) }
                .filter(\.$confirmedAt != nil).all()
            for p in rows where seen.insert(p.id ?? UUID()).inserted {
                edges.append(
                    CooperationEdge(
                        a: p.$organization.id, b: p.$partner.id,
                        kind: p.summary.isEmpty ? "partenariat déclaré" : "partenariat déclaré : \(p.summary)",
                        at: p.since, volume: 1))
            }
        }
        return edges
    }
}

enum Cooperation {
    /// An edge counts half as much a year later.
    static let halfLifeDays = 365.0

    static func edges(touching ids: [UUID], on db: any Database) async throws -> [CooperationEdge] {
        var all: [CooperationEdge] = []
        for source in Modules.cooperation { all += try await source.edges(touching: ids, on: db) }
        return all
    }

    static func weight(_ edge: CooperationEdge, now: Date) -> Double {
        let days = max(0, now.timeIntervalSince(edge.at) / 86_400)
        return edge.volume * pow(0.5, days / halfLifeDays)
    }

    /// Edges of the same pair of structures added up (pair ordered by UUID).
    struct Link: Sendable {
        var a: UUID
        var b: UUID
        var weight: Double
        var kinds: [String]
    }

    static func links(_ edges: [CooperationEdge], now: Date = Date()) -> [Link] {
        var byPair: [String: Link] = [:]
        for e in edges where e.a != e.b {
            let (a, b) = e.a.uuidString < e.b.uuidString ? (e.a, e.b) : (e.b, e.a)
            let key = a.uuidString + b.uuidString
            var link = byPair[key] ?? Link(a: a, b: b, weight: 0, kinds: [])
            link.weight += weight(e, now: now)
            if !link.kinds.contains(e.kind) { link.kinds.append(e.kind) }
            byPair[key] = link
        }
        return byPair.values.sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.a.uuidString + $0.b.uuidString < $1.a.uuidString + $1.b.uuidString }
    }
}

/// Draws the cooperation graph of a territory as SVG: one cluster per category (a circle of clusters,
/// nodes in a sunflower inside each), so 300 structures stay readable; isolated ones are ringed.
struct CooperationGraph {
    struct Node: Sendable {
        var id: UUID
        var name: String
        var category: Category
    }

    var nodes: [Node]
    var links: [Cooperation.Link]
    var width = 960.0
    var height = 720.0

    struct Placed { var node: Node; var x: Double; var y: Double }

    func layout() -> [UUID: Placed] {
        let groups = Dictionary(grouping: nodes, by: \.category)
        let categories = Category.allCases.filter { groups[$0] != nil }
        let cx = width / 2, cy = height / 2
        let ring = categories.count <= 1 ? 0 : min(width, height) * 0.34
        let largest = Double(groups.values.map(\.count).max() ?? 1)
        let maxClusterRadius = categories.count <= 1 ? min(width, height) * 0.42 : max(30, ring * sin(.pi / Double(max(categories.count, 2))) - 12)
        let spacing = min(16, maxClusterRadius / max(1, (largest).squareRoot()) * 0.95)
        var placed: [UUID: Placed] = [:]
        for (k, category) in categories.enumerated() {
            let angle = 2 * .pi * Double(k) / Double(categories.count) - .pi / 2
            let gx = cx + ring * cos(angle), gy = cy + ring * sin(angle)
            let members = (groups[category] ?? []).sorted { $0.name == $1.name ? $0.id.uuidString < $1.id.uuidString : $0.name < $1.name }
            for (i, node) in members.enumerated() {
                // Sunflower (golden angle): even density whatever the count.
                let r = spacing * Double(i).squareRoot()
                let theta = Double(i) * 2.399963
                placed[node.id] = Placed(node: node, x: gx + r * cos(theta), y: gy + r * sin(theta))
            }
        }
        return placed
    }

    func svg() -> TrustedMarkup {
        var w = SVGWriter()
        guard !nodes.isEmpty else {
            w.open("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 400 80"), ("role", "img"), ("aria-label", "Graphe vide")])
            w.element(
                "text", [("x", "200"), ("y", "45"), ("text-anchor", "middle"), ("font-size", "14"), ("fill", "rgb(85,85,85)")],
                text: "Aucune structure sur ce territoire pour l'instant.")
            w.close("svg")
            return w.markup
        }
        let placed = layout()
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        let connected = Set(links.flatMap { [$0.a, $0.b] })
        let maxWeight = links.map(\.weight).max() ?? 1
        w.open(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("class", "graph"), ("viewBox", "0 0 \(f(width)) \(f(height))"),
                ("role", "group"), ("aria-label", "Graphe des coopérations : chaque point mène à sa fiche"),
            ])
        w.element("rect", [("width", "100%"), ("height", "100%"), ("fill", "rgb(250,250,247)")])
        for link in links {
            guard let a = placed[link.a], let b = placed[link.b] else { continue }
            let weight = link.weight / maxWeight
            w.open(
                "line",
                [
                    ("x1", f(a.x)), ("y1", f(a.y)), ("x2", f(b.x)), ("y2", f(b.y)), ("stroke", "rgb(60,60,60)"),
                    ("stroke-opacity", String(format: "%.2f", 0.25 + 0.6 * weight)), ("stroke-width", String(format: "%.1f", 1 + 2.5 * weight)),
                ])
            w.element("title", [], text: "\(a.node.name) — \(b.node.name) : \(link.kinds.joined(separator: " ; "))")
            w.close("line")
        }
        // Category names above their cluster.
        let groups = Dictionary(grouping: placed.values, by: \.node.category)
        for (category, members) in groups.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let x = members.map(\.x).reduce(0, +) / Double(members.count)
            let top = members.map(\.y).min() ?? 0
            w.element(
                "text",
                [
                    ("x", f(x)), ("y", f(max(14, top - 12))), ("text-anchor", "middle"), ("font-size", "13"), ("font-weight", "bold"),
                    ("fill", category.color),
                ], text: "\(category.label) (\(members.count))")
        }
        for p in placed.values.sorted(by: { $0.node.id.uuidString < $1.node.id.uuidString }) {
            let isolated = !connected.contains(p.node.id)
            w.open("a", [("href", DirectoryURL.organization(p.node.id))])
            // What a finger hits: 24 px across where a phone shows the graph at its own size (it pans sideways).
            w.element("circle", [("cx", f(p.x)), ("cy", f(p.y)), ("r", "12"), ("fill", "transparent")])
            if isolated {
                w.open(
                    "circle",
                    [
                        ("cx", f(p.x)), ("cy", f(p.y)), ("r", "6"), ("fill", "white"), ("stroke", p.node.category.color),
                        ("stroke-width", "2"), ("stroke-dasharray", "2 2"), ("class", "isolated"),
                    ])
            } else {
                w.open("circle", [("cx", f(p.x)), ("cy", f(p.y)), ("r", "6"), ("fill", p.node.category.color), ("stroke", "white"), ("stroke-width", "1")])
            }
            w.element("title", [], text: p.node.name + (isolated ? " — pas encore de partenaire" : ""))
            w.close("circle")
            w.close("a")
        }
        w.close("svg")
        return w.markup
    }
}
