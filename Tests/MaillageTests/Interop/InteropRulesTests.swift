import Foundation
import Testing

@testable import Maillage

/// Reading, checking and mapping data·inclusion records, without a database.
@Suite struct InteropRulesTests {
    static func plan(_ structures: String, _ services: String? = nil, known: Set<String> = []) throws -> DataInclusion.Plan {
        var s = Array(structures.utf8)
        var v = services.map { Array($0.utf8) }
        return try s.withUnsafeMutableBytes { sb in
            if v != nil {
                return try v!.withUnsafeMutableBytes { vb in
                    try DataInclusion.plan(structures: UnsafeRawBufferPointer(sb), services: UnsafeRawBufferPointer(vb), knownStructures: known)
                }
            }
            return try DataInclusion.plan(structures: UnsafeRawBufferPointer(sb), services: nil, knownStructures: known)
        }
    }

    @Test func jsonReaderReportsWhereAFileIsBroken() throws {
        #expect(
            try JSONArrayReader.parse(#"{"a":"\u00e9\ud83d\ude00","b":[1,2.5,-3e2,true,null]}"#)
                == .object([
                    "a": .string("é😀"),
                    "b": .array([.number(1, isInteger: true), .number(2.5, isInteger: false), .number(-300, isInteger: false), .bool(true), .null]),
                ]))
        func error(_ text: String) -> JSONSyntaxError? {
            do { _ = try Self.plan(text); return nil } catch let e as ImportFileError {
                // The message names line and column.
                #expect(e.message.contains("ligne"))
                return JSONSyntaxError(line: 0, column: 0, message: e.message)
            } catch { return nil }
        }
        #expect(error(#"{"id": "x"}"#)?.message.contains("il faut une liste") == true)
        #expect(error("")?.message.contains("vide") == true)
        #expect(error("[{\"id\": \"a\"},\n {\"id\": \"b\"")?.message.contains("ligne 2") == true)
        #expect(error(#"[{"id": "a\q"}]"#)?.message.contains("échappement inconnu") == true)
        #expect(error("[1] [2]")?.message.contains("en trop") == true)
        #expect(error(String(repeating: "[", count: 200) + String(repeating: "]", count: 200))?.message.contains("trop profonde") == true)
        #expect(error("not json")?.message.contains("liste JSON") == true)
    }

    @Test func openingHoursFollowTheOpenStreetMapSyntax() throws {
        for ok in [
            "Mo-Fr 08:30-12:30; PH off", "24/7", "Mo,We 09:00-12:00,14:00-18:00", "Su off", "Jan-Mar Mo 10:00-12:00",
            #"Mo-Fr 08:00-12:00 "sur rendez-vous""#, "Tu[1] 14:00-16:00", "Mo-Sa 10:00+", "Sa sunrise-sunset", "Mo 09:00-12:00 || PH closed",
        ] {
            #expect(throws: Never.self, "\(ok)") { try OpeningHours.validate(ok) }
        }
        for bad in ["lundi 9h-12h", "Mo-Fr 8h-12h", "Mo-Fr 08:30-", ";", "Mo-Fr 08:60-09:00", "Mo-12:00", "Mo | Tu", #"Mo "ouvert"#] {
            #expect(throws: OpeningHours.SyntaxError.self, "\(bad)") { try OpeningHours.validate(bad) }
        }
    }

