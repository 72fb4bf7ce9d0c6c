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
    /// What its services say (data·inclusion vocabulary): thématiques, publics, and whether one is free.
    var serviceThemes: [String] = []
    var servicePublics: [String] = []
    var hasFreeService = false
    /// Computed once: the API writes them for every result.
    let idString: String
    let url: String

    init(
        id: UUID, name: String, category: Category, summary: String, services: String, address: String, postalCode: String,
        commune: String, departement: String, point: GeoPoint, openingHours: String, updatedAt: Date?
    ) {
        self.id = id; self.name = name; self.category = category; self.summary = summary; self.services = services
        self.address = address; self.postalCode = postalCode; self.commune = commune; self.departement = departement
        self.point = point; self.openingHours = openingHours; self.updatedAt = updatedAt
        idString = id.uuidString
        url = DirectoryURL.organization(id)
    }
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
    /// Only structures open at this instant (their local time and holidays).
    var openAt: Date?
    /// Only structures with a service of this thématique (or family of thématiques), for this public, free.
    var theme: String?
    var audience: String?
    var freeOnly = false
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
    /// Typed words that matched nothing, and the known word searched instead ("narbone" → "narbonne").
    var corrections: [String: String] = [:]
    var pageCount: Int { max(1, (total + per - 1) / per) }
}

/// An immutable inverted index over the validated structures: prefix search on folded words with field weights,
/// French stems matched exactly ("banques alimentaires" finds "Banque alimentaire"), one-letter typos corrected
/// when a word matches nothing, category, radius and "open now" filters, three sorts. Built from the database,
/// swapped whole when data changes.
///
/// Filtering and ranking work on columns (coordinates, category codes) and dense score buffers; an entry is only
/// copied out for the page that is returned, which keeps a search well under a millisecond at 100,000 entries.
struct DirectoryIndex: Sendable {
    static let stopWords: Set<String> = ["de", "la", "le", "les", "des", "du", "et", "l", "d", "a", "au", "aux", "en", "pour", "un", "une", "sur", "par"]

    private enum Weight {
        static let name: Float = 4, commune: Float = 3, category: Float = 2, services: Float = 1.5, summary: Float = 1
    }

    private struct Posting: Sendable {
        var doc: Int32
        var weight: Float
    }

    /// A match before it is turned into a `DirectoryHit`.
    private struct Match {
        var doc: Int32
        var score: Float
        var distance: Double
    }

    /// Entries sorted by folded name, so "by name" order is index order.
    let entries: [DirectoryEntry]
    private let latitudes: [Double]
    private let longitudes: [Double]
    private let categoryCodes: [UInt8]
    /// The distinct hours of the structures (read once each), and which one each entry keeps (-1: none readable).
    private let distinctHours: [WeeklyHours]
    private let hoursOf: [Int32]
    /// Each entry's département as an index into `departementList`, for per-département time and holidays.
    private let departementList: [String]
    private let departementOf: [Int32]
    /// Documents by increasing latitude, for radius searches that only scan one band.
    private let byLatitude: [Int32]
    private let sortedLatitudes: [Double]
    /// Documents of each category in index (name) order, and their counts.
    private let docsByCategory: [[Int32]]
    private let terms: [String]
    /// Each word's place in `terms`, for the many exact look-ups of typo correction.
    private let termIndex: [String: Int32]
    private let postings: [[Posting]]
    /// French stems of the indexed words, sorted, each with the words (indexes into `terms`) that share it: a
    /// token's stem adds those words to the ones it starts, and a document is merged once per word.
    private let stems: [String]
    private let termsOfStem: [[Int32]]
    private static let categories = Category.allCases

