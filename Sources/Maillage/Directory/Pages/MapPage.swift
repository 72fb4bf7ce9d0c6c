import Foundation
import Plot

enum MapPage {
    struct Model {
        var params: DirectorySearchParams
        var errors: [String: String]
        var places = PlaceChoices()
        var shown: [Category: Int]
        var total: Int
        var truncated: Bool
        var map: MapPanel
    }

    final class View: ModelPage<Model> {

        override func pageTitle() -> String { "Carte" }
        override var usesMap: Bool { true }

        override func content() -> Component {
            Div {
                H1("Carte partagée des acteurs")
                DirectoryFilterForm(action: DirectoryURL.map.path, params: self.model.params, errors: self.model.errors, places: self.model.places)
                Paragraph {
                    Text(French.count(self.model.total, "structure") + " sur la carte. ")
                    if self.model.truncated { Text("Seules les \(MapBuilder.maxMarkers) premières sont dessinées : affinez la recherche. ") }
                    Link("Voir la liste", url: DirectoryURL.directory.path + self.model.params.queryString())
                }.class("result-summary")
                self.model.map
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
