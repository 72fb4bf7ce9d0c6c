import Foundation

/// What the directory knows of one validated structure, enough to list it, map it and rank it.
struct DirectoryEntry: Sendable, Hashable {
    var id: UUID
    var name: String
    var category: Category
    var summary: String
    var services: String
    var address: String
    var postalCode: String
    var commune: String
    var departement: String
    var point: GeoPoint
    var openingHours: String
    var updatedAt: Date?
}

struct DirectoryQuery: Sendable, Equatable {
    enum Sort: String, Sendable, CaseIterable {
        case relevance = "pertinence", distance, name = "nom"
    }
    var text = ""
    var categories: Set<Category> = []
    var center: GeoPoint?
    var radiusKm: Double?
    var departement: String?
    var sort: Sort?
    var page = 1
    var per = 20

    /// Without an explicit choice: relevance when words are typed, then distance when a place is given, else by name.
    var effectiveSort: Sort {
        if let sort, sort != .distance || center != nil { return sort }
        if !DirectoryIndex.queryTokens(text).isEmpty { return .relevance }
        return center != nil ? .distance : .name
    }
}

struct DirectoryHit: Sendable {
    var entry: DirectoryEntry
    var score: Double
    var distanceKm: Double?
}

struct DirectoryResult: Sendable {
    var hits: [DirectoryHit]
    var total: Int
    var page: Int
    var per: Int
    /// Matches per category before the category filter, to show beside each filter.
    var categoryCounts: [Category: Int]
    var pageCount: Int { max(1, (total + per - 1) / per) }
}

/// An immutable inverted index over the validated structures: prefix search on folded words with field weights,
/// category and radius filters, three sorts. Built from the database, swapped whole when data changes.
struct DirectoryIndex: Sendable {
    static let stopWords: Set<String> = ["de", "la", "le", "les", "des", "du", "et", "l", "d", "a", "au", "aux", "en", "pour", "un", "une", "sur", "par"]

    private enum Weight {
        static let name: Float = 4, commune: Float = 3, category: Float = 2, services: Float = 1.5, summary: Float = 1
    }

    /// Entries sorted by folded name, so "by name" order is index order.
    let entries: [DirectoryEntry]
    private let terms: [String]
    private let postings: [[(doc: Int32, weight: Float)]]

    init(entries unsorted: [DirectoryEntry]) {
        let keyed: [(key: String, entry: DirectoryEntry)] = unsorted.map { (TextFolding.fold($0.name) + "\u{0}" + $0.id.uuidString, $0) }
        let entries: [DirectoryEntry] = keyed.sorted { $0.key < $1.key }.map(\.entry)
        var byTerm: [String: [(doc: Int32, weight: Float)]] = [:]
        for (i, entry) in entries.enumerated() {
            var best: [String: Float] = [:]
            func add(_ text: String, _ weight: Float) {
                for word in TextFolding.words(text) where !Self.stopWords.contains(word) {
                    best[word] = max(best[word] ?? 0, weight)
                }
            }
            add(entry.name, Weight.name)
            add(entry.commune + " " + entry.postalCode, Weight.commune)
            add(entry.category.label, Weight.category)
            add(entry.services, Weight.services)
            add(entry.summary, Weight.summary)
            for (word, weight) in best { byTerm[word, default: []].append((Int32(i), weight)) }
        }
        let sortedTerms = byTerm.keys.sorted()
        self.entries = entries
        self.terms = sortedTerms
        self.postings = sortedTerms.map { byTerm[$0] ?? [] }
    }

    static func queryTokens(_ text: String) -> [String] {
        TextFolding.words(text).filter { !stopWords.contains($0) }
    }

    func search(_ query: DirectoryQuery) -> DirectoryResult {
        let all = matches(query)
        let per = min(max(query.per, 1), 200)
        let page = max(query.page, 1)
        let start = min((page - 1) * per, all.hits.count)
        let end = min(start + per, all.hits.count)
        return DirectoryResult(hits: Array(all.hits[start..<end]), total: all.hits.count, page: page, per: per,
                               categoryCounts: all.categoryCounts)
    }

    /// Every match, sorted, unpaginated (map and exports).
    func matches(_ query: DirectoryQuery) -> (hits: [DirectoryHit], categoryCounts: [Category: Int]) {
        let tokens = Self.queryTokens(query.text)
        let scores = tokens.isEmpty ? nil : textScores(tokens)
        var hits: [DirectoryHit] = []
        var counts: [Category: Int] = [:]
        let radius = query.radiusKm.map { max(0, $0) }
        // A cheap bounding box first, the exact great-circle distance after.
        var latSpan = 0.0, lonSpan = 0.0
        if let radius, let center = query.center {
            latSpan = radius / 111.0
            lonSpan = radius / (111.0 * max(0.05, cos(center.latitude * .pi / 180)))
        }

        func consider(_ i: Int, score: Float) {
            let entry = entries[i]
            if let departement = query.departement, entry.departement != departement { return }
            var distance: Double?
            if let center = query.center {
                if let radius {
                    if abs(entry.point.latitude - center.latitude) > latSpan || abs(entry.point.longitude - center.longitude) > lonSpan { return }
                    let d = center.distanceKm(to: entry.point)
                    if d > radius { return }
                    distance = d
                } else {
                    distance = center.distanceKm(to: entry.point)
                }
            }
            counts[entry.category, default: 0] += 1
            if !query.categories.isEmpty, !query.categories.contains(entry.category) { return }
            hits.append(DirectoryHit(entry: entry, score: Double(score), distanceKm: distance))
        }

        if let scores {
            for (i, score) in scores.sorted(by: { $0.key < $1.key }) { consider(i, score: score) }
        } else {
            for i in entries.indices { consider(i, score: 0) }
        }

        switch query.effectiveSort {
        case .name:
            break // index order is name order
        case .distance:
            hits.sort { ($0.distanceKm ?? .infinity, $0.score) < ($1.distanceKm ?? .infinity, $1.score) }
        case .relevance:
            hits.sort { a, b in
                if a.score != b.score { return a.score > b.score }
                return (a.distanceKm ?? 0) < (b.distanceKm ?? 0)
            }
        }
        return (hits, counts)
    }

    /// Every token must match the start of a word; a document's score adds, per token, its best field weight
    /// (full-word matches count more than prefixes).
    private func textScores(_ tokens: [String]) -> [Int: Float] {
        var result: [Int: Float]?
        for token in tokens {
            var tokenScores: [Int: Float] = [:]
            var t = lowerBound(token)
            while t < terms.count, terms[t].hasPrefix(token) {
                let factor: Float = terms[t].count == token.count ? 1 : 0.6
                for posting in postings[t] {
                    let doc = Int(posting.doc)
                    if let result, result[doc] == nil { continue }
                    tokenScores[doc] = max(tokenScores[doc] ?? 0, posting.weight * factor)
                }
                t += 1
            }
            if let previous = result {
                var merged: [Int: Float] = [:]
                merged.reserveCapacity(tokenScores.count)
                for (doc, score) in tokenScores { if let before = previous[doc] { merged[doc] = before + score } }
                result = merged
            } else {
                result = tokenScores
            }
            if result?.isEmpty == true { break }
        }
        return result ?? [:]
    }

    private func lowerBound(_ key: String) -> Int {
        var low = 0, high = terms.count
        while low < high {
            let mid = (low + high) / 2
            if terms[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low
    }

    func entry(id: UUID) -> DirectoryEntry? { entries.first { $0.id == id } }

    func countsByCategory() -> [Category: Int] {
        entries.reduce(into: [:]) { $0[$1.category, default: 0] += 1 }
    }
}
