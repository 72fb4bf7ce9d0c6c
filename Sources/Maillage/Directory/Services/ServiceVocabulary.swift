import Foundation

/// The data·inclusion vocabularies for services (thématiques, publics, frais, modes d'accueil), read from
/// `Resources/interop/vocabulaire/` — copied unchanged from gip-inclusion/data-inclusion-schema v1.0.8
/// (Licence Ouverte 2.0, see shared/interop/README.md) — with their French labels.
struct ServiceVocabulary: Sendable {
    struct Term: Sendable, Equatable, Decodable {
        var value: String
        var label: String
        var description: String?
    }

    let themes: [Term]
    let publics: [Term]
    let fees: [Term]
    let receptionModes: [Term]

    static let shared = ServiceVocabulary()

    /// The families of thématiques, by their prefix: "equipement-et-alimentation--alimentation" is in
    /// "Équipement et alimentation".
    static let themeGroups: [(key: String, label: String)] = [
        ("equipement-et-alimentation", "Équipement et alimentation"), ("difficultes-financieres", "Difficultés financières"),
        ("famille", "Famille"), ("sante", "Santé"), ("logement-hebergement", "Logement et hébergement"), ("mobilite", "Mobilité"),
        ("numerique", "Numérique"), ("difficultes-administratives-ou-juridiques", "Difficultés administratives ou juridiques"),
        ("lecture-ecriture-calcul", "Lecture, écriture, calcul"), ("remobilisation", "Remobilisation"), ("se-former", "Se former"),
        ("trouver-un-emploi", "Trouver un emploi"), ("preparer-sa-candidature", "Préparer sa candidature"), ("choisir-un-metier", "Choisir un métier"),
        ("creer-une-entreprise", "Créer une entreprise"), ("souvrir-a-linternational", "S'ouvrir à l'international"),
    ]

    init() {
        func load(_ name: String) -> [Term] {
            guard
                let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Resources/interop/vocabulaire")
                    ?? Bundle.module.url(forResource: name, withExtension: "json"),
                let data = try? Data(contentsOf: url), let terms = try? JSONDecoder().decode([Term].self, from: data)
            else { return [] }
            return terms
        }
        themes = load("thematiques")
        publics = load("publics")
        fees = load("frais")
        receptionModes = load("modes-accueil")
    }

    func themeLabel(_ value: String) -> String {
        if let term = themes.first(where: { $0.value == value }) { return term.label }
        return Self.themeGroups.first { $0.key == value }?.label ?? value
    }
    func publicLabel(_ value: String) -> String { publics.first { $0.value == value }?.label ?? value }
    func feeLabel(_ value: String) -> String { fees.first { $0.value == value }?.label ?? value }
    func modeLabel(_ value: String) -> String { receptionModes.first { $0.value == value }?.label ?? value }

    /// The thématiques of one family, in the vocabulary's order.
    func themes(in group: String) -> [Term] { themes.filter { $0.value.hasPrefix(group + "--") } }

    /// Whether a service's thématique answers a filter, which may name a whole family.
    static func theme(_ value: String, matches filter: String) -> Bool {
        value == filter || value.hasPrefix(filter + "--")
    }
}
