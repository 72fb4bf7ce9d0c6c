import Foundation

/// data·inclusion speaks of social-inclusion networks and themes; Maillage sorts actors by the panel
/// of seed 002. This maps one onto the other, says on what it based the choice, and lists what it
/// could not use (kept in the record's provenance).
enum CategoryMapping {
    struct Result: Equatable, Sendable {
        var category: Category
        var basis: String
        var unmappedNetworks: [String]
        var unmappedThemes: [String]
    }

    static let networks: [String: Category] = {
        var map: [String: Category] = [:]
        for n in ["banques-alimentaires", "restos-du-coeur", "secours-populaire", "croix-rouge"] { map[n] = .aideAlimentaire }
        for n in [
            "ccas-cias", "communes", "departements", "regions", "caf", "mutualite-sociale-agricole", "france-travail", "france-service",
            "msap", "maisons-des-solidarites", "maison-departementale-de-lautonomie", "mdph", "delegataire-conseil-departemental",
            "ase", "pjj", "spip",
        ] { map[n] = .institution }
        for n in ["cpam", "csapa", "caarud", "cms", "cmp"] { map[n] = .sante }
        for n in [
            "mission-locale", "mjc", "fcsf", "reseau-information-jeunesse", "ecoles-de-la-deuxieme-chance", "apprentis-dauteuil",
            "chrs", "chu", "cada", "huda", "hup", "siao", "residences-fjt", "unaf", "cidff", "points-conseil-budget", "cresus",
            "federation-des-acteurs-de-la-solidarite", "emmaus", "unis-cite", "afpa", "epide", "conseillers-numeriques",
            "espaces-publics-numeriques", "fabrique-de-territoire", "pimms-mediation", "maisons-de-l-emploi", "plie",
            "points-justice", "cap-emploi-reseau-cheops", "anlci",
        ] { map[n] = .educationSocial }
        for n in [
            "ei", "aci", "etti", "eiti", "inae", "geiq", "coorace", "chantier-ecole", "ea", "esat", "unea", "ressourceries",
            "france-active", "reseau-entreprendre", "face",
        ] { map[n] = .distributionEntreprises }
        return map
    }()

    /// Whole-word phrases of a structure's name (folded) that say what it is.
    private static let namePhrases: [(PhraseMatcher.Phrase, Category)] = phraseList.map { (PhraseMatcher.Phrase($0.0), $0.1) }
    private static let phraseList: [(String, Category)] = [
        ("epicerie solidaire", .aideAlimentaire), ("epicerie sociale", .aideAlimentaire), ("banque alimentaire", .aideAlimentaire),
        ("restos du coeur", .aideAlimentaire), ("restaurants du coeur", .aideAlimentaire), ("secours populaire", .aideAlimentaire),
        ("secours catholique", .aideAlimentaire), ("croix rouge", .aideAlimentaire), ("aide alimentaire", .aideAlimentaire),
        ("distribution alimentaire", .aideAlimentaire), ("colis alimentaires", .aideAlimentaire), ("frigo solidaire", .aideAlimentaire),
        ("ferme", .mondeAgricole), ("gaec", .mondeAgricole), ("earl", .mondeAgricole), ("amap", .mondeAgricole),
        ("chambre d agriculture", .mondeAgricole), ("maraicher", .mondeAgricole), ("maraichage", .mondeAgricole),
        ("cooperative agricole", .mondeAgricole), ("solaal", .mondeAgricole), ("confederation paysanne", .mondeAgricole),
        ("jeunes agriculteurs", .mondeAgricole), ("civam", .mondeAgricole),
        ("ccas", .institution), ("cias", .institution), ("centre communal d action sociale", .institution), ("mairie", .institution),
        ("conseil departemental", .institution), ("conseil regional", .institution), ("communaute de communes", .institution),
        ("communaute d agglomeration", .institution), ("metropole", .institution), ("prefecture", .institution), ("ddets", .institution),
        ("ddt", .institution), ("ddtm", .institution), ("draaf", .institution), ("caisse d allocations familiales", .institution),
        ("mutualite sociale agricole", .institution), ("agence regionale de sante", .institution),
        ("centre social", .educationSocial), ("mjc", .educationSocial), ("mission locale", .educationSocial),
        ("lycee agricole", .educationSocial), ("universite", .educationSocial), ("college", .educationSocial), ("lycee", .educationSocial),
        ("supermarche", .distributionEntreprises), ("hypermarche", .distributionEntreprises), ("biocoop", .distributionEntreprises),
        ("carrefour", .distributionEntreprises), ("leclerc", .distributionEntreprises), ("intermarche", .distributionEntreprises),
        ("maison de sante", .sante), ("centre de sante", .sante), ("nutrition", .sante), ("dieteticien", .sante), ("dieteticienne", .sante),
        ("cpam", .sante), ("prevention", .sante),
        ("cuisine", .cuisine), ("restaurant", .cuisine), ("restauration collective", .cuisine), ("cantine", .cuisine),
        ("crous", .cuisine), ("traiteur", .cuisine),
        ("legumerie", .logistiqueTransformation), ("conserverie", .logistiqueTransformation), ("plateforme logistique", .logistiqueTransformation),
        ("transport", .logistiqueTransformation), ("entrepot", .logistiqueTransformation),
        ("conseil citoyen", .habitants), ("collectif d habitants", .habitants), ("amicale des locataires", .habitants),
        ("regie de quartier", .habitants),
        ("inrae", .recherche), ("institut agro", .recherche), ("laboratoire", .recherche), ("cnrs", .recherche),
    ]

