import Foundation
import Vapor

/// Query-string parameters of the directory, all read as text so that bad values get a French message, not a 400.
struct DirectorySearchParams: Content {
    var q: String?
    var category: String?
    var lat: String?
    var lon: String?
    var radius_km: String?
    var near: String?
    var departement: String?
    var sort: String?
    var page: String?
    var per: String?
}

enum DirectorySearch {
    static let defaultPer = 20
    static let maxPer = 100

    /// Turns parameters into a query; `near` (a commune name or postal code) stands for a point.
    static func parse(_ p: DirectorySearchParams, communes: CommuneTable = .shared) -> Result<(DirectoryQuery, Commune?), ValidationFailure> {
        var errors: [String: String] = [:]
        var query = DirectoryQuery()
        query.text = String((p.q ?? "").prefix(200))
        for raw in (p.category ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !raw.isEmpty {
            if let c = Category(rawValue: raw) { query.categories.insert(c) } else { errors["category"] = "Catégorie inconnue : \(raw)." }
        }
        func number(_ raw: String?, _ field: String) -> Double? {
            guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            guard let v = Double(raw.replacingOccurrences(of: ",", with: ".")), v.isFinite else {
                errors[field] = "Nombre attendu."
                return nil
            }
            return v
        }
        let lat = number(p.lat, "lat"), lon = number(p.lon, "lon")
        var nearCommune: Commune?
        switch (lat, lon) {
        case let (lat?, lon?):
            if abs(lat) > 90 || abs(lon) > 180 { errors["lat"] = "Latitude entre -90 et 90, longitude entre -180 et 180." }
            else { query.center = GeoPoint(latitude: lat, longitude: lon) }
        case (nil, nil):
            if let near = p.near?.trimmingCharacters(in: .whitespaces), !near.isEmpty {
                if let c = communes.search(near).first { nearCommune = c; query.center = c.point }
                else { errors["near"] = "Commune introuvable : « \(near) ». Essayez son code postal." }
            }
        default:
            if errors["lat"] == nil, errors["lon"] == nil { errors["lat"] = "Indiquez lat et lon ensemble." }
        }
        if let r = number(p.radius_km, "radius_km") {
            if r <= 0 || r > 1000 { errors["radius_km"] = "Le rayon doit être compris entre 0 et 1 000 km." }
            else if query.center == nil { errors["radius_km"] = "Un rayon demande un point de départ (commune, ou lat et lon)." }
            else { query.radiusKm = r }
        }
        if let d = p.departement?.trimmingCharacters(in: .whitespaces), !d.isEmpty {
            if communes.departement(code: d) == nil { errors["departement"] = "Département inconnu : \(d)." } else { query.departement = d }
        }
        if let s = p.sort, !s.isEmpty {
            if let sort = DirectoryQuery.Sort(rawValue: s) ?? (s == "relevance" ? .relevance : s == "name" ? .name : nil) {
                if sort == .distance, query.center == nil { errors["sort"] = "Le tri par distance demande un point de départ." }
                query.sort = sort
            } else { errors["sort"] = "Tri inconnu (pertinence, distance ou nom)." }
        }
        if let page = p.page, !page.isEmpty {
            if let v = Int(page), v >= 1, v <= 100_000 { query.page = v } else { errors["page"] = "La page est un entier à partir de 1." }
        }
        if let per = p.per, !per.isEmpty {
            if let v = Int(per), v >= 1, v <= maxPer { query.per = v } else { errors["per"] = "Entre 1 et \(maxPer) résultats par page." }
        } else {
            query.per = defaultPer
        }
        return errors.isEmpty ? .success((query, nearCommune)) : .failure(ValidationFailure(fields: errors))
    }
}
