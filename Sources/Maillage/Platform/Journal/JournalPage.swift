import Foundation
import Plot

/// The journal: every change, who made it and when, with filters.
enum JournalPage {
    struct Row: Equatable {
        var at: Date
        var actor: String
        var action: String
        var summary: String
        var link: String?
    }

    struct Filters: Equatable {
        var territory = ""
        var structure = ""
        var person = ""
        var action = ""
        var from = ""
        var to = ""

        /// The filters as a query string, with `page` when given.
        func query(page: Int? = nil) -> String {
            var items: [URLQueryItem] = []
            for (name, value) in [
                ("territoire", territory), ("structure", structure), ("personne", person), ("action", action),
                ("du", from), ("au", to),
            ] where !value.isEmpty {
                items.append(URLQueryItem(name: name, value: value))
            }
            if let page { items.append(URLQueryItem(name: "page", value: String(page))) }
            var components = URLComponents()
            components.queryItems = items
            return items.isEmpty ? "" : "?" + (components.percentEncodedQuery ?? "")
        }
    }

    struct Model {
        var rows: [Row]
        var filters: Filters
        var territories: [(value: String, label: String)]
        var actions: [(value: String, label: String)]
        var page: Int
        var hasMore: Bool
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Journal des modifications" }

        override func content() -> Component {
            let m = self.model
            return Div {
                H1("Journal des modifications")
                Paragraph("Chaque changement fait sur Maillage est noté ici : qui, quoi, quand. Vous voyez ce qui concerne vos territoires.").class("muted")
                Form(url: PlatformURL.journal.path, method: .get) {
                    Div {
                        SelectField(
                            label: "Territoire", name: "territoire", options: m.territories, selected: m.filters.territory,
                            includeEmpty: "Tous mes territoires")
                        SelectField(label: "Action", name: "action", options: m.actions, selected: m.filters.action, includeEmpty: "Toutes")
                        InputField(label: "Personne", name: "personne", value: m.filters.person, hint: "Une partie du nom")
                        InputField(label: "Du", name: "du", value: m.filters.from, type: .date)
                        InputField(label: "Au", name: "au", value: m.filters.to, type: .date)
                        if !m.filters.structure.isEmpty { Input(type: .hidden, name: "structure", value: m.filters.structure) }
                    }.class("filters")
                    Button("Filtrer").attribute(named: "type", value: "submit").class("button")
                    if m.filters != Filters() { Link("Tout effacer", url: PlatformURL.journal.path) }
                }.class("search-form")
                if m.rows.isEmpty {
                    Paragraph(m.filters == Filters() ? "Le journal est vide." : "Aucune ligne ne correspond à ces filtres : élargissez-les.").class("empty")
                } else {
                    Table(
                        header: TableRow {
                            TableHeaderCell("Quand"); TableHeaderCell("Qui"); TableHeaderCell("Action"); TableHeaderCell("Détail")
                        },
                        rows: {
                            for row in m.rows {
                                TableRow {
                                    TableCell(Format.dateTime(row.at))
                                    TableCell(row.actor)
                                    TableCell(row.action)
                                    TableCell {
                                        if let link = row.link { Link(row.summary, url: link) } else { Text(row.summary) }
                                    }
                                }
                            }
                        }
                    ).class("audit")
                }
                Navigation {
                    if m.page > 1 { Link("← Plus récents", url: PlatformURL.journal.path + m.filters.query(page: m.page - 1)) }
                    if m.hasMore { Link("Plus anciens →", url: PlatformURL.journal.path + m.filters.query(page: m.page + 1)) }
                }.class("pagination").attribute(named: "aria-label", value: "Pages du journal")
            }
        }
    }
}
