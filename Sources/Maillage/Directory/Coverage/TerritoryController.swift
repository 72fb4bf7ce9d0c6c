import Fluent
import Foundation
import SQLKit
import Vapor

/// A territory seen as a whole: who is around the table, who is missing, who already works with whom.
enum TerritoryController {
    @Sendable static func territories(req: Request) async throws -> Response {
        let territories = try await Territory.query(on: req.db).sort(\.$code).all()
        var counts: [UUID: Int] = [:]
        if let sql = req.db as? any SQLDatabase {
            let rows = try await sql.raw(
                """
                SELECT ot.territory_id AS territory_id, COUNT(*) AS n FROM organization_territories ot
                JOIN organizations o ON o.id = ot.organization_id WHERE o.status = \(bind: OrganizationStatus.validated.rawValue)
                GROUP BY ot.territory_id
                """
            ).all()
            for row in rows {
                if let id = try? row.decode(column: "territory_id", as: UUID.self), let n = try? row.decode(column: "n", as: Int.self) { counts[id] = n }
            }
        }
        let model = TerritoriesPage.Model(territories: territories.map { ($0.summary, $0.id.flatMap { counts[$0] } ?? 0) })
        return TerritoriesPage.View(context: PageContext(req), model: model).response(on: req)
    }

    /// Above this many structures, the map draws one marker per commune.
    static let individualMarkers = 400
    static let membersPerPage = 50

    /// The structures of a line of the panel, or all of them.
    static func members(_ snapshot: CoverageCache.Snapshot, selected: PanelRow?) -> [Coverage.Member] {
        let coverage = snapshot.coverage
        return selected.map { row in coverage.lines.first { $0.row.key == row.key }?.members ?? [] }
            ?? coverage.lines.flatMap(\.members) + coverage.otherInstitutions
    }

