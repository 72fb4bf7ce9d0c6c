import Foundation
import Testing

@testable import Maillage

@Suite struct DirectoryIndexTests {
    static func entry(_ name: String, _ category: Category, _ commune: String, _ lat: Double, _ lon: Double, services: String = "") -> DirectoryEntry {
        DirectoryEntry(
            id: UUID(), name: name, category: category, summary: "", services: services, address: "", postalCode: "11100",
            commune: commune, departement: "11", point: GeoPoint(latitude: lat, longitude: lon), openingHours: "", updatedAt: nil)
    }

    let index = DirectoryIndex(entries: [
        entry("Restos du Cœur — Narbonne", .aideAlimentaire, "Narbonne", 43.184, 3.004, services: "distribution repas"),
        entry("Épicerie solidaire La Passerelle", .aideAlimentaire, "Narbonne", 43.19, 3.01, services: "épicerie, ateliers cuisine"),
        entry("Cuisine centrale", .cuisine, "Narbonne", 43.18, 3.0, services: "repas scolaires"),
        entry("Banque Alimentaire de l'Aude", .aideAlimentaire, "Carcassonne", 43.213, 2.349),
        entry("Ferme des Garrigues", .mondeAgricole, "Lodève", 43.73, 3.32, services: "légumineuses, repas à la ferme"),
    ])

    @Test func accentsAndCaseAreIgnored() {
        #expect(index.search(DirectoryQuery(text: "COEUR")).hits.map(\.entry.name) == ["Restos du Cœur — Narbonne"])
        #expect(index.search(DirectoryQuery(text: "epicerie")).total == 1)
        #expect(index.search(DirectoryQuery(text: "lodeve")).total == 1)
    }

    @Test func everyWordMustMatchAWordStart() {
        #expect(index.search(DirectoryQuery(text: "repas narbonne")).total == 2)
        #expect(index.search(DirectoryQuery(text: "narb")).total == 3)
        #expect(index.search(DirectoryQuery(text: "bonne")).total == 0)
        #expect(index.search(DirectoryQuery(text: "arbonne")).corrections == ["arbonne": "narbonne"])
        #expect(index.search(DirectoryQuery(text: "de la du")).total == 5)  // stop words only: no text filter
    }

    @Test func nameMatchesRankAboveServiceMatches() {
        let hits = index.search(DirectoryQuery(text: "cuisine")).hits.map(\.entry.name)
        #expect(hits.first == "Cuisine centrale")
        #expect(hits.contains("Épicerie solidaire La Passerelle"))
    }

    @Test func categoryAndRadiusFilters() {
        let narbonne = GeoPoint(latitude: 43.1837, longitude: 3.0042)
        let near = index.search(DirectoryQuery(center: narbonne, radiusKm: 10))
        #expect(near.total == 3)
        #expect(near.hits.allSatisfy { ($0.distanceKm ?? 99) <= 10 })
        #expect(near.hits.map(\.distanceKm!) == near.hits.map(\.distanceKm!).sorted())  // distance is the default sort with a point
        let foodAid = index.search(DirectoryQuery(categories: [.aideAlimentaire], center: narbonne, radiusKm: 100))
        #expect(foodAid.total == 3)
        #expect(foodAid.categoryCounts[.cuisine] == 1)  // counts ignore the category filter, for the facets
    }

    @Test func categoryListingsAreInNameOrderWithExactTotals() {
        let two = index.search(DirectoryQuery(categories: [.aideAlimentaire, .cuisine], page: 1, per: 3))
        #expect(two.total == 4)
        #expect(two.hits.map(\.entry.name) == ["Banque Alimentaire de l'Aude", "Cuisine centrale", "Épicerie solidaire La Passerelle"])
        #expect(
            index.search(DirectoryQuery(categories: [.aideAlimentaire, .cuisine], page: 2, per: 3)).hits.map(\.entry.name) == ["Restos du Cœur — Narbonne"])
        #expect(two.categoryCounts[.mondeAgricole] == 1)
        let radiusOnly = index.search(DirectoryQuery(center: GeoPoint(latitude: 43.2, longitude: 2.35), radiusKm: 5))
        #expect(radiusOnly.hits.map(\.entry.commune) == ["Carcassonne"])
    }

    @Test func mapsTakeTheFirstMatchesButKnowTheTotal() {
        let capped = index.matches(DirectoryQuery(), limit: 2)
        #expect(capped.hits.map(\.entry.name) == ["Banque Alimentaire de l'Aude", "Cuisine centrale"])
        #expect(capped.total == 5)
        #expect(index.matches(DirectoryQuery(text: "narbonne"), limit: 1).total == 3)
    }

    @Test func paginationAndNameOrder() {
        let first = index.search(DirectoryQuery(page: 1, per: 2))
        let third = index.search(DirectoryQuery(page: 3, per: 2))
        #expect(first.total == 5 && first.pageCount == 3)
        #expect(first.hits.map(\.entry.name) == ["Banque Alimentaire de l'Aude", "Cuisine centrale"])
        #expect(third.hits.count == 1)
        #expect(index.search(DirectoryQuery(page: 9, per: 2)).hits.isEmpty)
    }
}

@Suite struct DirectorySearchParsingTests {
    @Test func nearCommuneBecomesACentre() throws {
        let (query, commune) = try DirectorySearch.parse(DirectorySearchParams(radius_km: "20", near: "Béziers"), now: Date()).get()
        #expect(commune?.insee == "34032")
        #expect(query.radiusKm == 20)
        #expect(query.effectiveSort == .distance)
    }

    @Test func badParametersAreNamed() {
        let params = DirectorySearchParams(category: "inconnue", lat: "abc", lon: "3", radius_km: "-5", sort: "hasard", page: "0", per: "1000")
        guard case .failure(let failure) = DirectorySearch.parse(params, now: Date()) else {
            Issue.record("bad parameters accepted")
            return
        }
        for field in ["category", "lat", "radius_km", "sort", "page", "per"] { #expect(failure.fields[field] != nil, "\(field)") }
    }
}

@Suite struct ExportAndMapTests {
    @Test func csvQuotesAndNeutralisesFormulas() {
        #expect(CSVFile.quote("simple") == "simple")
        #expect(CSVFile.quote("a, b") == "\"a, b\"")
        #expect(CSVFile.quote("dit \"oui\"") == "\"dit \"\"oui\"\"\"")
        #expect(CSVFile.quote("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSVFile.quote("-12.5") == "-12.5")
    }

    @Test func mapEscapesTitlesAndDrawsTilesWhenConfigured() {
        let marker = MapRenderer.Marker(
            point: GeoPoint(latitude: 43.18, longitude: 3.0), color: "#d62728", title: "<script>alert(1)</script>", href: "/structures/x")
        let plain = MapRenderer(markers: [marker]).svg().html
        #expect(plain.contains("&lt;script&gt;"))
        #expect(!plain.contains("<script>"))
        #expect(!plain.contains("<image"))
        let tiled = MapRenderer(markers: [marker], tileURL: "https://tiles.example.org/{z}/{x}/{y}.png").svg().html
        #expect(tiled.contains("<image href=\"https://tiles.example.org/"))
    }
}