    static let foodTheme = "equipement-et-alimentation--alimentation"

    static func categorize(name: String, networks given: [String], themes: [String]) -> Result {
        var score: [Category: Double] = [:]
        var basis: [Category: String] = [:]
        func vote(_ c: Category, _ weight: Double, _ why: String) {
            score[c, default: 0] += weight
            if basis[c] == nil { basis[c] = why }
        }
        var unmappedNetworks: [String] = []
        for n in given {
            if let c = networks[n] { vote(c, 3, "réseau porteur « \(n) »") } else { unmappedNetworks.append(n) }
        }
        let words = TextFolding.words(name)
        for (phrase, c) in namePhrases where phrase.occurs(in: words) { vote(c, 2, "nom (« \(phrase.text) »)") }
        var unmappedThemes: [String] = []
        for t in themes {
            if t == foodTheme {
                vote(.aideAlimentaire, 2, "thématique « \(t) »")
            } else if t.hasPrefix("sante--") {
                vote(.sante, 1, "thématique « \(t) »")
            } else {
                unmappedThemes.append(t)
            }
        }
        let best = Category.allCases.max { a, b in
            let sa = score[a] ?? 0, sb = score[b] ?? 0
            // On a tie the earlier category of the panel wins (max keeps the last maximum, hence >).
            return sa != sb ? sa < sb : (Category.allCases.firstIndex(of: a) ?? 0) > (Category.allCases.firstIndex(of: b) ?? 0)
        }
        if let best, let why = basis[best], (score[best] ?? 0) > 0 {
            return Result(category: best, basis: why, unmappedNetworks: unmappedNetworks, unmappedThemes: unmappedThemes)
        }
        // data·inclusion lists social-inclusion structures: that is the closest line of the panel.
        return Result(
            category: .educationSocial, basis: "par défaut (aucun réseau, thème ni nom reconnu)",
            unmappedNetworks: unmappedNetworks, unmappedThemes: unmappedThemes)
    }
}

/// Whole-word phrase search in folded words, without building strings (100,000 names per import).
enum PhraseMatcher {
    struct Phrase: Sendable {
        let text: String
        let words: [String]

        init(_ text: String) {
            self.text = text
            words = text.split(separator: " ").map(String.init)
        }

        func occurs(in name: [String]) -> Bool {
            guard let first = words.first, name.count >= words.count else { return false }
            var i = 0
            while i + words.count <= name.count {
                if name[i] == first && (words.count == 1 || Array(name[i..<(i + words.count)]) == words) { return true }
                i += 1
            }
            return false
        }
    }
}
