import Foundation

/// The day's tours drawn on the server as an SVG map: one colour per tour, a dot per place, the depot ringed. It needs
/// no script nor tile server, prints, and reads with a screen reader through its titles and the list beside it.
struct TourMap {
    struct Place {
        var latitude: Double
        var longitude: Double
        var name: String
    }

    /// Colours told apart by most colour-blind readers (Okabe–Ito).
    static let colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

    var tours: [[Place]]
    var width = 640.0

    /// An equirectangular projection, x scaled by the cosine of the middle latitude, fitted with a margin.
    func svg() -> TrustedMarkup {
        let all = tours.flatMap { $0 }
        var w = SVGWriter()
        guard let minLat = all.map(\.latitude).min(), let maxLat = all.map(\.latitude).max(), let minLon = all.map(\.longitude).min(),
            let maxLon = all.map(\.longitude).max()
        else { return w.markup }
        let k = cos((minLat + maxLat) / 2 * .pi / 180)
        let spanX = max((maxLon - minLon) * k, 0.01), spanY = max(maxLat - minLat, 0.01)
        let margin = 24.0
        let scale = (width - 2 * margin) / max(spanX, spanY * 1.2)
        let height = min(width, spanY * scale + 2 * margin)
        func x(_ p: Place) -> String { String(format: "%.1f", margin + (p.longitude - minLon) * k * scale) }
        func y(_ p: Place) -> String { String(format: "%.1f", height - margin - (p.latitude - minLat) * scale) }
        w.open(
            "svg",
            [
                ("viewBox", "0 0 \(Int(width)) \(Int(height))"), ("class", "tour-map"), ("role", "img"),
                ("aria-label", "Carte des tournées : \(tours.count) tournée\(tours.count > 1 ? "s" : "")"),
            ])
        w.element("rect", [("width", "100%"), ("height", "100%"), ("fill", "#f6f8fa")])
        for (i, tour) in tours.enumerated() where !tour.isEmpty {
            let colour = Self.colours[i % Self.colours.count]
            w.element(
                "polyline",
                [
                    ("points", tour.map { "\(x($0)),\(y($0))" }.joined(separator: " ")), ("fill", "none"), ("stroke", colour), ("stroke-width", "3"),
                    ("stroke-linejoin", "round"), ("opacity", "0.85"),
                ])
            for (j, place) in tour.enumerated() {
                w.open(
                    "circle",
                    [
                        ("cx", x(place)), ("cy", y(place)), ("r", j == 0 ? "7" : "4.5"), ("fill", j == 0 ? "#ffffff" : colour), ("stroke", colour),
                        ("stroke-width", "2"),
                    ])
                w.element("title", [], text: "Tournée \(i + 1), \(j == 0 ? "départ" : "arrêt \(j)") : \(place.name)")
                w.close("circle")
            }
        }
        w.close("svg")
        return w.markup
    }
}
