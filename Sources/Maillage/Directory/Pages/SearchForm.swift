import Foundation
import Plot

/// The search form shared by the directory and the map.
struct DirectoryFilterForm: Component {
    var action: String
    var params: DirectorySearchParams
    var errors: [String: String]

    var body: Component {
        Form(url: action, method: .get) {
            Div {
                InputField(
                    label: "Rechercher", name: "q", value: params.q ?? "", error: errors["q"], type: .search,
                    hint: "Nom, service, commune… (accents et majuscules ignorés)")
                SelectField(
                    label: "Catégorie", name: "category",
                    options: Category.allCases.map { ($0.rawValue, $0.label) },
                    selected: params.category ?? "", error: errors["category"], includeEmpty: "Toutes les catégories")
                InputField(
                    label: "Près de", name: "near", value: params.near ?? "", error: errors["near"] ?? errors["lat"],
                    hint: "Commune ou code postal")
                SelectField(
                    label: "Dans un rayon de", name: "radius_km",
                    options: [("5", "5 km"), ("10", "10 km"), ("20", "20 km"), ("50", "50 km"), ("100", "100 km")],
                    selected: params.radius_km ?? "", error: errors["radius_km"], includeEmpty: "Sans limite")
                SelectField(
                    label: "Trier par", name: "sort",
                    options: [("pertinence", "Pertinence"), ("distance", "Distance"), ("nom", "Nom")],
                    selected: params.sort ?? "", error: errors["sort"], includeEmpty: "Automatique")
                Div {
                    Input(type: .checkbox, name: "open_now", value: "1").id("f-open_now")
                        .attribute(named: "checked", value: ["1", "true", "oui", "on"].contains(params.open_now ?? "") ? "checked" : nil)
                    Label("Ouvert maintenant") { EmptyComponent() }.attribute(named: "for", value: "f-open_now")
                }.class("check")
                if let error = errors["open_now"] { Span(error).class("field-error") }
            }.class("filters")
            Button("Rechercher").attribute(named: "type", value: "submit").class("button")
        }.class("search-form")
    }
}

extension DirectorySearchParams {
    /// The same search as a query string, for pagination, exports and the map link.
    func queryString(page: Int? = nil) -> String {
        var items: [URLQueryItem] = []
        func add(_ name: String, _ value: String?) { if let value, !value.isEmpty { items.append(URLQueryItem(name: name, value: value)) } }
        add("q", q); add("category", category); add("near", near); add("lat", lat); add("lon", lon)
        add("radius_km", radius_km); add("departement", departement); add("sort", sort); add("open_now", open_now); add("per", per)
        if let page { add("page", String(page)) }
        var c = URLComponents()
        c.queryItems = items
        return items.isEmpty ? "" : "?" + (c.percentEncodedQuery ?? "")
    }
}
