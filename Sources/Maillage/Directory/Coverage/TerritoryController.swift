import Fluent
import Foundation
import SQLKit
import Vapor

/// A territory seen as a whole: who is around the table, who is missing, who already works with whom.
enum TerritoryController {
    /// The validated structures of a territory with what the panel needs to classify them.
    struct Snapshot {
        var territory: Territory
        var organizations: [Organization]
        var networks: [UUID: [String]]
        var links: [Cooperation.Link]
        var expected: [String: Int]

        static func load(code: String, on db: any Database) async throws -> Snapshot {
            let (territory, territoryID) = try await Territory.require(code: code, on: db)
            let ids = try await OrganizationTerritory.query(on: db).filter(\.$territory.$id == territoryID).all().map { $0.$organization.id }
            var organizations: [Organization] = []
            var networks: [UUID: [String]] = [:]
            for chunk in ids.chunked(into: 500) {
                let list = Array(chunk)
                organizations += try await Organization.query(on: db).filter(\.$id ~~ list).filter(\.$status == OrganizationStatus.validated.rawValue).all()
                for s in try await OrganizationSource.query(on: db).filter(\.$organization.$id ~~ list).all() {
                    networks[s.$organization.id, default: []] += s.provenanceValue?.networks ?? []
                }
            }
            let present = organizations.compactMap(\.id)
            let presentSet = Set(present)
            // Partners outside the territory still count as cooperation, but the graph shows this territory only.
            let links = Cooperation.links(try await Cooperation.edges(touching: present, on: db))
                .filter { presentSet.contains($0.a) && presentSet.contains($0.b) }
            var expected: [String: Int] = [:]
            for e in try await PanelExpectation.query(on: db).filter(\.$territory.$id == territoryID).all() { expected[e.rowKey] = e.expected }
            return Snapshot(territory: territory, organizations: organizations, networks: networks, links: links, expected: expected)
        }

        var coverage: Coverage {
            let engaged = Set(links.flatMap { [$0.a, $0.b] })
            let structures = organizations.compactMap { org -> Coverage.Structure? in
                guard let id = org.id, let category = org.categoryValue else { return nil }
                let member = Coverage.Member(id: id, name: org.name, commune: org.commune, inseeCode: org.inseeCode, point: org.point,
                                             engaged: engaged.contains(id))
                let kind = category == .institution ? InstitutionKind.classify(name: org.name, networks: networks[id] ?? []) : nil
                return Coverage.Structure(member: member, category: category, institution: kind)
            }
            return Coverage.compute(structures: structures, expected: expected)
        }
    }

    @Sendable static func territories(req: Request) async throws -> Response {
        let territories = try await Territory.query(on: req.db).sort(\.$code).all()
        var counts: [UUID: Int] = [:]
        if let sql = req.db as? any SQLDatabase {
            let rows = try await sql.raw("""
                SELECT ot.territory_id AS territory_id, COUNT(*) AS n FROM organization_territories ot
                JOIN organizations o ON o.id = ot.organization_id WHERE o.status = \(bind: OrganizationStatus.validated.rawValue)
                GROUP BY ot.territory_id
                """).all()
            for row in rows {
                if let id = try? row.decode(column: "territory_id", as: UUID.self), let n = try? row.decode(column: "n", as: Int.self) { counts[id] = n }
            }
        }
        let model = TerritoriesPage.Model(territories: territories.map { ($0, $0.id.flatMap { counts[$0] } ?? 0) })
        return TerritoriesPage.View(context: PageContext(req), model: model).response(on: req)
    }

