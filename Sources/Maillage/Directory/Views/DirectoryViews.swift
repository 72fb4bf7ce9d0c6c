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
                InputField(label: "Rechercher", name: "q", value: params.q ?? "", error: errors["q"], type: .search,
                      hint: "Nom, service, commune… (accents et majuscules ignorés)")
                SelectField(label: "Catégorie", name: "category",
                            options: Category.allCases.map { ($0.rawValue, $0.label) },
                            selected: params.category ?? "", error: errors["category"], includeEmpty: "Toutes les catégories")
                InputField(label: "Près de", name: "near", value: params.near ?? "", error: errors["near"] ?? errors["lat"],
                      hint: "Commune ou code postal")
                SelectField(label: "Dans un rayon de", name: "radius_km",
                            options: [("5", "5 km"), ("10", "10 km"), ("20", "20 km"), ("50", "50 km"), ("100", "100 km")],
                            selected: params.radius_km ?? "", error: errors["radius_km"], includeEmpty: "Sans limite")
                SelectField(label: "Trier par", name: "sort",
                            options: [("pertinence", "Pertinence"), ("distance", "Distance"), ("nom", "Nom")],
                            selected: params.sort ?? "", error: errors["sort"], includeEmpty: "Automatique")
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
        add("radius_km", radius_km); add("departement", departement); add("sort", sort); add("per", per)
        if let page { add("page", String(page)) }
        var c = URLComponents()
        c.queryItems = items
        return items.isEmpty ? "" : "?" + (c.percentEncodedQuery ?? "")
    }
}

enum HomePage {
    struct Model {
        var total: Int
        var counts: [Category: Int]
        var mapSVG: TrustedMarkup
    }

    final class View: ModelPage<Model> {

        override func pageTitle() -> String { "Accueil" }

        override func content() -> Component {
            Div {
                Div {
                    H1("Qui fait quoi pour la solidarité alimentaire, près de chez vous")
                    Paragraph("Maillage relie les associations d'aide alimentaire, le monde agricole, les collectivités et services de l'État, les acteurs de la logistique, les cuisinier·es et les chercheur·es d'un même territoire : se connaître, mutualiser, faire circuler les surplus avant qu'ils ne se perdent.")
                    Element(name: "blockquote") { Text("« Difficultés à identifier les interlocuteurs, manque de visibilité sur “qui fait quoi”. » — Atelier coopération avec les services de l'État") }
                    DirectoryFilterForm(action: DirectoryURL.directory.path, params: DirectorySearchParams(), errors: [:])
                }.class("hero")
                Div {
                    Div {
                        H2("\(self.model.total) structures sur la carte partagée")
                        List(Category.allCases) { category in
                            ListItem {
                                Span("").class("swatch cat-\(category.rawValue)")
                                Link("\(category.label) : \(self.model.counts[category] ?? 0)",
                                     url: DirectoryURL.directory.path + "?category=" + category.rawValue)
                            }
                        }.class("category-counts")
                        Paragraph {
                            Link("Voir toute la carte", url: DirectoryURL.map.path)
                            Text(" · ")
                            Link("Inscrire ma structure", url: DirectoryURL.newOrganization.path)
                        }
                    }.class("panel")
                    Div { self.model.mapSVG }.class("panel map-panel")
                }.class("two-columns")
            }
        }
    }
}

enum DirectoryPage {
    struct Model {
        var params: DirectorySearchParams
        var errors: [String: String]
        var result: DirectoryResult?
        var near: Commune?
    }

    final class View: ModelPage<Model> {

        override func pageTitle() -> String { "Annuaire" }

        override func content() -> Component {
            Div {
                H1("Annuaire des acteurs")
                DirectoryFilterForm(action: DirectoryURL.directory.path, params: self.model.params, errors: self.model.errors)
                if let result = self.model.result { self.results(result) }
            }
        }

        private func results(_ result: DirectoryResult) -> Component {
            let qs = self.model.params.queryString()
            return Div {
                Paragraph {
                    Text(result.total == 0 ? "Aucune structure ne correspond." : "\(result.total) structure\(result.total > 1 ? "s" : "")")
                    if let near = self.model.near { Text(" autour de \(near.name)") }
                    Text(" · ")
                    Link("Voir sur la carte", url: DirectoryURL.map.path + qs)
                    Text(" · Exporter : ")
                    Link("CSV", url: DirectoryURL.directoryCSV.path + qs)
                    Text(" · ")
                    Link("GeoJSON", url: DirectoryURL.directoryGeoJSON.path + qs)
                }.class("result-summary")
                if result.total == 0 {
                    Div {
                        Paragraph("Essayez un autre mot, retirez un filtre ou élargissez le rayon.")
                        Paragraph { Text("Votre structure n'y est pas ? "); Link("Inscrivez-la", url: DirectoryURL.newOrganization.path) }
                    }.class("empty")
                }
                List(result.hits) { hit in ListItem { ResultCard(hit: hit) } }.class("results")
                self.pagination(result)
            }
        }

        private func pagination(_ result: DirectoryResult) -> Component {
            guard result.pageCount > 1 else { return EmptyComponent() }
            return Navigation {
                if result.page > 1 { Link("← Précédente", url: DirectoryURL.directory.path + self.model.params.queryString(page: result.page - 1)) }
                Span("Page \(result.page) sur \(result.pageCount)")
                if result.page < result.pageCount { Link("Suivante →", url: DirectoryURL.directory.path + self.model.params.queryString(page: result.page + 1)) }
            }.class("pagination").attribute(named: "aria-label", value: "Pages de résultats")
        }
    }

    struct ResultCard: Component {
        var hit: DirectoryHit
        var body: Component {
            let e = hit.entry
            return Article {
                H3 { Link(e.name, url: DirectoryURL.organization(e.id)) }
                Paragraph {
                    Span(e.category.label).class("badge cat-\(e.category.rawValue)")
                    Text(" \(e.commune) (\(e.postalCode))")
                    if let d = hit.distanceKm { Text(" · à \(Format.km(d))") }
                }
                if !e.summary.isEmpty { Paragraph(String(e.summary.prefix(220)) + (e.summary.count > 220 ? "…" : "")).class("muted") }
            }.class("card")
        }
    }
}

enum MapPage {
    struct Model {
        var params: DirectorySearchParams
        var errors: [String: String]
        var shown: [Category: Int]
        var total: Int
        var truncated: Bool
        var svg: TrustedMarkup
    }

    final class View: ModelPage<Model> {

        override func pageTitle() -> String { "Carte" }

        override func content() -> Component {
            Div {
                H1("Carte partagée des acteurs")
                DirectoryFilterForm(action: DirectoryURL.map.path, params: self.model.params, errors: self.model.errors)
                Paragraph {
                    Text("\(self.model.total) structure\(self.model.total > 1 ? "s" : "") sur la carte. ")
                    if self.model.truncated { Text("Seules les \(MapBuilder.maxMarkers) premières sont dessinées : affinez la recherche. ") }
                    Link("Voir la liste", url: DirectoryURL.directory.path + self.model.params.queryString())
                }.class("result-summary")
                Div { self.model.svg }.class("map-panel")
                H2("Légende")
                List(Category.allCases) { c in
                    ListItem {
                        Span("").class("swatch cat-\(c.rawValue)")
                        Text("\(c.label) (\(self.model.shown[c] ?? 0))")
                    }
                }.class("legend")
            }
        }
    }
}
