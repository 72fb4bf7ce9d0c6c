import Foundation

/// A point in WGS84 degrees.
public struct GeoPoint: Sendable, Hashable, Codable {
    public var latitude: Double
    public var longitude: Double
    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    /// Great-circle distance in kilometres (haversine, mean Earth radius).
    public func distanceKm(to other: GeoPoint) -> Double {
        let r = 6371.0088
        let φ1 = latitude * .pi / 180, φ2 = other.latitude * .pi / 180
        let dφ = φ2 - φ1
        let dλ = (other.longitude - longitude) * .pi / 180
        let a = sin(dφ / 2) * sin(dφ / 2) + cos(φ1) * cos(φ2) * sin(dλ / 2) * sin(dλ / 2)
        return 2 * r * asin(min(1, sqrt(a)))
    }
}

/// Where a French structure can be: metropolitan France, Corsica and the overseas départements.
public enum FranceBounds {
    private static let boxes: [(latMin: Double, latMax: Double, lonMin: Double, lonMax: Double)] = [
        (41.2, 51.2, -5.3, 9.7),  // métropole et Corse
        (15.8, 16.6, -61.9, -60.9),  // Guadeloupe
        (14.3, 14.9, -61.3, -60.7),  // Martinique
        (2.0, 6.0, -54.7, -51.5),  // Guyane
        (-21.5, -20.8, 55.1, 55.9),  // La Réunion
        (-13.1, -12.5, 44.9, 45.4),  // Mayotte
        (46.7, 47.2, -56.5, -56.0),  // Saint-Pierre-et-Miquelon
        (17.8, 18.2, -63.2, -62.7),  // Saint-Martin, Saint-Barthélemy
    ]

    public static func contains(_ p: GeoPoint) -> Bool {
        boxes.contains { p.latitude >= $0.latMin && p.latitude <= $0.latMax && p.longitude >= $0.lonMin && p.longitude <= $0.lonMax }
    }
}
