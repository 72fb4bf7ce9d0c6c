import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// Issue 13, item 3: the map on a phone. Without JavaScript the server's drawing groups close markers into links to
/// a closer view, has zoom and pan links, and targets of at least 24 px; with it, the points' JSON feeds Leaflet.
@Suite struct MapTests {
    static let narbonne = GeoPoint(latitude: 43.1839, longitude: 3.0042)

    static func marker(_ n: Int, _ p: GeoPoint) -> MapRenderer.Marker {
        MapRenderer.Marker(point: p, color: "#d62728", title: "Structure \(n)", href: "/structures/\(n)")
    }

    /// The `r` of every circle of the drawing, and the viewBox width.
    static func circles(_ svg: String) -> (radii: [Double], width: Double) {
        let radii = svg.components(separatedBy: " r=\"").dropFirst().compactMap { Double($0.prefix { $0 != "\"" }) }
        let box = svg.components(separatedBy: "viewBox=\"0 0 ").dropFirst().first.map { String($0.prefix { $0 != " " }) }
        return (radii, box.flatMap(Double.init) ?? 0)
    }

    @Test func closeMarkersBecomeAGroupLeadingToACloserViewAndTargetsAreWideEnoughForAFinger() throws {
        // Five structures within 300 m in Narbonne, one in Carcassonne.
        var markers = (0..<5).map { Self.marker($0, GeoPoint(latitude: 43.1839 + Double($0) * 0.0005, longitude: 3.0042)) }
        markers.append(Self.marker(9, GeoPoint(latitude: 43.2130, longitude: 2.3491)))
        var renderer = MapRenderer(markers: markers, maxWidth: 960)
        renderer.clusterLink = { "/carte?vue=" + $0.query }
        let svg = renderer.svg().html
        #expect(svg.contains(">5</text>"), "the five are one group that says how many")
        #expect(svg.contains("5 structures ici : zoomer"))
        #expect(svg.contains("href=\"/structures/9\""), "the lone one stays a link to its fiche")
        #expect(!svg.contains("href=\"/structures/0\""))
        // The group leads to a closer view of itself.
        let layout = try #require(renderer.layout)
        let beforeCluster = try #require(svg.components(separatedBy: "\" class=\"cluster\"").first)
        let query = try #require(beforeCluster.components(separatedBy: "vue=").last)
        let vue = try #require(MapRenderer.Viewpoint(query: query))
        #expect(vue.zoom == layout.viewpoint.zoom + 2)
        #expect(vue.center.distanceKm(to: Self.narbonne) < 2)
        // Shown 350 px wide (a phone), every target is at least 24 px across.
        let (radii, width) = Self.circles(svg)
        let hit = radii.max() ?? 0
        #expect(hit * 2 * 350 / width >= 24, "\(hit) in \(width)")
        // Without a cluster link, markers are drawn one by one (the fiche's map).
        renderer.clusterLink = nil
        #expect(renderer.svg().html.contains("href=\"/structures/0\""))
    }

    @Test func aViewIsThreeNumbersInRangeAndPanningMovesTheCentre() {
        let v = MapRenderer.Viewpoint(query: "43.1839,3.0042,11")
        #expect(v == MapRenderer.Viewpoint(center: Self.narbonne, zoom: 11))
        for bad in ["", "43,3", "43,3,11,2", "91,3,11", "43,200,11", "43,3,2", "43,3,18", "43,3,11.5", "nan,3,11", "43,3,1e300", "a,b,c"] {
            #expect(MapRenderer.Viewpoint(query: bad) == nil, "\(bad)")
        }
        let v11 = MapRenderer.Viewpoint(center: Self.narbonne, zoom: 11)
        let east = MapRenderer.shifted(v11, dx: 480, dy: 0)
        #expect(east.center.longitude > Self.narbonne.longitude && abs(east.center.latitude - Self.narbonne.latitude) < 1e-6)
        let north = MapRenderer.shifted(v11, dx: 0, dy: -384)
        #expect(north.center.latitude > Self.narbonne.latitude)
        // A chosen view draws only what is in it.
        var renderer = MapRenderer(
            markers: [Self.marker(1, Self.narbonne), Self.marker(2, GeoPoint(latitude: 43.2130, longitude: 2.3491))], maxWidth: 960)
        renderer.focus = MapRenderer.Viewpoint(center: Self.narbonne, zoom: 13)
        let svg = renderer.svg().html
        #expect(svg.contains("/structures/1") && !svg.contains("/structures/2"))
    }

