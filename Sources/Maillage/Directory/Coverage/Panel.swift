import Foundation

/// The institutions seed 002 names around the table. A structure's kind is read from its name and,
/// for imported records, from its data·inclusion networks: no one has to fill in one more field.
enum InstitutionKind: String, CaseIterable, Codable, Sendable {
    case etat, region, departement, epci, communeCCAS = "commune-ccas", caf, msa, ars

    var label: String {
        switch self {
        case .etat: "État (DDETS, DDT, DRAAF, préfecture…)"
        case .region: "Région"
        case .departement: "Département"
        case .epci: "Intercommunalité (EPCI)"
        case .communeCCAS: "Communes et CCAS"
        case .caf: "CAF"
        case .msa: "MSA"
        case .ars: "ARS"
        }
    }

    static let byNetwork: [String: InstitutionKind] = [
        "ccas-cias": .communeCCAS, "communes": .communeCCAS, "departements": .departement,
        "delegataire-conseil-departemental": .departement, "maisons-des-solidarites": .departement,
        "maison-departementale-de-lautonomie": .departement, "mdph": .departement, "ase": .departement,
        "regions": .region, "caf": .caf, "mutualite-sociale-agricole": .msa,
        "france-travail": .etat, "pjj": .etat, "spip": .etat,
    ]

    /// Phrases are matched on folded words (accents and case ignored), whole words only.
    private static let phrases: [(String, InstitutionKind)] = [
        ("centre communal d action sociale", .communeCCAS), ("centre intercommunal d action sociale", .communeCCAS),
        ("ccas", .communeCCAS), ("cias", .communeCCAS), ("mairie", .communeCCAS), ("ville de", .communeCCAS), ("commune de", .communeCCAS),
        ("conseil departemental", .departement), ("departement de", .departement), ("departement du", .departement),
        ("departement des", .departement), ("maison departementale", .departement), ("collectivite europeenne", .departement),
        ("conseil regional", .region), ("region", .region),
        ("communaute de communes", .epci), ("communaute d agglomeration", .epci), ("communaute urbaine", .epci),
        ("metropole", .epci), ("agglomeration", .epci), ("agglo", .epci), ("epci", .epci), ("pays", .epci), ("syndicat mixte", .epci),
        ("caisse d allocations familiales", .caf), ("caf", .caf),
        ("mutualite sociale agricole", .msa), ("msa", .msa),
        ("agence regionale de sante", .ars), ("ars", .ars),
        ("prefecture", .etat), ("sous prefecture", .etat), ("ddets", .etat), ("ddetspp", .etat), ("ddt", .etat), ("ddtm", .etat),
        ("ddpp", .etat), ("draaf", .etat), ("dreets", .etat), ("dreal", .etat), ("direction departementale", .etat),
        ("direction regionale", .etat), ("services de l etat", .etat), ("ministere", .etat),
    ]

    /// Longest first: "agence regionale de sante" must win over "region".
    private static let sortedPhrases = phrases.sorted { $0.0.count > $1.0.count }.map { (PhraseMatcher.Phrase($0.0), $0.1) }

    static func classify(name: String, networks: [String] = []) -> InstitutionKind? {
        for network in networks { if let kind = byNetwork[network] { return kind } }
        let words = TextFolding.words(name)
        return sortedPhrases.first { $0.0.occurs(in: words) }?.1
    }
}

/// One line of the reference panel (seed 002 §1–2): a category, or one kind of institution.
struct PanelRow: Sendable, Equatable {
    var key: String
    var label: String
    var examples: String
    var category: Category
    var institution: InstitutionKind?
    var defaultExpected: Int

