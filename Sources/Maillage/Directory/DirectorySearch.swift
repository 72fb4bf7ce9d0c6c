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
    /// "1", "true" or "oui": only structures open at the time of the search.
    var open_now: String?
    /// A data·inclusion thématique (or a family of them), a public, "1" for free services only.
    var thematique: String?
    var `public`: String?
    var gratuit: String?
    var page: String?
    var per: String?
    /// The map's view (`MapRenderer.Viewpoint`), kept out of `queryString()`: a new search fits its results.
    var vue: String?
}

enum DirectorySearch {
    static let defaultPer = 20
    static let maxPer = 100
    /// As declared in the OpenAPI document (`q`: maxLength 200).
    static let maxTextLength = 200

    /// Turns parameters into a query; `near` (a commune name or postal code) stands for a point.
    static func parse(_ p: DirectorySearchParams, now: Date, communes: CommuneTable = .shared) -> Result<(DirectoryQuery, Commune?), ValidationFailure> {
        var errors: [String: String] = [:]
        var query = DirectoryQuery()
        let text = p.q ?? ""
        // Counted as JSON Schema counts (code points), so that the API refuses exactly what its schema refuses.
        if text.unicodeScalars.count > maxTextLength { errors["q"] = "La recherche est trop longue : \(maxTextLength) caractères au plus." }
        query.text = String(text.prefix(maxTextLength))
        for raw in (p.category ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !raw.isEmpty {
            if let c = Category(rawValue: raw) { query.categories.insert(c) } else { errors["category"] = "Catégorie inconnue : \(raw)." }
        }
        func number(_ raw: String?, _ field: String, _ range: ClosedRange<Double>) -> Double? {
            switch BoundedNumber.double(raw, in: range, name: field) {
            case .success(let value): return value
            case .failure(let refusal): errors[field] = refusal.message; return nil
            }
        }
        func integer(_ raw: String?, _ field: String, _ range: ClosedRange<Int>) -> Int? {
            switch BoundedNumber.int(raw, in: range, name: field) {
            case .success(let value): return value
            case .failure(let refusal): errors[field] = refusal.message; return nil
            }
        }
        let lat = number(p.lat, "lat", -90...90), lon = number(p.lon, "lon", -180...180)
        var nearCommune: Commune?
        switch (lat, lon) {
        case let (lat?, lon?):
            query.center = GeoPoint(latitude: lat, longitude: lon)
        case (nil, nil):
            if let near = p.near?.trimmingCharacters(in: .whitespaces), !near.isEmpty {
                switch communes.resolve(near) {
                case .found(let c):
                    nearCommune = c
                    query.center = c.point
                case .several:
                    errors["near"] = "Plusieurs communes correspondent à « \(near) » : choisissez-en une, ou tapez son code postal."
                case .suggestion(let c):
                    errors["near"] = "Commune introuvable : « \(near) ». Vouliez-vous dire \(c.name) (\(c.departement)) ?"
                case .none:
                    errors["near"] = "Commune introuvable : « \(near) ». Essayez son code postal."
                }
            }
        default:
            if errors["lat"] == nil, errors["lon"] == nil { errors["lat"] = "Indiquez lat et lon ensemble." }
        }
        // "12 km" and "7,5" are what people type.
        let radiusText = p.radius_km.map { $0.lowercased().replacingOccurrences(of: "km", with: "").trimmingCharacters(in: .whitespaces) }
        if case .failure = BoundedNumber.double(radiusText, in: 0.1...1000, name: "radius_km") {
            errors["radius_km"] = "Rayon : un nombre de kilomètres entre 0,1 et 1 000 est attendu, par exemple 15."
        } else if let r = number(radiusText, "radius_km", 0.1...1000) {
            if query.center == nil { errors["radius_km"] = "Un rayon demande un point de départ (commune, ou lat et lon)." } else { query.radiusKm = r }
        }
        if let d = p.departement?.trimmingCharacters(in: .whitespaces), !d.isEmpty {
            if communes.departement(code: d) == nil { errors["departement"] = "Département inconnu : \(d)." } else { query.departement = d }
        }
        if let s = p.sort, !s.isEmpty {
            if let sort = DirectoryQuery.Sort(rawValue: s) ?? (s == "relevance" ? .relevance : s == "name" ? .name : nil) {
                if sort == .distance, query.center == nil { errors["sort"] = "Le tri par distance demande un point de départ." }
                query.sort = sort
            } else {
                errors["sort"] = "Tri inconnu (pertinence, distance ou nom)."
            }
        }
        /// A check box or a script's flag: yes, no, or a French error for anything else.
        func flag(_ text: String?, _ name: String, _ label: String) -> Bool {
            switch text {
            case nil, "", "0", "false", "non": return false
            case "1", "true", "oui", "on": return true
            default:
                errors[name] = "« \(label) » attend oui ou non (1 ou 0)."
                return false
            }
        }
        if flag(p.open_now, "open_now", "Ouvert maintenant") { query.openAt = now }
        let vocabulary = ServiceVocabulary.shared
        if let theme = p.thematique?.trimmingCharacters(in: .whitespaces), !theme.isEmpty {
            if vocabulary.themes.contains(where: { $0.value == theme }) || ServiceVocabulary.themeGroups.contains(where: { $0.key == theme }) {
                query.theme = theme
            } else {
                errors["thematique"] = "Thématique inconnue : choisissez-en une dans la liste."
            }
        }
        if let audience = p.public?.trimmingCharacters(in: .whitespaces), !audience.isEmpty {
            if vocabulary.publics.contains(where: { $0.value == audience }) {
                query.audience = audience
            } else {
                errors["public"] = "Public inconnu : choisissez-en un dans la liste."
            }
        }
        query.freeOnly = flag(p.gratuit, "gratuit", "Gratuit")
        if let page = integer(p.page, "page", 1...100_000) { query.page = page }
        query.per = integer(p.per, "per", 1...maxPer) ?? defaultPer
        return errors.isEmpty ? .success((query, nearCommune)) : .failure(ValidationFailure(fields: errors))
    }
}
