import Foundation
import Plot

enum HomePage {
    struct Model {
        var total: Int
        var counts: [Category: Int]
        var map: MapPanel
    }

    final class View: ModelPage<Model> {

        override func pageTitle() -> String { "Accueil" }
        override var usesMap: Bool { true }

        override func content() -> Component {
            Div {
                Div {
                    H1("Qui fait quoi pour la solidarité alimentaire, près de chez vous")
                    Paragraph(
                        "Maillage relie les associations d'aide alimentaire, le monde agricole, les collectivités et services de l'État, les acteurs de la logistique, les cuisinier·es et les chercheur·es d'un même territoire : se connaître, mutualiser, faire circuler les surplus avant qu'ils ne se perdent."
                    )
                    Element(name: "blockquote") {
                        Text(
                            "« Difficultés à identifier les interlocuteurs, manque de visibilité sur “qui fait quoi”. » — Atelier coopération avec les services de l'État"
                        )
                    }
                    DirectoryFilterForm(action: DirectoryURL.directory.path, params: DirectorySearchParams(), errors: [:])
                }.class("hero")
                Div {
                    Div {
                        H2("\(self.model.total) structures sur la carte partagée")
                        List(Category.allCases) { category in
                            ListItem {
                                Span("").class("swatch cat-\(category.rawValue)")
                                Link(
                                    "\(category.label) : \(self.model.counts[category] ?? 0)",
                                    url: DirectoryURL.directory.path + "?category=" + category.rawValue)
                            }
                        }.class("category-counts")
                        Paragraph {
                            Link("Voir toute la carte", url: DirectoryURL.map.path)
                            Text(" · ")
                            Link("Inscrire ma structure", url: DirectoryURL.newOrganization.path)
                        }
                    }.class("panel")
                    Div { self.model.map }.class("panel")
                }.class("two-columns")
            }
        }
    }
}