    static let all: [PanelRow] =
        [
            PanelRow(
                key: "aide-alimentaire", label: "Aide alimentaire",
                examples: "Banques alimentaires, Restos du Cœur, Secours populaire, Croix-Rouge, épiceries solidaires",
                category: .aideAlimentaire, institution: nil, defaultExpected: 3),
            PanelRow(
                key: "monde-agricole", label: "Monde agricole", examples: "Fermes, AMAP, chambre d'agriculture, SOLAAL, syndicats agricoles",
                category: .mondeAgricole, institution: nil, defaultExpected: 3),
        ]
        + InstitutionKind.allCases.map { kind in
            PanelRow(
                key: "institution-\(kind.rawValue)", label: kind.label, examples: "Institution", category: .institution, institution: kind,
                defaultExpected: kind == .communeCCAS ? 2 : 1)
        } + [
            PanelRow(
                key: "education-social", label: "Éducation & social", examples: "Centres sociaux, MJC, missions locales, lycées agricoles, universités",
                category: .educationSocial, institution: nil, defaultExpected: 2),
            PanelRow(
                key: "distribution-entreprises", label: "Distribution & entreprises",
                examples: "Grandes surfaces, Biocoop, entreprises engagées (RSE), banques et assurances",
                category: .distributionEntreprises, institution: nil, defaultExpected: 2),
            PanelRow(
                key: "sante", label: "Santé", examples: "Nutritionnistes, diététicien·nes, prévention (CPAM), maisons de santé",
                category: .sante, institution: nil, defaultExpected: 1),
            PanelRow(
                key: "cuisine", label: "Cuisine", examples: "Cuisinier·es, restauration collective (CROUS, cantines scolaires)",
                category: .cuisine, institution: nil, defaultExpected: 1),
            PanelRow(
                key: "logistique-transformation", label: "Logistique & transformation", examples: "Transporteurs, plateformes, légumeries, conserveries",
                category: .logistiqueTransformation, institution: nil, defaultExpected: 1),
            PanelRow(
                key: "habitants", label: "Habitants", examples: "Habitant·es des QPV, personnes concernées, conseils citoyens",
                category: .habitants, institution: nil, defaultExpected: 1),
            PanelRow(
                key: "recherche", label: "Recherche", examples: "INRAE, Institut Agro, laboratoires universitaires",
                category: .recherche, institution: nil, defaultExpected: 1),
        ]

    static func row(key: String) -> PanelRow? { all.first { $0.key == key } }

    /// The panel line a structure counts for; institutions whose kind is not recognised count for none
    /// (they are shown apart, so that nothing is hidden).
    static func key(category: Category, institution: InstitutionKind?) -> String? {
        if category == .institution { return institution.map { "institution-\($0.rawValue)" } }
        return category.rawValue
    }
}

/// How well a panel line is represented: absent (none), thin (fewer than expected), present.
enum Presence: String, Sendable, Codable {
    case absent, thin, present

    var label: String {
        switch self {
        case .absent: "Absent"
        case .thin: "Peu présent"
        case .present: "Présent"
        }
    }

    static func of(count: Int, expected: Int) -> Presence {
        if count == 0 { return expected == 0 ? .present : .absent }
        return count < expected ? .thin : .present
    }
}

/// "Who is missing at the table" for one territory, computed from the structures that are there.
struct Coverage: Sendable {
    struct Member: Sendable {
        var id: UUID
        var name: String
        var commune: String
        var inseeCode: String?
        var point: GeoPoint
        var engaged: Bool
    }
    struct Line: Sendable {
        var row: PanelRow
        var expected: Int
        var members: [Member]
        var presence: Presence { Presence.of(count: members.count, expected: expected) }
        var engagedCount: Int { members.filter(\.engaged).count }
        /// Communes with how many of this line's structures, most first.
        var communes: [(name: String, count: Int)] {
            Dictionary(grouping: members, by: \.commune).map { ($0.key, $0.value.count) }
                .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        }
    }

    var lines: [Line]
    /// Institutions whose kind could not be recognised from their name.
    var otherInstitutions: [Member]

    struct Structure: Sendable {
        var member: Member
        var category: Category
        var institution: InstitutionKind?
    }

    static func compute(structures: [Structure], expected: [String: Int]) -> Coverage {
        var byKey: [String: [Member]] = [:]
        var others: [Member] = []
        for s in structures {
            if let key = PanelRow.key(category: s.category, institution: s.institution) {
                byKey[key, default: []].append(s.member)
            } else {
                others.append(s.member)
            }
        }
        let lines = PanelRow.all.map { row in
            Line(
                row: row, expected: expected[row.key] ?? row.defaultExpected,
                members: (byKey[row.key] ?? []).sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending })
        }
        return Coverage(lines: lines, otherInstitutions: others.sorted { $0.name < $1.name })
    }

    var missing: [Line] { lines.filter { $0.presence == .absent } }
    var thin: [Line] { lines.filter { $0.presence == .thin } }
}
