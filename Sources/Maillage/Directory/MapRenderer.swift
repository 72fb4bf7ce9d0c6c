import Foundation

/// Draws a territory map as SVG on the server: no JavaScript, no network. Web Mercator pixel coordinates at an
/// integer zoom, so that raster tiles (when `TILE_URL` is set) line up exactly under the markers.
struct MapRenderer {
    struct Marker {
        var point: GeoPoint
        var color: String
        var title: String
        var href: String
    }

    var markers: [Marker]
    /// Faint dots (commune centroids) that draw the territory's shape.
    var background: [GeoPoint] = []
    var labels: [(name: String, point: GeoPoint)] = []
    var tileURL: String?
    var tileAttribution = ""
    var maxWidth = 960.0
    /// A chosen view instead of fitting everything: the zoom and pan links of the map without JavaScript.
    /// Markers outside it are left out.
    var focus: Viewpoint?
    /// Where a group of markers too close to tell apart leads (a closer view); nil draws them one by one.
    var clusterLink: (@Sendable (Viewpoint) -> String)?

    /// Half the width of what a finger can hit, in drawing units, for a drawing `width` units wide: a phone shows
    /// it about 350 px wide, where this is at least 24 px across.
    static func targetRadius(width: Double) -> Double { max(6, width / 29) }

    /// A centre and a zoom, written `vue=43.1840,3.0040,11` in the address of a page with a map.
    struct Viewpoint: Sendable, Equatable {
        static let zooms = 3...17
        var center: GeoPoint
        var zoom: Int

        init(center: GeoPoint, zoom: Int) {
            self.center = center
            self.zoom = min(max(zoom, Self.zooms.lowerBound), Self.zooms.upperBound)
        }

        /// nil for anything but three numbers in range: a view is only ever written by the map's own links.
        init?(query: String?) {
            let parts = (query ?? "").split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 3, let lat = parts[0], let lon = parts[1], let zoom = parts[2],
                (-85...85).contains(lat), (-180...180).contains(lon), (3.0...17.0).contains(zoom), zoom == zoom.rounded()
            else { return nil }
            self.init(center: GeoPoint(latitude: lat, longitude: lon), zoom: Int(zoom))
        }

        var query: String { String(format: "%.4f,%.4f,%d", center.latitude, center.longitude, zoom) }
    }

    static func mercator(_ p: GeoPoint, zoom: Int) -> (x: Double, y: Double) {
        let scale = 256 * pow(2, Double(zoom))
        let lat = min(max(p.latitude, -85), 85) * .pi / 180
        let x = (p.longitude + 180) / 360 * scale
        let y = (1 - log(tan(lat) + 1 / cos(lat)) / .pi) / 2 * scale
        return (x, y)
    }

    /// The largest zoom at which everything fits in maxWidth × 0.8·maxWidth, or the chosen view.
    private func frame(_ points: [GeoPoint]) -> (zoom: Int, minX: Double, minY: Double, width: Double, height: Double) {
        if let focus {
            let c = Self.mercator(focus.center, zoom: focus.zoom)
            let width = maxWidth, height = maxWidth * 0.8
            return (focus.zoom, c.x - width / 2, c.y - height / 2, width, height)
        }
        var zoom = 14
        while zoom > 3 {
            let xs = points.map { Self.mercator($0, zoom: zoom) }
            let width = (xs.map(\.x).max() ?? 0) - (xs.map(\.x).min() ?? 0)
            let height = (xs.map(\.y).max() ?? 0) - (xs.map(\.y).min() ?? 0)
            if width <= maxWidth - 60 && height <= maxWidth * 0.8 - 60 { break }
            zoom -= 1
        }
        let projected = points.map { Self.mercator($0, zoom: zoom) }
        let pad = 30.0
        let minX = (projected.map(\.x).min() ?? 0) - pad, maxX = (projected.map(\.x).max() ?? 0) + pad
        let minY = (projected.map(\.y).min() ?? 0) - pad, maxY = (projected.map(\.y).max() ?? 0) + pad
        return (zoom, minX, minY, max(maxX - minX, 200), max(maxY - minY, 150))
    }

    /// The view `svg()` draws, and its size in pixels.
    var layout: (viewpoint: Viewpoint, width: Double, height: Double)? {
        let points = markers.map(\.point) + background
        guard !points.isEmpty else { return nil }
        let (zoom, minX, minY, width, height) = frame(points)
        return (Viewpoint(center: Self.point(x: minX + width / 2, y: minY + height / 2, zoom: zoom), zoom: zoom), width, height)
    }

    /// The view moved by a fraction of its size (east and south positive).
    static func shifted(_ v: Viewpoint, dx: Double, dy: Double) -> Viewpoint {
        let c = mercator(v.center, zoom: v.zoom)
        let p = point(x: c.x + dx, y: c.y + dy, zoom: v.zoom)
        return Viewpoint(center: GeoPoint(latitude: min(max(p.latitude, -85), 85), longitude: min(max(p.longitude, -180), 180)), zoom: v.zoom)
    }

    /// The inverse of `mercator`.
    static func point(x: Double, y: Double, zoom: Int) -> GeoPoint {
        let scale = 256 * pow(2, Double(zoom))
        let lon = x / scale * 360 - 180
        let n = Double.pi - 2 * Double.pi * y / scale
        return GeoPoint(latitude: 180 / .pi * atan(0.5 * (exp(n) - exp(-n))), longitude: lon)
    }

