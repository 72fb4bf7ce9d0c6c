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
    /// The folded names, sorted, for "starts with" and typo look-ups.
    private let sortedNames: [String]
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
        self.sortedNames = byName.keys.sorted()
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

    /// How a choice is written back into a search field, so that it resolves to that commune alone.
    public static func label(_ c: Commune) -> String { "\(c.name) (\(c.departement))" }

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

    /// What a place typed by a person designates.
    public enum Resolution: Sendable, Equatable {
        case found(Commune)
        /// Several communes fit ("Saint-Pons", a postal code shared by villages): the person chooses.
        case several([Commune])
        /// None fits; this one is one or two letters away ("Narbone" → Narbonne).
        case suggestion(Commune)
        case none
    }

    /// Resolves a place typed in a search: a code, an exact name, the start of names, or a near spelling.
    public func resolve(_ query: String, maxChoices: Int = 12) -> Resolution {
        var trimmed = query.trimmingCharacters(in: .whitespaces)
        // "Saint-Pons (07)", as the choices are written: the name within that département.
        var departement: String?
        if trimmed.hasSuffix(")"), let open = trimmed.lastIndex(of: "(") {
            let code = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)].trimmingCharacters(in: .whitespaces)
            if self.departement(code: code) != nil {
                departement = code
                trimmed = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            }
        }
        let inDepartement = { (c: Commune) in departement == nil || c.departement == departement }
        let key = TextFolding.fold(trimmed).split(separator: " ").joined(separator: " ")
        guard !key.isEmpty else { return .none }
        if trimmed.count == 5, trimmed.allSatisfy({ $0.isNumber || $0 == "A" || $0 == "B" }) {
            let hits = search(trimmed)
            if hits.count == 1, let only = hits.first { return .found(only) }
            return hits.isEmpty ? .none : .several(Array(hits.prefix(maxChoices)))
        }
        let exact = (byFoldedName[key] ?? []).map { communes[$0] }.filter(inDepartement).sorted { $0.population > $1.population }
        var starting: [Commune] = []
        var i = Self.firstIndex(in: sortedNames, atLeast: key + " ")
        while i < sortedNames.count, sortedNames[i].hasPrefix(key + " ") {
            starting += (byFoldedName[sortedNames[i]] ?? []).map { communes[$0] }.filter(inDepartement)
            i += 1
        }
        starting.sort { $0.population > $1.population }
        if exact.count == 1, let only = exact.first, starting.isEmpty { return .found(only) }
        if exact.count == 1, let only = exact.first, only.population >= (starting.first?.population ?? 0) { return .found(only) }
        let all = exact + starting
        if all.count == 1, let only = all.first { return .found(only) }
        if !all.isEmpty { return .several(Array(all.prefix(maxChoices))) }
        return suggestion(for: key).map { .suggestion($0) } ?? .none
    }

    /// The most populated commune whose name is at most two edits away (one for short names).
    private func suggestion(for key: String) -> Commune? {
        guard key.count >= 4, let first = key.first else { return nil }
        let limit = key.count >= 8 ? 2 : 1
        var best: (distance: Int, commune: Commune)?
        var i = Self.firstIndex(in: sortedNames, atLeast: String(first))
        // Names keep their first letter in nearly every typo; scanning one letter keeps this under a millisecond.
        while i < sortedNames.count, sortedNames[i].first == first {
            let name = sortedNames[i]
            i += 1
            guard abs(name.count - key.count) <= limit, let d = Self.editDistance(key, name, limit: limit) else { continue }
            for commune in (byFoldedName[name] ?? []).map({ communes[$0] }) {
                if best == nil || d < best?.distance ?? Int.max || (d == best?.distance && commune.population > best?.commune.population ?? 0) {
                    best = (d, commune)
                }
            }
        }
        return best?.commune
    }

    /// Optimal string alignment distance (Damerau–Levenshtein without repeated edits), or nil above `limit`.
    static func editDistance(_ a: String, _ b: String, limit: Int) -> Int? {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard !x.isEmpty, !y.isEmpty else { return max(x.count, y.count) <= limit ? max(x.count, y.count) : nil }
        var previous2 = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            var rowMin = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { value = min(value, previous2[j - 2] + 1) }
                current[j] = value
                rowMin = min(rowMin, value)
            }
            // Every later row is at least this row's minimum.
            if rowMin > limit { return nil }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[y.count] <= limit ? previous[y.count] : nil
    }

    private static func firstIndex(in sorted: [String], atLeast value: String) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Communes of the given départements, for drawing a territory.
    public func communes(inDepartements codes: Set<String>) -> [Commune] {
        codes.sorted().flatMap { (byDepartement[$0] ?? []).map { communes[$0] } }
    }
}
