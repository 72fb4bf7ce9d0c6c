import Foundation
import Vapor

/// What the interactive map (Leaflet, in `directory.js`) draws: the same structures as the page's server-drawn
/// map, as compact JSON read by the script with `textContent`, never as markup.
enum MapPoints {
    struct Point: Sendable {
        var id: UUID
        var name: String
        var category: Category
        var commune: String
        var point: GeoPoint
        /// "Ouvert maintenant · ferme à 17 h"…, when the structure gives its hours.
        var status: String?
        var distanceKm: Double?
    }

    /// `{"total": …, "points": [{"nom", "categorie", "libelle", "commune", "lat", "lon", "url", "etat"?, "distance_km"?}]}`.
    static func json(_ points: [Point], total: Int) -> Response {
        var json = JSONWriter(capacity: 256 + points.count * 200)
        json.beginObject()
        json.field("total", total)
        json.beginArray(key: "points")
        for p in points {
            json.beginObject()
            json.field("nom", p.name)
            json.field("categorie", p.category.rawValue)
            json.field("libelle", p.category.label)
            json.field("commune", p.commune)
            json.field("lat", (p.point.latitude * 100_000).rounded() / 100_000)
            json.field("lon", (p.point.longitude * 100_000).rounded() / 100_000)
            json.field("url", DirectoryURL.organization(p.id))
            if let status = p.status { json.field("etat", status) }
            if let d = p.distanceKm { json.field("distance_km", (d * 10).rounded() / 10) }
            json.endObject()
        }
        json.endArray()
        json.endObject()
        let response = Response(status: .ok, body: .init(string: json.text))
        response.headers.contentType = .json
        return response
    }

    /// The structures of a directory search, as many as the server's map draws.
    @Sendable static func search(req: Request) async throws -> Response {
        let params = try req.query.decode(DirectorySearchParams.self)
        let (query, _) = try DirectorySearch.parse(params, now: req.clock.now).get()
        let (hits, total, _) = try await req.directoryIndex.current(on: req.db).matches(query, limit: MapBuilder.maxMarkers)
        let now = req.clock.now
        return json(
            hits.map { h in
                let e = h.entry
                return Point(
                    id: e.id, name: e.name, category: e.category, commune: e.commune, point: e.point,
                    status: HoursSummary.badge(e.openingHours, departement: e.departement, now: now)?.text, distanceKm: h.distanceKm)
            }, total: total)
    }

    /// The structures the coverage map of a territory draws (all, or those of the chosen line).
    @Sendable static func coverage(req: Request) async throws -> Response {
        let snapshot = try await req.coverageCache.snapshot(code: try Territory.code(of: req), on: req.db)
        let members = TerritoryController.members(snapshot, selected: req.query[String.self, at: "ligne"].flatMap(PanelRow.row(key:)))
        let categoryOf = Dictionary(snapshot.structures.map { ($0.id, $0.category) }, uniquingKeysWith: { a, _ in a })
        return json(
            members.prefix(MapBuilder.maxMarkers).map { m in
                Point(id: m.id, name: m.name, category: categoryOf[m.id] ?? .institution, commune: m.commune, point: m.point)
            }, total: members.count)
    }

    /// At most this many départements behind a map: a search across France draws no background.
    static let maxBackgroundDepartements = 6

    /// The communes of some départements, `{"communes": [lat, lon, lat, lon…]}`: the territory's shape when there are no tiles.
    @Sendable static func background(req: Request) async throws -> Response {
        let codes = (req.query[String.self, at: "departements"] ?? "").split(separator: ",").map { String($0.trimmingCharacters(in: .whitespaces)) }
        let table = CommuneTable.shared
        guard codes.count <= maxBackgroundDepartements, codes.allSatisfy({ table.departement(code: $0) != nil }) else {
            throw Abort(
                .unprocessableEntity, reason: "Départements inconnus ou trop nombreux (\(maxBackgroundDepartements) au plus, séparés par des virgules).")
        }
        var json = JSONWriter()
        json.beginObject()
        json.beginArray(key: "communes")
        for c in table.communes(inDepartements: Set(codes)) {
            json.element((c.point.latitude * 10_000).rounded() / 10_000)
            json.element((c.point.longitude * 10_000).rounded() / 10_000)
        }
        json.endArray()
        json.endObject()
        let response = Response(status: .ok, body: .init(string: json.text))
        response.headers.contentType = .json
        // The communes change once a year: a day in the browser's cache is safe.
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=86400")
        return response
    }
}
