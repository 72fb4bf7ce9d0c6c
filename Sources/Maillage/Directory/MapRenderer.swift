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

    static func mercator(_ p: GeoPoint, zoom: Int) -> (x: Double, y: Double) {
        let scale = 256 * pow(2, Double(zoom))
        let lat = min(max(p.latitude, -85), 85) * .pi / 180
        let x = (p.longitude + 180) / 360 * scale
        let y = (1 - log(tan(lat) + 1 / cos(lat)) / .pi) / 2 * scale
        return (x, y)
    }

    func svg() -> TrustedMarkup {
        var w = SVGWriter()
        let points = markers.map(\.point) + background
        guard !points.isEmpty else {
            w.open("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 400 120"), ("role", "img"), ("aria-label", "Carte vide")])
            w.element(
                "text", [("x", "200"), ("y", "60"), ("text-anchor", "middle"), ("font-size", "14"), ("fill", "rgb(85,85,85)")],
                text: "Aucune structure à afficher.")
            w.close("svg")
            return w.markup
        }
        // The largest zoom at which everything fits in maxWidth × 0.8·maxWidth.
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
        let width = max(maxX - minX, 200), height = max(maxY - minY, 150)
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
        w.open("g", [("stroke", "#fff"), ("stroke-width", "1.2")])
        for m in markers {
            let (x, y) = at(m.point)
            w.open("a", [("href", m.href)])
            w.open("circle", [("cx", x), ("cy", y), ("r", "6"), ("fill", m.color)])
            w.element("title", [], text: m.title)
            w.close("circle")
            w.close("a")
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
