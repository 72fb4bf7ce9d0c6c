/// The typology of actors (DESIGN.md module 1; seed 002 §1–2: the reference panel around the table).
public enum Category: String, CaseIterable, Codable, Sendable {
    case aideAlimentaire = "aide-alimentaire"
    case mondeAgricole = "monde-agricole"
    case institution
    case educationSocial = "education-social"
    case distributionEntreprises = "distribution-entreprises"
    case sante
    case cuisine
    case logistiqueTransformation = "logistique-transformation"
    case recherche
    case habitants

    public var label: String {
        switch self {
        case .aideAlimentaire: "Aide alimentaire"
        case .mondeAgricole: "Monde agricole"
        case .institution: "Institution"
        case .educationSocial: "Éducation & social"
        case .distributionEntreprises: "Distribution & entreprises"
        case .sante: "Santé"
        case .cuisine: "Cuisine"
        case .logistiqueTransformation: "Logistique & transformation"
        case .recherche: "Recherche"
        case .habitants: "Habitants"
        }
    }

    /// Marker colour on the map; chosen to stay distinguishable for the common colour-blindness types.
    public var color: String {
        switch self {
        case .aideAlimentaire: "#d62728"
        case .mondeAgricole: "#2ca02c"
        case .institution: "#1f3b73"
        case .educationSocial: "#9467bd"
        case .distributionEntreprises: "#8c564b"
        case .sante: "#e377c2"
        case .cuisine: "#ff7f0e"
        case .logistiqueTransformation: "#17becf"
        case .recherche: "#7f7f7f"
        case .habitants: "#bcbd22"
        }
    }
}

/// A structure is listed publicly only once an animator has validated it.
public enum OrganizationStatus: String, Codable, Sendable {
    case pending, validated, rejected
    /// Merged into another fiche (its address redirects there); the merge can be undone for 30 days.
    case merged

    public var label: String {
        switch self {
        case .pending: "En attente de validation"
        case .validated: "Validée"
        case .rejected: "Refusée"
        case .merged: "Fusionnée"
        }
    }
}
