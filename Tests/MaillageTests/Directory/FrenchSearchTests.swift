import Foundation
import Testing

@testable import Maillage

/// Issue 13, item 2: what people type, in French, finds what they mean.
@Suite struct FrenchSearchTests {
    static let names = [
        "Banque Alimentaire de l'Aude", "Conserverie solidaire du Minervois", "Épicerie solidaire La Passerelle",
        "Restos du Cœur — Narbonne", "Jardin partagé des Capucins", "Maraîcher bio des Corbières", "Centre social Razimbaud",
        "Association caritative Saint-Vincent", "Atelier de réparation de vélos", "Cuisinière à domicile",
        "Collectif des travailleurs sociaux", "Animateur du projet alimentaire territorial",
    ]
    let index = DirectoryIndex(
        entries: names.enumerated().map { i, name in
            DirectoryIndexTests.entry(name, .aideAlimentaire, i % 2 == 0 ? "Narbonne" : "Carcassonne", 43.18, 3.0)
        })

    func found(_ text: String) -> [String] { index.search(DirectoryQuery(text: text)).hits.map(\.entry.name) }

    @Test func pluralsFeminineAndAgentFormsFindTheFiche() {
        let cases: [(String, String)] = [
            ("banques alimentaires", "Banque Alimentaire de l'Aude"),
            ("conserveries", "Conserverie solidaire du Minervois"),
            ("épiceries solidaires", "Épicerie solidaire La Passerelle"),
            ("jardins partagés", "Jardin partagé des Capucins"),
            ("maraîchère", "Maraîcher bio des Corbières"),
            ("maraichers", "Maraîcher bio des Corbières"),
            ("centres sociaux", "Centre social Razimbaud"),
            ("associations caritatives", "Association caritative Saint-Vincent"),
            ("cuisinier", "Cuisinière à domicile"),
            ("travailleur social", "Collectif des travailleurs sociaux"),
            ("animatrice", "Animateur du projet alimentaire territorial"),
            ("restos du coeur", "Restos du Cœur — Narbonne"),
        ]
        for (query, expected) in cases { #expect(found(query).contains(expected), "« \(query) »") }
        // Typing goes on working: prefixes of the words themselves.
        #expect(found("épic").contains("Épicerie solidaire La Passerelle"))
        #expect(found("conserv").contains("Conserverie solidaire du Minervois"))
        // Stems are matched whole: "repas" does not pull in "réparation".
        #expect(found("repas").isEmpty)
    }

    @Test func aTypoIsCorrectedOnlyWhenAWordFindsNothing() {
        // "Narbone" and "passerele" share their stems with the right words; these do not.
        let result = index.search(DirectoryQuery(text: "pasesrelle narbinne"))
        #expect(result.hits.map(\.entry.name) == ["Épicerie solidaire La Passerelle"])
        #expect(result.corrections == ["pasesrelle": "passerelle", "narbinne": "narbonne"])
        #expect(found("passerele narbone") == ["Épicerie solidaire La Passerelle"])
        #expect(index.search(DirectoryQuery(text: "epicreie")).hits.count == 1)  // two letters swapped
        #expect(index.search(DirectoryQuery(text: "narbonne")).corrections.isEmpty)
        #expect(index.search(DirectoryQuery(text: "zzzzzz")).total == 0)
        #expect(FrenchStemmer.stem("sociaux") == FrenchStemmer.stem("sociale"))
        #expect(FrenchStemmer.stem("nouveaux") == "nouveau")
        #expect(FrenchStemmer.stem("bus") == "bus" && FrenchStemmer.stem("2024") == "2024")
    }

    @Test func placesResolveOrAskWhichOne() {
        let table = CommuneTable.shared
        guard case .found(let narbonne) = table.resolve("Narbonne") else { Issue.record("Narbonne"); return }
        #expect(narbonne.insee == "11262")
        guard case .suggestion(let suggested) = table.resolve("Narbone") else { Issue.record("Narbone"); return }
        #expect(suggested.name == "Narbonne")
        guard case .suggestion(let beziers) = table.resolve("Bezier") else { Issue.record("Bezier"); return }
        #expect(beziers.name == "Béziers")
        guard case .several(let pons) = table.resolve("Saint-Pons") else { Issue.record("Saint-Pons"); return }
        #expect(Set(pons.map(\.departement)).isSuperset(of: ["04", "07", "34"]))
        guard case .found(let chosen) = table.resolve(CommuneTable.label(pons.first { $0.departement == "07" } ?? narbonne)) else {
            Issue.record("a choice must resolve alone")
            return
        }
        #expect(chosen.departement == "07")
        #expect(table.resolve("Atlantide") == .none)
        // A typed radius, any radius, with a comma or "km".
        let (query, _) =
            (try? DirectorySearch.parse(DirectorySearchParams(radius_km: "12,5 km", near: "Narbonne"), now: Date()).get()) ?? (DirectoryQuery(), nil)
        #expect(query.radiusKm == 12.5)
        guard case .failure(let failure) = DirectorySearch.parse(DirectorySearchParams(near: "Saint-Pons"), now: Date()) else {
            Issue.record("an ambiguous place is a question")
            return
        }
        #expect(failure.fields["near"]?.contains("Plusieurs communes") == true)
    }
}

@Suite struct FrenchSearchHTTPTests {
    @Test func thePageOffersTheCommunesAndTheCorrection() async throws {
        try await withMaillage { app in
            // setup
            let referent = try await Fixtures.user(app, "ref@test.fr")
            var input = Fixtures.input(name: "Banque Alimentaire de l'Aude")
            input.services = "Conserverie, épicerie"
            _ = try await Fixtures.organization(app, referent: referent, input: input)
            let browser = Browser(app)
            // act + check: plurals, a typo, an ambiguous place, a near spelling
            let plural = try await browser.get(DirectoryURL.directory.path + "?q=banques+alimentaires&near=Narbonne&radius_km=12,5")
            #expect(plural.status == .ok)
            #expect(plural.body.string.contains("Banque Alimentaire de l'Aude"))
            let typo = try await browser.get(DirectoryURL.directory.path + "?q=conservreie").body.string
            #expect(typo.contains("voici les résultats pour « conserverie »"))
            let pons = try await browser.get(DirectoryURL.directory.path + "?q=epicerie&near=Saint-Pons")
            #expect(pons.status == .unprocessableEntity)
            #expect(pons.body.string.contains("Choisissez la commune"))
            #expect(pons.body.string.contains(">Saint-Pons (07580)</a>"))
            #expect(pons.body.string.contains(">Saint-Pons-de-Thomières (34220)</a>"))
            let near = try await browser.get(DirectoryURL.map.path + "?near=Narbone").body.string
            #expect(near.contains("Vouliez-vous dire"))
            let api = try await browser.get(DirectoryURL.apiOrganizations.path + "?near=Saint-Pons")
            #expect(api.status == .unprocessableEntity && api.body.string.contains("Plusieurs communes"))
        }
    }
}