    @Test func recordsAreCheckedAgainstTheSchemaAndMaillageRules() throws {
        let plan = try Self.plan(
            """
            [
             {"source":"dora","id":"dora--1","nom":"Épicerie solidaire du Canal","date_maj":"2025-02-14","code_insee":"11262","siret":"12345678901234","courriel":"contact@canal.fr","telephone":"+33468000001","horaires_accueil":"Mo-Fr 08:30-12:30","lien_source":"https://dora.example/x","accessibilite_lieu":"https://acceslibre.beta.gouv.fr/x"},
             {"source":"dora","id":"dora--2","nom":"X","date_maj":"2025-02-14","code_insee":"11262"},
             {"source":"dora","id":"dora--3","nom":"Siret court","date_maj":"2025-02-14","code_insee":"11262","siret":"123"},
             {"source":"dora","id":"dora--4","nom":"Mauvais courriel","date_maj":"2025-02-14","code_insee":"11262","courriel":"pas-une-adresse"},
             {"source":"dora","id":"dora--5","nom":"Date fausse","date_maj":"2025-02-30","code_insee":"11262"},
             {"source":"dora","id":"dora--6","nom":"Sans lieu","date_maj":"2025-02-14"},
             {"source":"dora","id":"dora--7","nom":"Inversée","date_maj":"2025-02-14","latitude":2.35,"longitude":43.2},
             {"source":"dora","id":"dora--8","nom":"Latitude seule","date_maj":"2025-02-14","latitude":43.2},
             {"source":"dora","id":"dora--9","nom":"Réseau inconnu","date_maj":"2025-02-14","code_insee":"11262","reseaux_porteurs":["pas-un-reseau"]},
             {"source":"dora","id":"dora--10","nom":"Type faux","date_maj":"2025-02-14","code_insee":11262},
             {"source":"dora","id":"dora--11","nom":"Téléphone","date_maj":"2025-02-14","code_insee":"11262","telephone":"appelez-nous"},
             {"source":"dora","id":"dora--12","nom":"Horaires","date_maj":"2025-02-14","code_insee":"11262","horaires_accueil":"du lundi au vendredi"},
             {"source":"dora","nom":"Sans identifiant","date_maj":"2025-02-14"},
             "pas un objet",
             {"source":"dora","id":"dora--1","nom":"Doublon","date_maj":"2025-02-14","code_insee":"11262"},
             {"source":"dora","id":"dora--13","nom":"Par code postal","date_maj":"2025-02-14","code_postal":"34500","commune":"Béziers"}
            ]
            """)
        let reasons = Dictionary(plan.rejections.map { ($0.id + "|" + $0.field, $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(plan.structuresRead == 16)
        #expect(plan.structures.map(\.id) == ["dora--1", "dora--13"])
        #expect(reasons["dora--2|nom"]?.contains("trop court") == true)
        #expect(reasons["dora--3|siret"]?.contains("14 chiffres") == true)
        #expect(reasons["dora--4|courriel"]?.contains("adresse e-mail") == true)
        #expect(reasons["dora--5|date_maj"]?.contains("AAAA-MM-JJ") == true)
        #expect(reasons["dora--6|latitude"]?.contains("impossible de placer") == true)
        #expect(reasons["dora--7|latitude"]?.contains("hors de France") == true)
        #expect(reasons["dora--8|longitude"]?.contains("vont ensemble") == true)
        #expect(reasons["dora--9|reseaux_porteurs"]?.contains("inconnue") == true)
        #expect(reasons["dora--10|code_insee"]?.contains("doit être un texte (reçu : nombre)") == true)
        #expect(reasons["dora--11|telephone"] != nil)
        #expect(reasons["dora--12|horaires_accueil"]?.contains("OpenStreetMap") == true)
        #expect(reasons["#13|id"]?.contains("obligatoire") == true)
        #expect(reasons["#14|(enregistrement)"]?.contains("objet JSON") == true)
        #expect(reasons["dora--1|id"]?.contains("en double") == true)
        let canal = try #require(plan.structures.first)
        #expect(canal.commune == "Narbonne" && canal.postalCode == "11100")
        #expect(canal.kept == ["lien_source": "https://dora.example/x", "accessibilite_lieu": "https://acceslibre.beta.gouv.fr/x"])
        let beziers = try #require(plan.structures.last)
        #expect(beziers.inseeCode == "34032")
        // Every rejected line keeps the CLI contract.
        #expect(plan.rejections.allSatisfy { $0.line.hasPrefix("rejected \($0.id): \($0.field): ") })
    }

    @Test func servicesMustPointToAKnownStructure() throws {
        let structures =
            #"[{"source":"s","id":"s--1","nom":"Épicerie","date_maj":"2025-01-01","code_insee":"11262"},{"source":"s","id":"s--2","nom":"X","date_maj":"2025-01-01"}]"#
        let services = """
            [{"source":"s","id":"v--1","structure_id":"s--1","nom":"Colis","description":"Colis chaque semaine","date_maj":"2025-01-01","thematiques":["equipement-et-alimentation--alimentation"],"frais":"gratuit"},
             {"source":"s","id":"v--2","structure_id":"s--2","nom":"Colis","description":"Colis chaque semaine","date_maj":"2025-01-01"},
             {"source":"s","id":"v--3","structure_id":"s--9","nom":"Colis","description":"Colis chaque semaine","date_maj":"2025-01-01"},
             {"source":"s","id":"v--4","structure_id":"old--1","nom":"Colis","description":"Colis chaque semaine","date_maj":"2025-01-01"},
             {"source":"s","id":"v--5","structure_id":"s--1","nom":"Colis","description":"Colis","date_maj":"2025-01-01","thematiques":["pas-un-theme"]},
             {"source":"s","id":"v--1","structure_id":"s--1","nom":"Encore","description":"Doublon du premier","date_maj":"2025-01-01"}]
            """
        let plan = try Self.plan(structures, services, known: ["old--1"])
        #expect(plan.services.map(\.id) == ["v--1", "v--4"])
        let reasons = Dictionary(plan.rejections.map { ($0.id, $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(reasons["v--2"]?.contains("a été refusée") == true)
        #expect(reasons["v--3"]?.contains("inconnue") == true)
        #expect(reasons["v--5"]?.contains("inconnue") == true)
        #expect(plan.rejections.contains { $0.id == "v--1" && $0.reason.contains("en double") })
        #expect(!plan.services[0].payload.contains("structure_id"))
    }

    @Test func categoriesComeFromNetworksThemesAndNames() {
        #expect(CategoryMapping.categorize(name: "Centre Paul Bert", networks: ["restos-du-coeur"], themes: []).category == .aideAlimentaire)
        #expect(CategoryMapping.categorize(name: "Accueil de jour", networks: [], themes: [CategoryMapping.foodTheme]).category == .aideAlimentaire)
        #expect(CategoryMapping.categorize(name: "CCAS de Lézignan", networks: [], themes: []).category == .institution)
        #expect(CategoryMapping.categorize(name: "Légumerie du Lauragais", networks: [], themes: []).category == .logistiqueTransformation)
        let unknown = CategoryMapping.categorize(name: "Association Horizon", networks: ["mobin"], themes: ["numerique--acquerir-un-equipement"])
        #expect(unknown.category == .educationSocial)
        #expect(unknown.basis.contains("par défaut"))
        #expect(unknown.unmappedNetworks == ["mobin"] && unknown.unmappedThemes == ["numerique--acquerir-un-equipement"])
        // The network outweighs a word of the name.
        #expect(CategoryMapping.categorize(name: "Cuisine du cœur", networks: ["secours-populaire"], themes: []).category == .aideAlimentaire)
    }

    @Test func institutionKindsAreReadFromNames() {
        let cases: [(String, InstitutionKind?)] = [
            ("DDETSPP de l'Aude", .etat), ("DRAAF Occitanie — site de Montpellier", .etat), ("Préfecture de l'Hérault", .etat),
            ("Département de l'Aude — direction des solidarités", .departement), ("Conseil régional Occitanie", .region),
            ("Le Grand Narbonne — communauté d'agglomération", .epci), ("Carcassonne Agglo", .epci), ("CCAS de Sète", .communeCCAS),
            ("Mairie de Gruissan", .communeCCAS), ("CAF de l'Aude", .caf), ("MSA Grand Sud", .msa),
            ("Agence régionale de santé Occitanie", .ars), ("Association Horizon", nil),
        ]
        for (name, kind) in cases { #expect(InstitutionKind.classify(name: name) == kind, "\(name)") }
        #expect(InstitutionKind.classify(name: "Accueil", networks: ["mutualite-sociale-agricole"]) == .msa)
    }

    @Test func coverageSaysWhoIsPresentThinOrAbsent() {
        func s(_ name: String, _ c: Category, _ k: InstitutionKind? = nil, engaged: Bool = false, commune: String = "Narbonne") -> Coverage.Structure {
            .init(
                member: .init(id: UUID(), name: name, commune: commune, inseeCode: nil, point: GeoPoint(latitude: 43.18, longitude: 3.0), engaged: engaged),
                category: c, institution: k)
        }
        let coverage = Coverage.compute(
            structures: [
                s("Banque", .aideAlimentaire, engaged: true), s("Épicerie", .aideAlimentaire), s("Restos", .aideAlimentaire, commune: "Sigean"),
                s("Ferme", .mondeAgricole), s("CCAS", .institution, .communeCCAS), s("Institution sans nom clair", .institution),
            ], expected: ["monde-agricole": 1, "recherche": 0])
        func line(_ key: String) -> Coverage.Line? { coverage.lines.first { $0.row.key == key } }
        #expect(line("aide-alimentaire")?.presence == .present)
        #expect(line("aide-alimentaire")?.engagedCount == 1)
        #expect(line("aide-alimentaire")?.communes.map(\.name) == ["Narbonne", "Sigean"])
        #expect(line("monde-agricole")?.presence == .present)
        #expect(line("institution-commune-ccas")?.presence == .thin)
        #expect(line("institution-ars")?.presence == .absent)
        #expect(line("recherche")?.presence == .present)  // nobody expected
        #expect(line("sante")?.presence == .absent)
        #expect(coverage.otherInstitutions.map(\.name) == ["Institution sans nom clair"])
        #expect(coverage.lines.count == PanelRow.all.count)
        let csv = TerritoryController.csv(coverage, .program).text
        #expect(csv.hasPrefix("ligne,libelle,attendus,presents,etat"))
        #expect(csv.contains("institution-ars,ARS,1,0,Absent,0,,"))
    }

    @Test func duplicatesAreSameSiretOrSameNameNearby() {
        let p = GeoPoint(latitude: 43.1833, longitude: 3.0042)
        let near = GeoPoint(latitude: 43.1840, longitude: 3.0050)  // about 100 m
        let far = GeoPoint(latitude: 43.2100, longitude: 3.0400)
        let list: [Duplicates.Candidate] = [
            .init(id: UUID(), name: "Épicerie La Passerelle", siret: nil, point: p, commune: "Narbonne", source: nil),
            .init(id: UUID(), name: "EPICERIE la passerelle", siret: nil, point: near, commune: "Narbonne", source: "dora"),
            .init(id: UUID(), name: "Épicerie La Passerelle", siret: nil, point: far, commune: "Narbonne", source: "dora"),
            .init(id: UUID(), name: "Banque A", siret: "12345678901234", point: p, commune: "Narbonne", source: nil),
            .init(id: UUID(), name: "Banque B", siret: "12345678901234", point: far, commune: "Narbonne", source: "soliguide"),
        ]
        let pairs = Duplicates.find(list)
        #expect(pairs.count == 2)
        #expect(pairs.contains { $0.reason.hasPrefix("même SIRET") })
        #expect(pairs.contains { $0.reason.hasPrefix("même nom à") && Set([$0.a.source, $0.b.source]) == Set([nil, "dora"]) })
    }

    @Test func cooperationWeightsFadeWithTimeAndGraphMarksIsolated() throws {
        let a = UUID(), b = UUID(), c = UUID()
        let now = Date()
        let links = Cooperation.links(
            [
                .init(a: a, b: b, kind: "partenariat", at: now, volume: 1),
                .init(a: b, b: a, kind: "livraison", at: now.addingTimeInterval(-365 * 86_400), volume: 2),
                .init(a: a, b: a, kind: "soi-même", at: now, volume: 1),
            ], now: now)
        #expect(links.count == 1)
        #expect(abs(links[0].weight - 2.0) < 0.01)  // 1 + 2 × ½
        #expect(links[0].kinds == ["partenariat", "livraison"])
        let graph = CooperationGraph(
            nodes: [
                .init(id: a, name: "A", category: .aideAlimentaire), .init(id: b, name: "B", category: .cuisine),
                .init(id: c, name: "C <isolée>", category: .cuisine),
            ], links: links)
        let svg = graph.svg().html
        #expect(svg.components(separatedBy: "<line").count == 2)
        #expect(svg.components(separatedBy: "class=\"isolated\"").count == 2)
        #expect(svg.contains("C &lt;isolée&gt;"))
        // 300 nodes stay inside the drawing.
        let many = (0..<300).map { CooperationGraph.Node(id: UUID(), name: "S\($0)", category: Category.allCases[$0 % 7 == 0 ? 0 : $0 % 10]) }
        let placed = CooperationGraph(nodes: many, links: []).layout()
        #expect(placed.count == 300)
        #expect(placed.values.allSatisfy { (0...960).contains($0.x) && (0...720).contains($0.y) })
    }
}
