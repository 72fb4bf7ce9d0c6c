import Foundation
import Plot

/// A map as every page shows it. The server draws it (SVG, targets of at least 24 px, groups that lead to a
/// closer view, zoom and pan links); when the server has Leaflet (`MapLibrary`) the site script replaces the
/// drawing with an interactive map fed by `points` (clusters, zoom, a popup per structure, "Autour de moi",
/// the list of what is in view). Without JavaScript, or without the package, the drawing and its links stay.
struct MapPanel: Component {
    var renderer: MapRenderer
    /// The drawing, when the caller keeps it in a cache; drawn from `renderer` otherwise.
    var svg: TrustedMarkup?
    /// The page at another view, or fitted to everything for nil; nil: no zoom and pan links.
    var link: (@Sendable (MapRenderer.Viewpoint?) -> String)?
    /// The address of the structures as JSON (`MapPoints`).
    var points: String?
    /// Départements whose communes draw the territory when there are no tiles.
    var departements: [String] = []
    var tiles: String?
    var attribution = ""
    /// The page's address to which "Autour de moi" adds `lat`, `lon` and `radius_km`; nil: no such button.
    var aroundMe: String?
    /// A list of what is in view, beside the map (with JavaScript).
    var listBeside = false
    var small = false
    /// One structure, without a points address (its fiche).
    var place: (point: GeoPoint, name: String, category: Category?)?

    init(
        renderer: MapRenderer, svg: TrustedMarkup? = nil, link: (@Sendable (MapRenderer.Viewpoint?) -> String)? = nil, points: String? = nil,
        departements: [String] = [], config: AppConfig, aroundMe: String? = nil, listBeside: Bool = false, small: Bool = false
    ) {
        self.renderer = renderer
        self.svg = svg
        self.link = link
        self.points = points
        self.departements = departements
        self.tiles = config.tileURL
        self.attribution = config.tileAttribution
        self.aroundMe = aroundMe
        self.listBeside = listBeside
        self.small = small
    }

    var body: Component {
        let layout = renderer.layout
        return Div {
            Div { self.svg ?? self.renderer.svg() }.class("map-canvas")
            if let link, let layout { self.navigation(layout, link) }
            if self.listBeside {
                Div {}.class("map-list").attribute(named: "aria-live", value: "polite").attribute(named: "hidden", value: "hidden")
            }
        }
        .class(small ? "map-panel small" : "map-panel")
        .attribute(named: "data-points", value: points)
        .attribute(
            named: "data-fond", value: departements.isEmpty ? nil : DirectoryURL.mapBackground.path + "?departements=" + departements.joined(separator: ",")
        )
        .attribute(named: "data-tuiles", value: tiles)
        .attribute(named: "data-attribution", value: tiles == nil ? nil : attribution)
        .attribute(named: "data-autour", value: aroundMe)
        .attribute(named: "data-vue", value: renderer.focus?.query)
        .attribute(named: "data-lieu", value: place.map { String(format: "%.5f,%.5f", $0.point.latitude, $0.point.longitude) })
        .attribute(named: "data-nom", value: place?.name)
        .attribute(named: "data-categorie", value: place?.category?.rawValue)
    }

    /// Zoom and pan as links: each is a new address, so the back button undoes it.
    private func navigation(
        _ layout: (viewpoint: MapRenderer.Viewpoint, width: Double, height: Double), _ link: @escaping @Sendable (MapRenderer.Viewpoint?) -> String
    )
        -> Component
    {
        let v = layout.viewpoint
        let zooms = MapRenderer.Viewpoint.zooms
        func moved(_ dx: Double, _ dy: Double) -> String { link(MapRenderer.shifted(v, dx: dx * layout.width / 2, dy: dy * layout.height / 2)) }
        return Navigation {
            if v.zoom < zooms.upperBound { Link("+ Zoomer", url: link(MapRenderer.Viewpoint(center: v.center, zoom: v.zoom + 1))) }
            if v.zoom > zooms.lowerBound { Link("− Dézoomer", url: link(MapRenderer.Viewpoint(center: v.center, zoom: v.zoom - 1))) }
            Link("↑ Nord", url: moved(0, -1))
            Link("↓ Sud", url: moved(0, 1))
            Link("← Ouest", url: moved(-1, 0))
            Link("→ Est", url: moved(1, 0))
            if renderer.focus != nil { Link("Tout voir", url: link(nil)) }
        }.class("map-nav").attribute(named: "aria-label", value: "Déplacer la carte")
    }
}
