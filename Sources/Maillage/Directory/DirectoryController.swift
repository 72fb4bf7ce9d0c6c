import Fluent
import Foundation
import Vapor

enum DirectoryController {
    @Sendable static func home(req: Request) async throws -> Response {
        let index = try await req.directoryIndex.current(on: req.db)
        let drawn = index.matches(DirectoryQuery(), limit: MapBuilder.maxMarkers).hits
        let config = req.application.maillageConfig
        var renderer = MapBuilder.renderer(for: drawn, config: config, maxWidth: 640)
        renderer.clusterLink = { DirectoryURL.map.path + "?vue=" + $0.query }
        let map = MapPanel(
            renderer: renderer, points: DirectoryURL.mapPoints.path, departements: MapBuilder.departements(of: drawn), config: config,
            aroundMe: DirectoryURL.map.path)
        let model = HomePage.Model(total: index.entries.count, counts: index.countsByCategory(), map: map)
        return HomePage.View(context: PageContext(req), model: model).response(on: req)
    }

    @Sendable static func directory(req: Request) async throws -> Response {
        let params = try req.query.decode(DirectorySearchParams.self)
        switch DirectorySearch.parse(params, now: req.clock.now) {
        case .failure(let failure):
            let model = DirectoryPage.Model(
                params: params, errors: failure.fields, result: nil, near: nil, places: PlaceChoices.of(params, errors: failure.fields))
            return DirectoryPage.View(context: PageContext(req), model: model).response(status: .unprocessableEntity, on: req)
        case .success(let (query, near)):
            let result = try await req.directoryIndex.current(on: req.db).search(query)
            let now = req.clock.now
            var badges: [UUID: HoursSummary.Badge] = [:]
            for hit in result.hits {
                badges[hit.entry.id] = HoursSummary.badge(hit.entry.openingHours, departement: hit.entry.departement, now: now)
            }
            let stale = Set(result.hits.filter { Freshness.isStale($0.entry.updatedAt, now: now) }.map(\.entry.id))
            let model = DirectoryPage.Model(params: params, errors: [:], result: result, near: near, badges: badges, stale: stale)
            return DirectoryPage.View(context: PageContext(req), model: model).response(on: req)
        }
    }

    @Sendable static func map(req: Request) async throws -> Response {
        let params = try req.query.decode(DirectorySearchParams.self)
        var errors: [String: String] = [:]
        var drawn: [DirectoryHit] = []
        var total = 0
        switch DirectorySearch.parse(params, now: req.clock.now) {
        case .failure(let failure): errors = failure.fields
        case .success(let (query, _)):
            (drawn, total, _) = try await req.directoryIndex.current(on: req.db).matches(query, limit: MapBuilder.maxMarkers)
        }
        let config = req.application.maillageConfig
        let qs = params.queryString()
        let here = DirectoryURL.map.path + qs
        let link: @Sendable (MapRenderer.Viewpoint?) -> String = { v in v.map { here + (qs.isEmpty ? "?" : "&") + "vue=" + $0.query } ?? here }
        var renderer = MapBuilder.renderer(for: drawn, config: config, maxWidth: 960)
        renderer.focus = MapRenderer.Viewpoint(query: params.vue)
        renderer.clusterLink = { link($0) }
        // "Autour de moi" keeps the filters and replaces the place.
        var elsewhere = params
        (elsewhere.near, elsewhere.lat, elsewhere.lon, elsewhere.radius_km, elsewhere.sort, elsewhere.page) = (nil, nil, nil, nil, nil, nil)
        let map = MapPanel(
            renderer: renderer, link: link, points: errors.isEmpty ? DirectoryURL.mapPoints.path + qs : nil,
            departements: MapBuilder.departements(of: drawn), config: config, aroundMe: DirectoryURL.map.path + elsewhere.queryString(),
            listBeside: true)
        let model = MapPage.Model(
            params: params, errors: errors, places: PlaceChoices.of(params, errors: errors),
            shown: drawn.reduce(into: [:]) { $0[$1.entry.category, default: 0] += 1 },
            total: total, truncated: total > drawn.count, map: map)
        return MapPage.View(context: PageContext(req), model: model).response(status: errors.isEmpty ? .ok : .unprocessableEntity, on: req)
    }

    @Sendable static func exportCSV(req: Request) async throws -> Response {
        let hits = try await exportHits(req)
        let reach = try await DirectoryExport.reach(of: hits.map(\.entry.id), on: req.db)
        let file = DirectoryExport.csv(
            hits, reach: reach, showContactDetails: Permissions.canSeeContactDetails(req.viewer), dialect: CSVFile.dialect(of: req),
            baseURL: req.publicBaseURL)
        return file.response(filename: "maillage-annuaire.csv")
    }

    @Sendable static func exportGeoJSON(req: Request) async throws -> Response {
        let hits = try await exportHits(req)
        let response = Response(status: .ok, body: .init(data: try DirectoryExport.geoJSON(hits, baseURL: req.application.maillageConfig.baseURL)))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "geo+json")
        response.headers.contentDisposition = .init(.attachment, filename: "maillage-annuaire.geojson")
        return response
    }

    private static func exportHits(_ req: Request) async throws -> [DirectoryHit] {
        let params = try req.query.decode(DirectorySearchParams.self)
        let (query, _) = try DirectorySearch.parse(params, now: req.clock.now).get()
        return try await req.directoryIndex.current(on: req.db).matches(query).hits
    }
}