    init(entries unsorted: [DirectoryEntry]) {
        let keyed: [(key: String, entry: DirectoryEntry)] = unsorted.map { (TextFolding.fold($0.name) + "\u{0}" + $0.id.uuidString, $0) }
        let entries: [DirectoryEntry] = keyed.sorted { $0.key < $1.key }.map(\.entry)
        var byTerm: [String: [Posting]] = [:]
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
            for (word, weight) in best { byTerm[word, default: []].append(Posting(doc: Int32(i), weight: weight)) }
        }
        let sortedTerms = byTerm.keys.sorted()
        var byStem: [String: [Int32]] = [:]
        for (t, term) in sortedTerms.enumerated() { byStem[FrenchStemmer.stem(term), default: []].append(Int32(t)) }
        let sortedStems = byStem.keys.sorted()
        self.stems = sortedStems
        self.termsOfStem = sortedStems.map { byStem[$0] ?? [] }
        self.entries = entries
        self.latitudes = entries.map(\.point.latitude)
        self.longitudes = entries.map(\.point.longitude)
        self.categoryCodes = entries.map { UInt8(Self.categories.firstIndex(of: $0.category) ?? 0) }
        // Many structures share the same hours text and département: each is read or listed once.
        var hoursIndex: [String: Int32] = [:]
        var distinct: [WeeklyHours] = []
        self.hoursOf = entries.map { e in
            if let known = hoursIndex[e.openingHours] { return known }
            var index: Int32 = -1
            if let parsed = WeeklyHours.parse(e.openingHours), !parsed.isEmpty {
                index = Int32(distinct.count)
                distinct.append(parsed)
            }
            hoursIndex[e.openingHours] = index
            return index
        }
        self.distinctHours = distinct
        var departementIndex: [String: Int32] = [:]
        var departementList: [String] = []
        self.departementOf = entries.map { e in
            if let known = departementIndex[e.departement] { return known }
            departementIndex[e.departement] = Int32(departementList.count)
            departementList.append(e.departement)
            return Int32(departementList.count - 1)
        }
        self.departementList = departementList
        let byLatitude = entries.indices.sorted { entries[$0].point.latitude < entries[$1].point.latitude }.map { Int32($0) }
        self.byLatitude = byLatitude
        self.sortedLatitudes = byLatitude.map { entries[Int($0)].point.latitude }
        var docsByCategory = [[Int32]](repeating: [], count: Self.categories.count)
        for (i, e) in entries.enumerated() { docsByCategory[Self.categories.firstIndex(of: e.category) ?? 0].append(Int32(i)) }
        self.docsByCategory = docsByCategory
        self.terms = sortedTerms
        self.termIndex = Dictionary(uniqueKeysWithValues: sortedTerms.enumerated().map { ($1, Int32($0)) })
        self.postings = sortedTerms.map { byTerm[$0] ?? [] }
    }

    static func queryTokens(_ text: String) -> [String] {
        TextFolding.words(text).filter { !stopWords.contains($0) }
    }

    func search(_ query: DirectoryQuery) -> DirectoryResult {
        let per = min(max(query.per, 1), 200)
        let page = max(query.page, 1)
        let (all, counts) = matchList(query, limit: page * per)
        let start = min((page - 1) * per, all.count)
        let end = min(start + per, all.count)
        return DirectoryResult(
            hits: all[start..<end].map(hit), total: counts.total, page: page, per: per, categoryCounts: counts.byCategory,
            corrections: counts.corrections)
    }

    /// Matches, sorted, unpaginated: all of them (exports) or the first `limit` (maps), with the full total.
    func matches(_ query: DirectoryQuery, limit: Int? = nil) -> (hits: [DirectoryHit], total: Int, categoryCounts: [Category: Int]) {
        let (all, counts) = matchList(query, limit: limit)
        return (all.prefix(limit ?? all.count).map(hit), counts.total, counts.byCategory)
    }

    private func hit(_ m: Match) -> DirectoryHit {
        DirectoryHit(entry: entries[Int(m.doc)], score: Double(m.score), distanceKm: m.distance.isNaN ? nil : m.distance)
    }

    /// Matches in result order; with a `limit`, only the first `limit` are guaranteed sorted and returned.
    private func matchList(_ query: DirectoryQuery, limit: Int?) -> ([Match], (total: Int, byCategory: [Category: Int], corrections: [String: String])) {
        let tokens = Self.queryTokens(query.text)
        var corrections: [String: String] = [:]
        let candidates: (docs: [Int32], scores: [Float])? = tokens.isEmpty ? nil : textMatches(tokens, corrections: &corrections)
        var found: [Match] = []
        var perCategory = [Int](repeating: 0, count: Self.categories.count)
        var wanted = [Bool](repeating: query.categories.isEmpty, count: Self.categories.count)
        for c in query.categories { if let k = Self.categories.firstIndex(of: c) { wanted[k] = true } }
        let center = query.center
        let radius = query.radiusKm.map { max(0, $0) }
        // A cheap bounding box first, the exact great-circle distance after.
        var latSpan = 0.0, lonSpan = 0.0
        if let radius, let center {
            latSpan = radius / 111.0
            lonSpan = radius / (111.0 * max(0.05, cos(center.latitude * .pi / 180)))
        }

        // "Open now" depends on the hours, the local time and the holidays of the département: each pair of
        // (hours, département) is decided once per search, then read from this table. Time zones and holiday
        // calendars are few (metropolitan France, Alsace-Moselle, overseas): each is computed once too.
        var openTable = [Int8](repeating: -1, count: query.openAt == nil ? 0 : distinctHours.count * departementList.count)
        var zoneMoments: [String: (date: LocalDate, minutes: Int)] = [:]
        var calendarDays: [String: (today: Bool, yesterday: Bool)] = [:]
        func isOpen(_ i: Int, at instant: Date) -> Bool {
            let h = Int(hoursOf[i])
            guard h >= 0 else { return false }
            let d = Int(departementOf[i])
            let slot = h * departementList.count + d
            if openTable[slot] < 0 {
                let code = departementList[d]
                let zone = LocalTime.zoneIdentifier(departement: code)
                let moment = zoneMoments[zone] ?? LocalTime.moment(instant, departement: code)
                zoneMoments[zone] = moment
                let calendar = FrenchHolidays.calendarKey(departement: code) + "|" + zone
                let holidays =
                    calendarDays[calendar]
                    ?? (
                        FrenchHolidays.isHoliday(moment.date, departement: code),
                        FrenchHolidays.isHoliday(moment.date.adding(days: -1), departement: code)
                    )
                calendarDays[calendar] = holidays
                let open = distinctHours[h].isOpen(
                    today: moment.date, minutes: moment.minutes, isHoliday: holidays.today, wasHolidayYesterday: holidays.yesterday)
                openTable[slot] = open ? 1 : 0
            }
            return openTable[slot] == 1
        }

        // The département filter compares small integers; a département with no structure matches nothing.
        let wantedDepartement: Int32? = query.departement.map { code in departementList.firstIndex(of: code).map(Int32.init) ?? -1 }

        let filtersServices = query.theme != nil || query.audience != nil || query.freeOnly
        func offersWanted(_ e: DirectoryEntry) -> Bool {
            if let theme = query.theme, !e.serviceThemes.contains(where: { ServiceVocabulary.theme($0, matches: theme) }) { return false }
            // "tous-publics" services welcome every public.
            if let audience = query.audience, !e.servicePublics.contains(audience), !e.servicePublics.contains("tous-publics") { return false }
            return !query.freeOnly || e.hasFreeService
        }

        func consider(_ doc: Int32, _ score: Float) {
            let i = Int(doc)
            if let wantedDepartement, departementOf[i] != wantedDepartement { return }
            if filtersServices, !offersWanted(entries[i]) { return }
            if let instant = query.openAt, !isOpen(i, at: instant) { return }
            var distance = Double.nan
            if let center {
                if let radius {
                    if abs(latitudes[i] - center.latitude) > latSpan || abs(longitudes[i] - center.longitude) > lonSpan { return }
                    let d = center.distanceKm(to: GeoPoint(latitude: latitudes[i], longitude: longitudes[i]))
                    if d > radius { return }
                    distance = d
                } else {
                    distance = center.distanceKm(to: GeoPoint(latitude: latitudes[i], longitude: longitudes[i]))
                }
            }
            let code = Int(categoryCodes[i])
            perCategory[code] += 1
            if wanted[code] { found.append(Match(doc: doc, score: score, distance: distance)) }
        }

        if let candidates {
            for (k, doc) in candidates.docs.enumerated() { consider(doc, candidates.scores[k]) }
        } else if let center, radius != nil {
            // Only the latitude band can be within the radius; documents come back in index order.
            let low = firstLatitude(atLeast: center.latitude - latSpan), high = firstLatitude(atLeast: center.latitude + latSpan + 1e-12)
            var band = Array(byLatitude[low..<high])
            // Name order is index order; the other orders sort afterwards anyway.
            if query.effectiveSort == .name { band.sort() }
            for doc in band { consider(doc, 0) }
        } else if center == nil, query.departement == nil, query.openAt == nil, !filtersServices {
            // A plain listing, by name: counts are known, and only the requested page needs collecting.
            for (k, docs) in docsByCategory.enumerated() { perCategory[k] = docs.count }
            let lists = docsByCategory.indices.filter { wanted[$0] }.map { docsByCategory[$0] }
            let take = limit ?? Int.max
            var cursor = [Int](repeating: 0, count: lists.count)
            while found.count < take {
                var next: (list: Int, doc: Int32)?
                for (l, list) in lists.enumerated() where cursor[l] < list.count {
                    if let current = next, current.doc <= list[cursor[l]] { continue }
                    next = (l, list[cursor[l]])
                }
                guard let pick = next else { break }
                cursor[pick.list] += 1
                found.append(Match(doc: pick.doc, score: 0, distance: .nan))
            }
        } else {
            for i in entries.indices { consider(Int32(i), 0) }
        }

        let order: (Match, Match) -> Bool
        switch query.effectiveSort {
        case .name: order = { $0.doc < $1.doc }
        case .distance: order = { ($0.distance, $0.doc) < ($1.distance, $1.doc) }
        case .relevance:
            order = { a, b in
                if a.score != b.score { return a.score > b.score }
                if !a.distance.isNaN, a.distance != b.distance { return a.distance < b.distance }
                return a.doc < b.doc
            }
        }
        // Documents arrive in index (name) order already; other orders only need the requested prefix sorted.
        if query.effectiveSort != .name {
            if let limit, limit < found.count / 4 {
                found = Self.smallest(found, count: limit, by: order)
            } else {
                found.sort(by: order)
            }
        }
        let byCategory = Dictionary(uniqueKeysWithValues: perCategory.enumerated().filter { $0.element > 0 }.map { (Self.categories[$0.offset], $0.element) })
        // `found` may hold only the first `limit` matches: the total comes from the counts.
        let total = perCategory.indices.reduce(0) { $0 + (wanted[$1] ? perCategory[$1] : 0) }
        return (found, (total, byCategory, corrections))
    }

    /// The `count` first elements in order, by a bounded selection (O(n log count)) instead of a full sort.
    private static func smallest(_ items: [Match], count: Int, by order: (Match, Match) -> Bool) -> [Match] {
        guard count > 0 else { return [] }
        var heap: [Match] = []  // max-heap on `order`: the worst kept element on top
        heap.reserveCapacity(count + 1)
        func siftUp(_ i: Int) {
            var c = i
            while c > 0 {
                let p = (c - 1) / 2
                if order(heap[p], heap[c]) { heap.swapAt(p, c); c = p } else { break }
            }
        }
        func siftDown() {
            var p = 0
            while true {
                let l = 2 * p + 1, r = l + 1
                var worst = p
                if l < heap.count, order(heap[worst], heap[l]) { worst = l }
                if r < heap.count, order(heap[worst], heap[r]) { worst = r }
                if worst == p { return }
                heap.swapAt(p, worst)
                p = worst
            }
        }
        for item in items {
            if heap.count < count {
                heap.append(item)
                siftUp(heap.count - 1)
            } else if let top = heap.first, order(item, top) {
                heap[0] = item
                siftDown()
            }
        }
        return heap.sorted(by: order)
    }

    /// Every token must match the start of a word, or have the same French stem as a word; a token that matches
    /// nothing is read as the known word one typo away (the most frequent). A document's score adds, per token,
    /// its best field weight (full words count more than prefixes and stems). Documents come in index order.
    private func textMatches(_ tokens: [String], corrections: inout [String: String]) -> (docs: [Int32], scores: [Float]) {
        var docs: [Int32] = [], scores: [Float] = []
        for (k, token) in tokens.enumerated() {
            var lists = postingLists(for: token)
            if lists.isEmpty, let fixed = correction(for: token) {
                corrections[token] = fixed
                lists = postingLists(for: fixed)
            }
            while lists.count > 1 {
                var next: [[Posting]] = []
                for pair in stride(from: 0, to: lists.count, by: 2) {
                    next.append(pair + 1 < lists.count ? Self.merge(lists[pair], lists[pair + 1]) : lists[pair])
                }
                lists = next
            }
            let hits = lists.first ?? []
            // One entry per document, its best weight.
            var tokenDocs: [Int32] = [], tokenScores: [Float] = []
            tokenDocs.reserveCapacity(hits.count)
            tokenScores.reserveCapacity(hits.count)
            for h in hits {
                if let last = tokenDocs.last, last == h.doc {
                    tokenScores[tokenScores.count - 1] = max(tokenScores[tokenScores.count - 1], h.weight)
                } else {
                    tokenDocs.append(h.doc)
                    tokenScores.append(h.weight)
                }
            }
            if k == 0 {
                docs = tokenDocs
                scores = tokenScores
            } else {
                var mergedDocs: [Int32] = [], mergedScores: [Float] = []
                var i = 0, j = 0
                while i < docs.count, j < tokenDocs.count {
                    if docs[i] < tokenDocs[j] {
                        i += 1
                    } else if docs[i] > tokenDocs[j] {
                        j += 1
                    } else {
                        mergedDocs.append(docs[i])
                        mergedScores.append(scores[i] + tokenScores[j])
                        i += 1; j += 1
                    }
                }
                docs = mergedDocs
                scores = mergedScores
            }
            if docs.isEmpty { break }
        }
        return (docs, scores)
    }

    /// The postings of the words `token` starts (0.6 of their weight, 1 for the word itself), and of the words
    /// sharing its stem (0.9): each word once, so a common word costs what it cost without stems.
    private func postingLists(for token: String) -> [[Posting]] {
        var factors: [Int32: Float] = [:]
        var t = lowerBound(token)
        while t < terms.count, terms[t].hasPrefix(token) {
            factors[Int32(t)] = terms[t].count == token.count ? 1 : 0.6
            t += 1
        }
        if let s = stemIndex(FrenchStemmer.stem(token)) {
            for term in termsOfStem[s] { factors[term] = max(factors[term] ?? 0, 0.9) }
        }
        return factors.sorted { $0.key < $1.key }.map { term, factor in
            factor == 1 ? postings[Int(term)] : postings[Int(term)].map { Posting(doc: $0.doc, weight: $0.weight * factor) }
        }
    }

    private func stemIndex(_ stem: String) -> Int? {
        let s = Self.firstIndex(in: stems, atLeast: stem)
        return s < stems.count && stems[s] == stem ? s : nil
    }

    /// The known word one edit away from `token` (a letter missing, extra, wrong or two swapped), the most used
    /// one; nil for short tokens, digits, or when none exists. Tried only when a token matches nothing.
    func correction(for token: String) -> String? {
        guard token.count >= 4, token.allSatisfy({ $0 >= "a" && $0 <= "z" }) else { return nil }
        let candidates = Self.edits(of: token)
        var best: (word: String, frequency: Int)?
        for candidate in candidates {
            guard let t = termIndex[candidate] else { continue }
            let frequency = postings[Int(t)].count
            if frequency > (best?.frequency ?? 0) { best = (candidate, frequency) }
        }
        if let best { return best.word }
        // A word whose plural or feminine is indexed: the candidate's stem.
        for candidate in candidates {
            guard let s = stemIndex(FrenchStemmer.stem(candidate)) else { continue }
            let frequency = termsOfStem[s].reduce(0) { $0 + postings[Int($1)].count }
            if frequency > (best?.frequency ?? 0) { best = (candidate, frequency) }
        }
        return best?.word
    }

    /// Every string one deletion, transposition, substitution or insertion away (Norvig's "edits1").
    static func edits(of word: String) -> Set<String> {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let w = Array(word)
        var out = Set<String>()
        for i in 0...w.count {
            if i < w.count {
                out.insert(String(w[..<i] + w[(i + 1)...]))
                if i + 1 < w.count { out.insert(String(w[..<i] + [w[i + 1], w[i]] + w[(i + 2)...])) }
                for c in letters where c != w[i] { out.insert(String(w[..<i] + [c] + w[(i + 1)...])) }
            }
            for c in letters { out.insert(String(w[..<i] + [c] + w[i...])) }
        }
        out.remove(word)
        return out
    }

    private static func merge(_ a: [Posting], _ b: [Posting]) -> [Posting] {
        var out: [Posting] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count, j < b.count {
            if a[i].doc <= b[j].doc { out.append(a[i]); i += 1 } else { out.append(b[j]); j += 1 }
        }
        out.append(contentsOf: a[i...])
        out.append(contentsOf: b[j...])
        return out
    }

    private func firstLatitude(atLeast value: Double) -> Int { Self.firstIndex(in: sortedLatitudes, atLeast: value) }

    private func lowerBound(_ key: String) -> Int { Self.firstIndex(in: terms, atLeast: key) }

    /// Binary search in a sorted array: the first position whose element is not below `value`.
    private static func firstIndex<T: Comparable>(in sorted: [T], atLeast value: T) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    func countsByCategory() -> [Category: Int] {
        var counts = [Int](repeating: 0, count: Self.categories.count)
        for code in categoryCodes { counts[Int(code)] += 1 }
        return Dictionary(uniqueKeysWithValues: counts.enumerated().filter { $0.element > 0 }.map { (Self.categories[$0.offset], $0.element) })
    }
}
