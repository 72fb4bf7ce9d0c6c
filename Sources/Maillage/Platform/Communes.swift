import Foundation

/// A French commune from the bundled INSEE table (centroid, postal codes, population).
public struct Commune: Sendable, Hashable {
    public let insee: String
    public let name: String
    public let departement: String
    public let postalCodes: [String]
    public let point: GeoPoint
    public let population: Int
}

public struct Departement: Sendable, Hashable {
    public let code: String
    public let name: String
    public let centre: GeoPoint
}

/// Offline geocoding from `Resources/communes.csv`, a trimmed copy of `shared/geo/communes.csv`
/// (INSEE COG 2024, Base officielle des codes postaux 2024: Licence Ouverte).
public final class CommuneTable: Sendable {
    public static let shared = CommuneTable()

    public let communes: [Commune]
    public let departements: [Departement]
    private let byFoldedName: [String: [Int]]
    private let byPostalCode: [String: [Int]]
    private let byInsee: [String: Int]
    private let byDepartement: [String: [Int]]

    init() {
        let communes = Self.load("communes").compactMap { f -> Commune? in
            guard f.count == 7, let lat = Double(f[4]), let lng = Double(f[5]) else { return nil }
            return Commune(
                insee: f[0], name: f[1], departement: f[2], postalCodes: f[3].split(separator: " ").map(String.init),
                point: GeoPoint(latitude: lat, longitude: lng), population: Int(f[6]) ?? 0)
        }
        self.communes = communes
        self.departements = Self.load("departements").compactMap { f in
            guard f.count == 4, let lat = Double(f[2]), let lng = Double(f[3]) else { return nil }
            return Departement(code: f[0], name: f[1], centre: GeoPoint(latitude: lat, longitude: lng))
        }
        var byName: [String: [Int]] = [:], byCP: [String: [Int]] = [:], byInsee: [String: Int] = [:], byDep: [String: [Int]] = [:]
        for (i, c) in communes.enumerated() {
            byDep[c.departement, default: []].append(i)
            byName[TextFolding.fold(c.name).split(separator: " ").joined(separator: " "), default: []].append(i)
            for cp in c.postalCodes { byCP[cp, default: []].append(i) }
            byInsee[c.insee] = i
        }
        self.byFoldedName = byName
        self.byPostalCode = byCP
        self.byInsee = byInsee
        self.byDepartement = byDep
    }

    private static func load(_ name: String) -> [[String]] {
        guard
            let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Resources")
                ?? Bundle.module.url(forResource: name, withExtension: "csv"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return [] }
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    public func commune(insee: String) -> Commune? { byInsee[insee].map { communes[$0] } }

    public func departement(code: String) -> Departement? { departements.first { $0.code == code } }

    /// Finds communes by name ("Narbonne", "lezignan corbieres"), postal code ("11100") or INSEE code,
    /// the most populated first so that a bare name picks the town people mean.
    public func search(_ query: String) -> [Commune] {
        let trimmed = query.trimmingCharacters(in: .whitespaces)
        if trimmed.count == 5, trimmed.allSatisfy({ $0.isNumber || $0 == "A" || $0 == "B" }) {
            let hits = (byPostalCode[trimmed] ?? []) + (byInsee[trimmed].map { [$0] } ?? [])
            return Array(Set(hits)).map { communes[$0] }.sorted { $0.population > $1.population }
        }
        let key = TextFolding.fold(trimmed).split(separator: " ").joined(separator: " ")
        guard !key.isEmpty else { return [] }
        return (byFoldedName[key] ?? []).map { communes[$0] }.sorted { $0.population > $1.population }
    }

    /// Communes of the given départements, for drawing a territory.
    public func communes(inDepartements codes: Set<String>) -> [Commune] {
        codes.sorted().flatMap { (byDepartement[$0] ?? []).map { communes[$0] } }
    }
}
