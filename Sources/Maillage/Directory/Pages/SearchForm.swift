import Foundation
import Plot

/// The communes a typed place may mean, offered as links under the field.
struct PlaceChoices: Equatable {
    var choices: [Commune] = []
    var suggestion: Commune?

    /// What the search's place resolves to, when it needs the person to choose.
    static func of(_ params: DirectorySearchParams, errors: [String: String]) -> PlaceChoices {
        guard errors["near"] != nil, let near = params.near else { return PlaceChoices() }
        switch CommuneTable.shared.resolve(near) {
        case .several(let choices): return PlaceChoices(choices: choices)
        case .suggestion(let c): return PlaceChoices(suggestion: c)
        default: return PlaceChoices()
        }
    }
}

/// The search form shared by the directory and the map.
struct DirectoryFilterForm: Component {
    var action: String
    var params: DirectorySearchParams
    var errors: [String: String]
    var places = PlaceChoices()

    /// What and where come first; the rest folds under "Plus de critères", so that on a phone the first result
    /// shows without scrolling. The fold opens by itself on an error in it.
    var body: Component {
        Form(url: action, method: .get) {
            Div {
                InputField(
                    label: "Rechercher", name: "q", value: params.q ?? "", error: errors["q"], type: .search,
                    hint: "Nom, service, commune… (accents et majuscules ignorés)")
                Div {
                    InputField(
                        label: "Près de", name: "near", value: params.near ?? "", error: errors["near"] ?? errors["lat"],
                        hint: "Commune ou code postal")
                    self.choices()
                }
            }.class("filters")
            self.moreCriteria()
            Button("Rechercher").attribute(named: "type", value: "submit").class("button")
        }.class("search-form")
    }
}

extension DirectoryFilterForm {
    /// The criteria chosen in the fold, in words, for its summary.
    private var activeCriteria: [String] {
        var out: [String] = []
        if let c = params.category, let category = Category(rawValue: c) { out.append(category.label) }
        if let r = params.radius_km, !r.isEmpty { out.append(r.lowercased().contains("km") ? r : r + " km") }
        if let sort = params.sort, !sort.isEmpty { out.append("tri : " + (["distance": "distance", "nom": "nom", "name": "nom"][sort] ?? "pertinence")) }
        if ["1", "true", "oui", "on"].contains(params.open_now ?? "") { out.append("ouvert maintenant") }
        if let t = params.thematique, !t.isEmpty {
            out.append(
                ServiceVocabulary.themeGroups.first { $0.key == t }?.label ?? ServiceVocabulary.shared.themes.first { $0.value == t }?.label ?? t)
        }
        if let a = params.public, !a.isEmpty { out.append(ServiceVocabulary.shared.publics.first { $0.value == a }?.label ?? a) }
        if ["1", "true", "oui", "on"].contains(params.gratuit ?? "") { out.append("gratuit") }
        return out
    }

    /// Category, radius, order, open now and services (a thématique or a whole family, a public, free only).
    private func moreCriteria() -> Component {
        let vocabulary = ServiceVocabulary.shared
        let inFold = ["category", "radius_km", "sort", "open_now", "thematique", "public", "gratuit"]
        let active = activeCriteria
        return Element(name: "details") {
            Element(name: "summary") {
                Text("Plus de critères")
                if !active.isEmpty { Span(" (" + active.joined(separator: " · ") + ")").class("active-criteria") }
            }
            Div {
                SelectField(
                    label: "Catégorie", name: "category",
                    options: Category.allCases.map { ($0.rawValue, $0.label) },
                    selected: params.category ?? "", error: errors["category"], includeEmpty: "Toutes les catégories")
                InputField(
                    label: "Dans un rayon de (km)", name: "radius_km", value: params.radius_km ?? "", error: errors["radius_km"], type: .text,
                    hint: "Par exemple 15 ; vide : sans limite", inputMode: "decimal")
                SelectField(
                    label: "Trier par", name: "sort",
                    options: [("pertinence", "Pertinence"), ("distance", "Distance"), ("nom", "Nom")],
                    selected: params.sort ?? "", error: errors["sort"], includeEmpty: "Automatique")
                Div {
                    Label("Service proposé") { EmptyComponent() }.attribute(named: "for", value: "f-thematique")
                    Element(name: "select") {
                        Element(name: "option") { Text("Tous les services") }.attribute(named: "value", value: "", ignoreValueIfEmpty: false)
                        for group in ServiceVocabulary.themeGroups {
                            Element(name: "optgroup") {
                                Element(name: "option") { Text("\(group.label) : tout") }.attribute(named: "value", value: group.key)
                                    .attribute(named: "selected", value: params.thematique == group.key ? "selected" : nil)
                                for term in vocabulary.themes(in: group.key) {
                                    Element(name: "option") { Text(term.label) }.attribute(named: "value", value: term.value)
                                        .attribute(named: "selected", value: params.thematique == term.value ? "selected" : nil)
                                }
                            }.attribute(named: "label", value: group.label)
                        }
                    }.attribute(named: "name", value: "thematique").id("f-thematique")
                    if let error = errors["thematique"] { Span(error).class("field-error") }
                }.class("field")
                SelectField(
                    label: "Pour qui", name: "public", options: vocabulary.publics.filter { $0.value != "tous-publics" }.map { ($0.value, $0.label) },
                    selected: params.public ?? "", error: errors["public"], includeEmpty: "Tous les publics")
                Div {
                    CheckboxField(label: "Ouvert maintenant", name: "open_now", checked: ["1", "true", "oui", "on"].contains(params.open_now ?? ""))
                    if let error = errors["open_now"] { Span(error).class("field-error") }
                    CheckboxField(label: "Gratuit", name: "gratuit", checked: ["1", "true", "oui", "on"].contains(params.gratuit ?? ""))
                    if let error = errors["gratuit"] { Span(error).class("field-error") }
                }
            }.class("filters")
        }.class("more-filters").attribute(named: "open", value: inFold.contains { errors[$0] != nil } ? "open" : nil)
    }

    /// Links that redo the same search with the chosen commune.
    private func choices() -> Component {
        func link(_ c: Commune) -> Component {
            var chosen = params
            chosen.near = CommuneTable.label(c)
            chosen.page = nil
            return Link("\(c.name) (\(c.postalCodes.first ?? c.departement))", url: action + chosen.queryString())
        }
        if let suggestion = places.suggestion {
            return Paragraph {
                Text("Vouliez-vous dire "); link(suggestion); Text(" ?")
            }.class("place-choices")
        }
        guard !places.choices.isEmpty else { return EmptyComponent() }
        return Div {
            Paragraph("Choisissez la commune :").class("hint")
            List(places.choices) { c in ListItem { link(c) } }
        }.class("place-choices")
    }
}

extension DirectorySearchParams {
    /// The same search as a query string, for pagination, exports and the map link.
    func queryString(page: Int? = nil) -> String {
        var items: [URLQueryItem] = []
        func add(_ name: String, _ value: String?) { if let value, !value.isEmpty { items.append(URLQueryItem(name: name, value: value)) } }
        add("q", q); add("category", category); add("near", near); add("lat", lat); add("lon", lon)
        add("radius_km", radius_km); add("departement", departement); add("sort", sort); add("open_now", open_now)
        add("thematique", thematique); add("public", `public`); add("gratuit", gratuit); add("per", per)
        if let page { add("page", String(page)) }
        var c = URLComponents()
        c.queryItems = items
        return items.isEmpty ? "" : "?" + (c.percentEncodedQuery ?? "")
    }
}
