import Foundation
import Plot

enum DirectoryPage {
    struct Model {
        var params: DirectorySearchParams
        var errors: [String: String]
        var result: DirectoryResult?
        var near: Commune?
        var places = PlaceChoices()
        /// "Ouvert maintenant", "Ouvre à 14 h"… for the results shown.
        var badges: [UUID: HoursSummary.Badge] = [:]
        /// Results whose fiche was neither changed nor confirmed for a year.
        var stale: Set<UUID> = []
    }

    final class View: ModelPage<Model> {

        override func pageTitle() -> String { "Annuaire" }

        override func content() -> Component {
            Div {
                H1("Annuaire des acteurs")
                DirectoryFilterForm(action: DirectoryURL.directory.path, params: self.model.params, errors: self.model.errors, places: self.model.places)
                if let result = self.model.result { self.results(result) }
            }
        }

        private func results(_ result: DirectoryResult) -> Component {
            let qs = self.model.params.queryString()
            return Div {
                if !result.corrections.isEmpty {
                    Paragraph(
                        "Aucun résultat pour "
                            + result.corrections.keys.sorted().map { "« \($0) »" }.joined(separator: ", ")
                            + " : voici les résultats pour "
                            + result.corrections.keys.sorted().compactMap { result.corrections[$0].map { "« \($0) »" } }.joined(separator: ", ") + "."
                    ).class("notice")
                }
                Paragraph {
                    Text(result.total == 0 ? "Aucune structure ne correspond." : French.count(result.total, "structure"))
                    if let near = self.model.near { Text(" autour de \(near.name)") }
                    Text(" · ")
                    Link("Voir sur la carte", url: DirectoryURL.map.path + qs)
                    Text(" · Exporter : ")
                    Link("tableur (CSV)", url: DirectoryURL.directoryCSV.path + qs)
                    Text(" · ")
                    Link("CSV pour programmes", url: DirectoryURL.directoryCSV.path + (qs.isEmpty ? "?" : qs + "&") + "pour=programme")
                    Text(" · ")
                    Link("GeoJSON", url: DirectoryURL.directoryGeoJSON.path + qs)
                }.class("result-summary")
                if result.total == 0 {
                    Div {
                        Paragraph("Essayez un autre mot, retirez un filtre ou élargissez le rayon.")
                        Paragraph {
                            Text("Votre structure n'y est pas ? "); Link("Inscrivez-la", url: DirectoryURL.newOrganization.path)
                        }
                    }.class("empty")
                }
                List(result.hits) { hit in
                    ListItem { ResultCard(hit: hit, badge: self.model.badges[hit.entry.id], stale: self.model.stale.contains(hit.entry.id)) }
                }.class("results")
                self.pagination(result)
            }
        }

        private func pagination(_ result: DirectoryResult) -> Component {
            guard result.pageCount > 1 else { return EmptyComponent() }
            return Navigation {
                if result.page > 1 { Link("← Précédente", url: DirectoryURL.directory.path + self.model.params.queryString(page: result.page - 1)) }
                Span("Page \(result.page) sur \(result.pageCount)")
                if result.page < result.pageCount {
                    Link("Suivante →", url: DirectoryURL.directory.path + self.model.params.queryString(page: result.page + 1))
                }
            }.class("pagination").attribute(named: "aria-label", value: "Pages de résultats")
        }
    }

    struct ResultCard: Component {
        var hit: DirectoryHit
        var badge: HoursSummary.Badge?
        var stale = false
        var body: Component {
            let e = hit.entry
            return Article {
                H2 { Link(e.name, url: DirectoryURL.organization(e.id)) }
                Paragraph {
                    Span(e.category.label).class("badge cat-\(e.category.rawValue)")
                    Text(" \(e.commune) (\(e.postalCode))")
                    if let d = hit.distanceKm { Text(" · à \(Format.km(d))") }
                }
                if let badge { Paragraph { Span(badge.text).class("open-status \(badge.tone)") } }
                if stale { Paragraph("Fiche à vérifier : pas mise à jour depuis plus d'un an.").class("muted small") }
                if !e.summary.isEmpty { Paragraph(String(e.summary.prefix(220)) + (e.summary.count > 220 ? "…" : "")).class("muted") }
            }.class("card")
        }
    }
}