/// The map of a set of search results, with the communes of their départements as background.
enum MapBuilder {
    /// More markers than this make an unreadable map and a heavy page: the rest is left to the list.
    static let maxMarkers = 2000

    /// The départements most of the hits are in, drawn behind them.
    static func departements(of hits: [DirectoryHit]) -> [String] {
        let counts = hits.reduce(into: [String: Int]()) { $0[$1.entry.departement, default: 0] += 1 }
        return counts.sorted { $0.value == $1.value ? $0.key < $1.key : $0.value > $1.value }.prefix(MapPoints.maxBackgroundDepartements).map(\.key)
    }

    static func renderer(for hits: [DirectoryHit], config: AppConfig, maxWidth: Double) -> MapRenderer {
        let communes = CommuneTable.shared.communes(inDepartements: Set(departements(of: hits)))
        let labels = communes.sorted { $0.population > $1.population }.prefix(10).map { ($0.name, $0.point) }
        let markers = hits.map { hit in
            MapRenderer.Marker(
                point: hit.entry.point, color: hit.entry.category.color,
                title: "\(hit.entry.name) — \(hit.entry.category.label), \(hit.entry.commune)",
                href: DirectoryURL.organization(hit.entry.id))
        }
        return MapRenderer(
            markers: markers, background: communes.map(\.point), labels: labels,
            tileURL: config.tileURL, tileAttribution: config.tileAttribution, maxWidth: maxWidth)
    }
}

/// Directory results as CSV (for a spreadsheet or a program) and GeoJSON (for a GIS).
enum DirectoryExport {
    static let csvHeader = [
        "id", "nom", "categorie", "categorie_libelle", "adresse", "code_postal", "commune", "departement",
        "latitude", "longitude", "horaires", "services", "distance_km", "horaires_en_clair", "email", "telephone", "site_web",
        "interlocuteurs", "fiche",
    ]

    /// How to reach a structure: its public address and phone, and its interlocutors.
    struct Reach: Sendable {
        var email: String?
        var phone: String?
        var website: String?
        var contacts: [(name: String, role: String, email: String?, phone: String?)]
    }

    /// Read by chunks, so that an export of the whole directory stays a few hundred small queries.
    static func reach(of ids: [UUID], on db: any Database) async throws -> [UUID: Reach] {
        var out: [UUID: Reach] = [:]
        var start = 0
        while start < ids.count {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            start += 500
            for org in try await Organization.query(on: db).filter(\.$id ~~ chunk).all() {
                guard let id = org.id else { continue }
                out[id] = Reach(email: org.email, phone: org.phone, website: org.website, contacts: [])
            }
            for c in try await Contact.query(on: db).filter(\.$organization.$id ~~ chunk).sort(\.$name).all() {
                out[c.$organization.id]?.contacts.append((c.name, c.role, c.email, c.phone))
            }
        }
        return out
    }

    /// Interlocutors are named for everyone; their addresses and phones only for those allowed to see them.
    static func csv(
        _ hits: [DirectoryHit], reach: [UUID: Reach], showContactDetails: Bool, dialect: CSVFile.Dialect, baseURL: String
    ) -> CSVFile {
        var file = CSVFile(dialect, header: csvHeader)
        for h in hits {
            let e = h.entry
            let r = reach[e.id]
            let people = (r?.contacts ?? []).map { c in
                ([c.name, c.role] + (showContactDetails ? [c.email, c.phone].compactMap { $0 } : [])).filter { !$0.isEmpty }.joined(separator: " — ")
            }
            file.add([
                .text(e.id.uuidString), .text(e.name), .text(e.category.rawValue), .text(e.category.label), .text(e.address), .text(e.postalCode),
                .text(e.commune), .text(e.departement), .decimal(e.point.latitude, digits: 5), .decimal(e.point.longitude, digits: 5),
                .text(e.openingHours), .text(e.services), h.distanceKm.map { .decimal($0, digits: 1) } ?? .text(""),
                .text(HoursText.sentence(e.openingHours)), .text(r?.email ?? ""), .text(r?.phone ?? ""), .text(r?.website ?? ""),
                .text(people.joined(separator: " | ")), .text(baseURL + DirectoryURL.organization(e.id)),
            ])
        }
        return file
    }

    static func geoJSON(_ hits: [DirectoryHit], baseURL: String?) throws -> Data {
        let features: [[String: Any]] = hits.map { h in
            let e = h.entry
            var properties: [String: Any] = [
                "id": e.id.uuidString, "nom": e.name, "categorie": e.category.rawValue, "categorie_libelle": e.category.label,
                "adresse": e.address, "code_postal": e.postalCode, "commune": e.commune, "departement": e.departement,
                "horaires": e.openingHours, "url": (baseURL ?? "") + DirectoryURL.organization(e.id), "couleur": e.category.color,
            ]
            if let d = h.distanceKm { properties["distance_km"] = (d * 10).rounded() / 10 }
            return ["type": "Feature", "geometry": ["type": "Point", "coordinates": [e.point.longitude, e.point.latitude]], "properties": properties]
        }
        return try JSONSerialization.data(withJSONObject: ["type": "FeatureCollection", "features": features], options: [.sortedKeys])
    }
}