    @Sendable static func coverage(req: Request) async throws -> Response {
        let snapshot = try await Snapshot.load(code: try Territory.code(of: req), on: req.db)
        let coverage = snapshot.coverage
        let selected = req.query[String.self, at: "ligne"].flatMap(PanelRow.row(key:))
        let members = selected.map { row in coverage.lines.first { $0.row.key == row.key }?.members ?? [] }
            ?? coverage.lines.flatMap(\.members) + coverage.otherInstitutions
        let categoryOf = Dictionary(snapshot.organizations.compactMap { o in o.id.map { ($0, o.categoryValue ?? .institution) } }, uniquingKeysWith: { a, _ in a })
        let markers = members.map { m in
            MapRenderer.Marker(point: m.point, color: (categoryOf[m.id] ?? .institution).color, title: "\(m.name) — \(m.commune)",
                               href: SiteURL.organization.path(m.id))
        }
        let departement = snapshot.territory.code
        let communes = CommuneTable.shared.communes(inDepartements: [departement])
        let labels = communes.sorted { $0.population > $1.population }.prefix(8).map { ($0.name, $0.point) }
        let config = req.application.maillageConfig
        let map = MapRenderer(markers: markers, background: communes.map(\.point), labels: labels, tileURL: config.tileURL,
                              tileAttribution: config.tileAttribution, maxWidth: 720).svg()
        let viewer = req.viewer
        let canEdit = viewer.map { v in v.isAdmin || (snapshot.territory.id.map(v.animatedTerritoryIDs.contains) ?? false) } ?? false
        let model = CoveragePage.Model(territory: snapshot.territory, coverage: coverage, selected: selected, map: map, canEdit: canEdit,
                                       structureCount: snapshot.organizations.count)
        return CoveragePage.View(context: PageContext(req), model: model).response(on: req)
    }

    static let csvHeader = ["ligne", "libelle", "attendus", "presents", "etat", "engages_dans_une_cooperation", "communes", "structures"]

    static func csv(_ coverage: Coverage) -> String {
        var lines = [csvHeader.joined(separator: ",")]
        for line in coverage.lines {
            let fields = [line.row.key, line.row.label, String(line.expected), String(line.members.count), line.presence.label,
                          String(line.engagedCount), line.communes.map { "\($0.name) (\($0.count))" }.joined(separator: "; "),
                          line.members.map(\.name).joined(separator: "; ")]
            lines.append(fields.map(DirectoryExport.quote).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    @Sendable static func coverageCSV(req: Request) async throws -> Response {
        let code = try Territory.code(of: req)
        let snapshot = try await Snapshot.load(code: code, on: req.db)
        let response = Response(status: .ok, body: .init(string: csv(snapshot.coverage)))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.contentDisposition = .init(.attachment, filename: "maillage-\(code)-couverture.csv")
        return response
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
                return Flash.redirect(req, to: SiteURL.coverage.path(code), notice: "« \(row.label) » : indiquez un nombre entier entre 0 et 999. Rien n'a été changé.")
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
            try await Audit.record(on: tx, viewer: viewer, action: "panel.attentes", entityType: "territoire", entityID: territoryID, territory: territoryID,
                                   summary: "Attentes du panel de \(territory.name) mises à jour")
        }
        return Flash.redirect(req, to: SiteURL.coverage.path(code), notice: "Les attentes du panel sont enregistrées.")
    }

    @Sendable static func cooperation(req: Request) async throws -> Response {
        let snapshot = try await Snapshot.load(code: try Territory.code(of: req), on: req.db)
        let nodes = snapshot.organizations.compactMap { o in o.id.map { CooperationGraph.Node(id: $0, name: o.name, category: o.categoryValue ?? .institution) } }
        let graph = CooperationGraph(nodes: nodes, links: snapshot.links)
        let connected = Set(snapshot.links.flatMap { [$0.a, $0.b] })
        let isolated = snapshot.organizations.filter { !connected.contains($0.id ?? UUID()) }
            .sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
        let names = Dictionary(snapshot.organizations.compactMap { o in o.id.map { ($0, o.name) } }, uniquingKeysWith: { a, _ in a })
        let model = CooperationPage.Model(territory: snapshot.territory, svg: graph.svg(), links: snapshot.links, names: names,
                                          isolated: isolated, total: snapshot.organizations.count)
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
        let snapshot = try await Snapshot.load(code: try Territory.code(of: req), on: req.db)
        let coverage = snapshot.coverage
        return CoverageDTO(territory: snapshot.territory.code, structures: snapshot.organizations.count, lines: coverage.lines.map { line in
            .init(key: line.row.key, label: line.row.label, category: line.row.category.rawValue, institution_kind: line.row.institution?.rawValue,
                  expected: line.expected, count: line.members.count, presence: line.presence.rawValue, engaged: line.engagedCount,
                  communes: line.communes.map { .init(commune: $0.name, count: $0.count) }, structures: line.members.map { $0.id.uuidString })
        })
    }
}