    /// The coverage map: each structure, or one marker per commune when there are many.
    static func map(members: [Coverage.Member], snapshot: CoverageCache.Snapshot, selected: PanelRow?, config: AppConfig) -> MapRenderer {
        let categoryOf = Dictionary(snapshot.structures.map { ($0.id, $0.category) }, uniquingKeysWith: { a, _ in a })
        let communes = CommuneTable.shared.communes(inDepartements: [snapshot.territory.code])
        let markers: [MapRenderer.Marker]
        if members.count <= individualMarkers {
            markers = members.map { m in
                MapRenderer.Marker(
                    point: m.point, color: (categoryOf[m.id] ?? .institution).color, title: "\(m.name) — \(m.commune)",
                    href: DirectoryURL.organization(m.id))
            }
        } else {
            // One marker per commune keeps the page light at any size; it opens the directory around that commune.
            markers = Dictionary(grouping: members, by: { $0.inseeCode ?? $0.commune }).map { key, group in
                let first = group[0]
                let point = CommuneTable.shared.commune(insee: key)?.point ?? first.point
                let query =
                    "?near=" + (key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") + "&radius_km=5"
                    + (selected.map { "&category=" + $0.category.rawValue } ?? "")
                return MapRenderer.Marker(
                    point: point, color: "#1f6f5c", title: "\(first.commune) : \(French.count(group.count, "structure"))",
                    href: DirectoryURL.directory.path + query)
            }.sorted { $0.title < $1.title }
        }
        let labels = communes.sorted { $0.population > $1.population }.prefix(8).map { ($0.name, $0.point) }
        return MapRenderer(
            markers: markers, background: communes.map(\.point), labels: labels, tileURL: config.tileURL,
            tileAttribution: config.tileAttribution, maxWidth: 720)
    }

    @Sendable static func coverage(req: Request) async throws -> Response {
        try await coveragePage(
            req, code: try Territory.code(of: req), selectedKey: req.query[String.self, at: "ligne"],
            page: try req.queryInt("page", in: 1...10_000, default: 1),
            invitation: FormState(), status: .ok)
    }

    /// The coverage page; `invitation`: the animator's invitation form as typed (kept when it comes back with a message).
    static func coveragePage(
        _ req: Request, code: String, selectedKey: String?, page: Int, invitation: FormState<CoverageInvitation.Field>, status: HTTPResponseStatus
    ) async throws -> Response {
        let snapshot = try await req.coverageCache.snapshot(code: code, on: req.db)
        let coverage = snapshot.coverage
        let selected = selectedKey.flatMap(PanelRow.row(key:))
        let members = Self.members(snapshot, selected: selected)
        let focus = MapRenderer.Viewpoint(query: req.query[String.self, at: "vue"])
        let here = DirectoryURL.coverage(code) + (selected.map { "?ligne=" + $0.key.urlQueryValue } ?? "")
        let link: @Sendable (MapRenderer.Viewpoint?) -> String = { v in
            guard let v else { return here + "#carte" }
            return here + (here.contains("?") ? "&" : "?") + "vue=" + v.query + "#carte"
        }
        var renderer = Self.map(members: members, snapshot: snapshot, selected: selected, config: req.application.maillageConfig)
        renderer.focus = focus
        renderer.clusterLink = { link($0) }
        // The fitted view is the same for every visitor: drawn once per line; a chosen view is drawn on demand.
        let svg = focus == nil ? req.coverageCache.map(code: code, line: selected?.key ?? "") { renderer.svg() } : renderer.svg()
        let map = MapPanel(
            renderer: renderer, svg: svg, link: link, points: DirectoryURL.coveragePoints(code) + (selected.map { "?ligne=" + $0.key.urlQueryValue } ?? ""),
            departements: [code], config: req.application.maillageConfig)
        let viewer = req.viewer
        let canEdit = viewer.map { v in v.isAdmin || (snapshot.territory.id.map(v.animatedTerritoryIDs.contains) ?? false) } ?? false
        let listed = selected == nil ? [] : Array(members.dropFirst((page - 1) * membersPerPage).prefix(membersPerPage))
        var known: [CoverageInvitation.Known] = []
        if canEdit, let selected { known = try await CoverageInvitation.known(in: snapshot, row: selected, on: req.db) }
        let model = CoveragePage.Model(
            territory: snapshot.territory.summary, coverage: coverage, selected: selected, map: map, canEdit: canEdit,
            structureCount: snapshot.structures.count, listed: listed, page: page,
            pageCount: max(1, (members.count + membersPerPage - 1) / membersPerPage), known: known, invitation: invitation)
        return CoveragePage.View(context: PageContext(req), model: model).response(status: status, on: req)
    }

    static let csvHeader = ["ligne", "libelle", "attendus", "presents", "etat", "engages_dans_une_cooperation", "communes", "structures"]

    static func csv(_ coverage: Coverage, _ dialect: CSVFile.Dialect) -> CSVFile {
        var file = CSVFile(dialect, header: csvHeader)
        for line in coverage.lines {
            file.add([
                line.row.key, line.row.label, String(line.expected), String(line.members.count), line.presence.label,
                String(line.engagedCount), line.communes.map { "\($0.name) (\($0.count))" }.joined(separator: " ; "),
                line.members.map(\.name).joined(separator: " ; "),
            ])
        }
        return file
    }

    @Sendable static func coverageCSV(req: Request) async throws -> Response {
        let code = try Territory.code(of: req)
        let snapshot = try await req.coverageCache.snapshot(code: code, on: req.db)
        return csv(snapshot.coverage, CSVFile.dialect(of: req)).response(filename: "maillage-\(code)-couverture.csv")
    }

    @Sendable static func saveExpectations(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let code = try Territory.code(of: req)
        let (territory, territoryID) = try await Territory.require(code: code, on: req.db)
        guard viewer.isAdmin || viewer.animatedTerritoryIDs.contains(territoryID) else {
            throw Abort(.forbidden, reason: "Seuls les animateur·rices de ce territoire peuvent fixer les attentes du panel.")
        }
        var values: [String: Int] = [:]
        for row in PanelRow.all {
            guard let raw = try? req.content.get(String.self, at: "attendu_\(row.key)") else { continue }
            guard let n = Int(raw.trimmingCharacters(in: .whitespaces)), (0...999).contains(n) else {
                return Flash.redirect(
                    req, to: DirectoryURL.coverage(code), notice: "« \(row.label) » : indiquez un nombre entier entre 0 et 999. Rien n'a été changé.")
            }
            values[row.key] = n
        }
        let final = values
        try await req.db.writeTransaction { tx in
            try await PanelExpectation.query(on: tx).filter(\.$territory.$id == territoryID).delete()
            for (key, n) in final.sorted(by: { $0.key < $1.key }) {
                let e = PanelExpectation()
                e.$territory.id = territoryID
                e.rowKey = key
                e.expected = n
                try await e.create(on: tx)
            }
            try await Audit.record(
                on: tx, viewer: viewer, action: .panelExpectations, about: .territory(territoryID), territory: territoryID,
                summary: "Attentes du panel de \(territory.name) mises à jour")
        }
        return Flash.redirect(req, to: DirectoryURL.coverage(code), notice: "Les attentes du panel sont enregistrées.")
    }

    /// Above this many structures, the graph draws those that cooperate and the first isolated ones.
    static let graphNodes = 600

    @Sendable static func cooperation(req: Request) async throws -> Response {
        let snapshot = try await req.coverageCache.snapshot(code: try Territory.code(of: req), on: req.db)
        let connected = Set(snapshot.links.flatMap { [$0.a, $0.b] })
        let sorted = snapshot.structures.sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
        let isolated = sorted.filter { !connected.contains($0.id) }
        let drawn = sorted.filter { connected.contains($0.id) } + isolated.prefix(max(0, graphNodes - connected.count))
        let graph = CooperationGraph(nodes: drawn.map { CooperationGraph.Node(id: $0.id, name: $0.name, category: $0.category) }, links: snapshot.links)
        let names = Dictionary(snapshot.structures.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let model = CooperationPage.Model(
            territory: snapshot.territory.summary, svg: graph.svg(), links: snapshot.links, names: names,
            isolated: Array(isolated.prefix(200)), isolatedCount: isolated.count, total: snapshot.structures.count,
            drawnCount: drawn.count)
        return CooperationPage.View(context: PageContext(req), model: model).response(on: req)
    }

    // MARK: - API

    struct CoverageDTO: Content {
        struct Line: Content {
            var key: String
            var label: String
            var category: String
            var institution_kind: String?
            var expected: Int
            var count: Int
            var presence: String
            var engaged: Int
            var communes: [CommuneCount]
            var structures: [String]
        }
        struct CommuneCount: Content { var commune: String; var count: Int }
        var territory: String
        var structures: Int
        var lines: [Line]
    }

    @Sendable static func apiCoverage(req: Request) async throws -> CoverageDTO {
        let snapshot = try await req.coverageCache.snapshot(code: try Territory.code(of: req), on: req.db)
        let coverage = snapshot.coverage
        return CoverageDTO(
            territory: snapshot.territory.code, structures: snapshot.structures.count,
            lines: coverage.lines.map { line in
                .init(
                    key: line.row.key, label: line.row.label, category: line.row.category.rawValue, institution_kind: line.row.institution?.rawValue,
                    expected: line.expected, count: line.members.count, presence: line.presence.rawValue, engaged: line.engagedCount,
                    communes: line.communes.map { .init(commune: $0.name, count: $0.count) }, structures: line.members.map { $0.id.uuidString })
            })
    }
}