    func svg() -> TrustedMarkup {
        var w = SVGWriter()
        let points = markers.map(\.point) + background
        guard !points.isEmpty else {
            w.open("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 400 120"), ("role", "img"), ("aria-label", "Carte vide")])
            w.element(
                "text", [("x", "200"), ("y", "60"), ("text-anchor", "middle"), ("font-size", "14"), ("fill", "rgb(85,85,85)")],
                text: "Aucune structure à afficher : élargissez la recherche.")
            w.close("svg")
            return w.markup
        }
        let (zoom, minX, minY, width, height) = frame(points)
        func fmt(_ v: Double) -> String { String(format: "%.1f", v) }
        func at(_ p: GeoPoint) -> (String, String) {
            let m = Self.mercator(p, zoom: zoom)
            return (fmt(m.x - minX), fmt(m.y - minY))
        }

        w.open(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("class", "map"), ("viewBox", "0 0 \(fmt(width)) \(fmt(height))"),
                ("role", "group"), ("aria-label", "Carte des structures : chaque point mène à sa fiche"),
            ])
        w.element("rect", [("width", "100%"), ("height", "100%"), ("fill", "rgb(238,243,247)")])
        if let tileURL {
            let first = (x: Int(floor(minX / 256)), y: Int(floor(minY / 256)))
            let last = (x: Int(floor((minX + width) / 256)), y: Int(floor((minY + height) / 256)))
            for tx in first.x...last.x {
                for ty in first.y...last.y {
                    let href = tileURL.replacingOccurrences(of: "{z}", with: "\(zoom)")
                        .replacingOccurrences(of: "{x}", with: "\(tx)").replacingOccurrences(of: "{y}", with: "\(ty)")
                    w.element(
                        "image",
                        [
                            ("href", href), ("x", fmt(Double(tx * 256) - minX)), ("y", fmt(Double(ty * 256) - minY)),
                            ("width", "256"), ("height", "256"),
                        ])
                }
            }
        }
        w.open("g", [("fill", "rgb(185,198,210)")])
        for p in background {
            let (x, y) = at(p)
            w.element("circle", [("cx", x), ("cy", y), ("r", "1.6")])
        }
        w.close("g")
        w.open("g", [("font-size", "12"), ("fill", "rgb(51,51,51)"), ("font-family", "sans-serif")])
        // Labels come most important first; one too close to a placed one would be unreadable.
        var placed: [(x: Double, y: Double)] = []
        for label in labels {
            let m = Self.mercator(label.point, zoom: zoom)
            if placed.contains(where: { abs($0.x - m.x) < 70 && abs($0.y - m.y) < 16 }) { continue }
            placed.append((m.x, m.y))
            let (x, y) = at(label.point)
            w.element(
                "text",
                [
                    ("x", x), ("y", y), ("dy", "-7"), ("text-anchor", "middle"), ("paint-order", "stroke"), ("stroke", "white"),
                    ("stroke-width", "3"),
                ], text: label.name)
        }
        w.close("g")
        // Markers too close to tell apart become one group with its count, leading to a closer view; each target
        // is at least `targetRadius` wide, drawn or not (the dot itself stays small on a desktop).
        var groups: [(x: Double, y: Double, members: [Marker])] = []
        let r = Self.targetRadius(width: width)
        for m in markers {
            let p = Self.mercator(m.point, zoom: zoom)
            let (x, y) = (p.x - minX, p.y - minY)
            guard x >= -r, y >= -r, x <= width + r, y <= height + r else { continue }
            if clusterLink != nil, let k = groups.firstIndex(where: { hypot($0.x - x, $0.y - y) < r * 1.6 }) {
                groups[k].members.append(m)
            } else {
                groups.append((x, y, [m]))
            }
        }
        w.open("g", [("stroke", "#fff"), ("stroke-width", "1.2")])
        for group in groups {
            let (x, y) = (fmt(group.x), fmt(group.y))
            if group.members.count > 1, let clusterLink {
                let center = Self.point(x: group.x + minX, y: group.y + minY, zoom: zoom)
                w.open("a", [("href", clusterLink(Viewpoint(center: center, zoom: zoom + 2))), ("class", "cluster")])
                w.open("circle", [("cx", x), ("cy", y), ("r", fmt(r)), ("fill", "#1f6f5c"), ("fill-opacity", "0.85"), ("stroke", "#fff")])
                w.element("title", [], text: "\(group.members.count) structures ici : zoomer")
                w.close("circle")
                w.element(
                    "text",
                    [("x", x), ("y", y), ("dy", "0.35em"), ("text-anchor", "middle"), ("font-size", fmt(r * 0.9)), ("fill", "#fff"), ("stroke", "none")],
                    text: "\(group.members.count)")
                w.close("a")
            } else {
                for m in group.members {
                    w.open("a", [("href", m.href)])
                    w.element("circle", [("cx", x), ("cy", y), ("r", fmt(r)), ("fill", "transparent"), ("stroke", "none")])
                    w.open("circle", [("cx", x), ("cy", y), ("r", fmt(min(r, max(6, r * 0.4)))), ("fill", m.color)])
                    w.element("title", [], text: m.title)
                    w.close("circle")
                    w.close("a")
                }
            }
        }
        w.close("g")
        if tileURL != nil, !tileAttribution.isEmpty {
            w.element(
                "text", [("x", fmt(width - 4)), ("y", fmt(height - 4)), ("font-size", "10"), ("text-anchor", "end"), ("fill", "rgb(51,51,51)")],
                text: tileAttribution)
        }
        w.close("svg")
        return w.markup
    }
}
