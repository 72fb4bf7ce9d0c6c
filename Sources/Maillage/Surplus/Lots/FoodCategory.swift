import Foundation

/// The one vocabulary of food categories (issue 15), close to the food-aid nutritional reference so that the
/// evaluation module can compare what was given with what was needed. A need may ask for any of them.
enum FoodCategory: String, CaseIterable, Codable, Sendable {
    case fruitsLegumes = "fruits-legumes"
    case feculents
    case produitsLaitiers = "produits-laitiers"
    case viandePoissonOeufs = "viande-poisson-oeufs"
    case matieresGrasses = "matieres-grasses"
    case produitsSucres = "produits-sucres"
    case platsPrepares = "plats-prepares"
    case boissons
    case autres

    /// What a need may ask for besides a category.
    static let any = "any"

    var label: String {
        switch self {
        case .fruitsLegumes: "Fruits et légumes"
        case .feculents: "Féculents (pain, pâtes, riz, céréales)"
        case .produitsLaitiers: "Produits laitiers"
        case .viandePoissonOeufs: "Viande, poisson, œufs"
        case .matieresGrasses: "Matières grasses"
        case .produitsSucres: "Produits sucrés"
        case .platsPrepares: "Plats préparés"
        case .boissons: "Boissons"
        case .autres: "Autres (hygiène, divers)"
        }
    }

    /// "Fruits et légumes", or "Toutes catégories" for a need that takes anything.
    static func label(of slug: String) -> String { FoodCategory(rawValue: slug)?.label ?? (slug == any ? "Toutes catégories" : slug) }
}

/// DLC (use-by: never after it) or DDM (best-before: may still be given after it).
enum DateKind: String, CaseIterable, Codable, Sendable {
    case dlc, ddm

    var label: String {
        switch self {
        case .dlc: "DLC (à consommer jusqu'au)"
        case .ddm: "DDM (à consommer de préférence avant)"
        }
    }
}

/// A recipient's wish for a category: what the dispatch sends it, and what never.
enum Preference: String, CaseIterable, Codable, Sendable {
    case wanted, accepted, refused

    var label: String {
        switch self {
        case .wanted: "Recherché"
        case .accepted: "Accepté"
        case .refused: "Pas pour nous"
        }
    }
}