    @Test func theMapPageHasZoomAndPanLinksAndThePointsFeedTheInteractiveMap() async throws {
        try await withMaillage { app in
            let referent = try await Fixtures.user(app, "ref@test.example.org")
            let org = try await Fixtures.organization(app, referent: referent, input: Fixtures.input(name: "Banque Alimentaire de l'Aude"))
            _ = try await Fixtures.organization(
                app, referent: referent, input: Fixtures.input(name: "Jardin de Cocagne", category: .mondeAgricole, postalCode: "11000", commune: "Carcassonne")
            )
            let browser = Browser(app)
            let page = try await browser.get(DirectoryURL.map.path + "?q=banques+alimentaires").body.string
            #expect(page.contains("data-points=\"/carte/points.json?q=banques%20alimentaires\"") || page.contains("data-points=\"/carte/points.json?q=banques"))
            #expect(page.contains("+ Zoomer") && page.contains("→ Est") && page.contains("data-autour=\"/carte?q=banques"))
            // A zoom link is a view of the same search; following it draws the view, with a way back to everything.
            let zoom = try #require(page.components(separatedBy: "\">+ Zoomer").first?.components(separatedBy: "href=\"").last)
            #expect(zoom.contains("q=banques") && zoom.contains("vue="))
            let zoomed = try await browser.get(zoom.replacingOccurrences(of: "&amp;", with: "&")).body.string
            #expect(zoomed.contains(">Tout voir</a>") && zoomed.contains("data-vue="))
            // The points: what the search found, with their status, written as JSON data.
            let json = try await browser.get(DirectoryURL.mapPoints.path + "?q=banques+alimentaires")
            #expect(json.headers.contentType == .json)
            let body = json.body.string
            #expect(body.contains("\"nom\":\"Banque Alimentaire de l'Aude\"") && !body.contains("Cocagne"))
            #expect(body.contains("\"url\":\"\(DirectoryURL.organization(try org.requireID()))\"") && body.contains("\"etat\":"))
            // A bad search is a French error, not an empty map.
            #expect(try await browser.get(DirectoryURL.mapPoints.path + "?radius_km=abc&near=Narbonne").status == .unprocessableEntity)
            // The communes behind the map, and a refusal of unknown or too many départements.
            let background = try await browser.get(DirectoryURL.mapBackground.path + "?departements=11").body.string
            #expect(background.hasPrefix("{\"communes\":[") && background.split(separator: ",").count > 600)
            #expect(try await browser.get(DirectoryURL.mapBackground.path + "?departements=99").status == .unprocessableEntity)
            #expect(try await browser.get(DirectoryURL.mapBackground.path + "?departements=11,34,30,66,81,31,09").status == .unprocessableEntity)
            // The coverage map's points: the territory's structures, or one family of them.
            let coverage = try await browser.get(DirectoryURL.coveragePoints("11")).body.string
            #expect(coverage.contains("Banque Alimentaire de l'Aude") && coverage.contains("Jardin de Cocagne"))
            let farmers = try await browser.get(DirectoryURL.coveragePoints("11") + "?ligne=monde-agricole").body.string
            #expect(farmers.contains("Jardin de Cocagne") && !farmers.contains("Banque Alimentaire"))
            let coveragePage = try await browser.get(DirectoryURL.coverage("11") + "?vue=43.2,2.8,10").body.string
            #expect(coveragePage.contains("data-vue=\"43.2000,2.8000,10\"") && coveragePage.contains(">Tout voir</a>"))
            // Leaflet is served from where Debian installs it, or the pages say nothing of it.
            let fiche = try await browser.get(DirectoryURL.organization(try org.requireID())).body.string
            #expect(fiche.contains("data-lieu=\"43.") && fiche.contains("data-nom=\"Banque Alimentaire de l"))
            if MapLibrary.shared.isAvailable {
                #expect(fiche.contains(MapLibrary.shared.path("leaflet.js")))
                let script = try await browser.get(MapLibrary.shared.path("leaflet.markercluster.js"))
                #expect(script.status == .ok && script.body.readableBytes > 10_000)
                #expect(try await browser.get(PlatformURL.mapLibraryImage("layers.png")).status == .ok)
            } else {
                #expect(!fiche.contains("/static/leaflet/"))
            }
            #expect(try await browser.get(PlatformURL.mapLibrary("../../etc/passwd")).status == .notFound)
        }
    }
}
