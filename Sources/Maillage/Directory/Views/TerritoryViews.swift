import Foundation
import Plot

enum TerritoriesPage {
    struct Model { var territories: [(Territory, Int)] }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Territoires" }

        override func content() -> Component {
            let active = self.model.territories.filter { $0.1 > 0 }
            let others = self.model.territories.filter { $0.1 == 0 }
            return Div {
                H1("Territoires")
                Paragraph("Pour chaque territoire : qui est autour de la table, qui manque, qui coopère déjà avec qui, et ses données à télécharger.").class("muted")
                if active.isEmpty { Paragraph("Aucune structure validée pour l'instant.").class("empty") }
                List(active) { t, count in
                    ListItem {
                        H3("\(t.code) — \(t.name)")
                        Paragraph(French.count(count, "structure validée", plural: "structures validées"))
                        Paragraph {
                            Link("Qui manque autour de la table ?", url: DirectoryURL.coverage(t.code))
                            Text(" · ")
                            Link("Coopérations", url: DirectoryURL.cooperation(t.code))
                            Text(" · Exports : ")
                            Link("data·inclusion (structures)", url: DirectoryURL.exportStructures(t.code))
                            Text(", ")
                            Link("data·inclusion (services)", url: DirectoryURL.exportServices(t.code))
                            Text(", ")
                            Link("HSDS 3.0", url: DirectoryURL.exportHSDS(t.code))
                        }
                    }.class("card")
                }.class("results")
                if !others.isEmpty {
                    Element(name: "details") {
                        Element(name: "summary") { Text("Territoires sans structure encore (\(others.count))") }
                        List(others) { t, _ in ListItem { Link("\(t.code) — \(t.name)", url: DirectoryURL.coverage(t.code)) } }.class("compact")
                    }
                }
            }
        }
    }
}

enum CoveragePage {
    struct Model {
        var territory: Territory
        var coverage: Coverage
        var selected: PanelRow?
        var map: TrustedMarkup
        var canEdit: Bool
        var structureCount: Int
        /// The selected line's structures on this page.
        var listed: [Coverage.Member]
        var page: Int
        var pageCount: Int
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Qui manque autour de la table ? — \(self.model.territory.name)" }

        override func content() -> Component {
            let m = self.model
            let code = m.territory.code
            return Div {
                H1("Qui manque autour de la table ? — \(m.territory.name)")
                Paragraph("""
                    Le panel de référence des Rencontres de la solidarité alimentaire : pour chaque famille d'acteurs, combien sont \
                    là, où, et combien coopèrent déjà (partenariat, alliance, réservation ou livraison). « Peu présent » : moins \
                    que le nombre attendu.
                    """).class("muted")
                Paragraph("\(French.count(m.structureCount, "structure validée", plural: "structures validées")) sur ce territoire · "
                          + "\(French.count(m.coverage.missing.count, "famille absente", plural: "familles absentes")) · "
                          + "\(French.count(m.coverage.thin.count, "peu présente", plural: "peu présentes"))")
                    .id("resume")
                Paragraph {
                    Link("Télécharger le tableau (CSV)", url: DirectoryURL.coverageCSV(code))
                    Text(" · ")
                    Link("Graphe des coopérations", url: DirectoryURL.cooperation(code))
                }
                Table(
                    header: TableRow {
                        TableHeaderCell("Famille d'acteurs"); TableHeaderCell("État"); TableHeaderCell("Présents / attendus")
                        TableHeaderCell("Coopèrent déjà"); TableHeaderCell("Où")
                    },
                    rows: { for line in m.coverage.lines {
                        TableRow {
                            TableCell {
                                Link(line.row.label, url: DirectoryURL.coverage(code) + "?ligne=\(line.row.key)#carte")
                                Span(line.row.examples == "Institution" ? "" : line.row.examples).class("muted small")
                            }
                            TableCell { Span(line.presence.label).class("presence \(line.presence.rawValue)") }
                            TableCell("\(line.members.count) / \(line.expected)")
                            TableCell(String(line.engagedCount))
                            TableCell(line.communes.prefix(4).map { "\($0.name) (\($0.count))" }.joined(separator: ", ")
                                      + (line.communes.count > 4 ? "…" : ""))
                        }.class("row-\(line.presence.rawValue)").attribute(named: "data-ligne", value: line.row.key)
                    } }).class("coverage").id("couverture")
                if !m.coverage.otherInstitutions.isEmpty {
                    let others = m.coverage.otherInstitutions
                    Paragraph("Autres institutions (type non reconnu d'après le nom) : " + others.prefix(30).map(\.name).joined(separator: ", ")
                              + (others.count > 30 ? " et \(French.count(others.count - 30, "autre"))." : "")).class("muted")
                }
                H2(m.selected.map { "Où sont-ils ? \($0.label)" } ?? "Où sont-ils ? Toutes les structures").id("carte")
                if m.selected != nil { Paragraph { Link("Voir toutes les structures", url: DirectoryURL.coverage(code) + "#carte") } }
                Div { m.map }.class("map-panel")
                if let row = m.selected, let line = m.coverage.lines.first(where: { $0.row.key == row.key }) {
                    if line.members.isEmpty {
                        Paragraph("Personne pour l'instant dans cette famille d'acteurs sur le territoire : qui pourriez-vous inviter ?").class("empty")
                    } else {
                        List(m.listed) { member in
                            ListItem {
                                Link(member.name, url: DirectoryURL.organization(member.id))
                                Text(" · \(member.commune)\(member.engaged ? " · coopère déjà" : "")")
                            }
                        }
                        if m.pageCount > 1 {
                            Navigation {
                                let base = DirectoryURL.coverage(code) + "?ligne=\(row.key)&page="
                                if m.page > 1 { Link("← Précédents", url: base + "\(m.page - 1)#carte") }
                                Span("Page \(m.page) sur \(m.pageCount)")
                                if m.page < m.pageCount { Link("Suivants →", url: base + "\(m.page + 1)#carte") }
                            }.class("pagination").attribute(named: "aria-label", value: "Pages de la liste")
                        }
                    }
                }
                if m.canEdit { self.expectationsForm() }
            }
        }

        private func expectationsForm() -> Component {
            Element(name: "details") {
                Element(name: "summary") { Text("Ajuster le nombre attendu par famille d'acteurs") }
                Form(url: DirectoryURL.coverageExpectations(self.model.territory.code), method: .post) {
                    CSRFField(token: self.context.csrf)
                    for line in self.model.coverage.lines {
                        Div {
                            Label(line.row.label) {
                                Input(type: .number, name: "attendu_\(line.row.key)", value: String(line.expected))
                                    .attribute(named: "min", value: "0").attribute(named: "max", value: "999")
                            }
                        }.class("field inline")
                    }
                    Button("Enregistrer les attentes").attribute(named: "type", value: "submit").class("button")
                }
            }.class("panel")
        }
    }
}

enum CooperationPage {
    struct Model {
        var territory: Territory
        var svg: TrustedMarkup
        var links: [Cooperation.Link]
        var names: [UUID: String]
        /// The first isolated structures, by name; `isolatedCount` says how many there are.
        var isolated: [CoverageCache.Structure]
        var isolatedCount: Int
        var total: Int
        var drawnCount: Int
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Coopérations — \(self.model.territory.name)" }

        override func content() -> Component {
            let m = self.model
            return Div {
                H1("Qui travaille déjà avec qui ? — \(m.territory.name)")
                Paragraph("""
                    Chaque point est une structure, regroupée par famille d'acteurs ; chaque trait, une coopération (partenariat \
                    déclaré aujourd'hui ; alliances, réservations et livraisons s'y ajouteront). Plus le trait est épais, plus la \
                    coopération est forte et récente. Les cercles en pointillés n'ont pas encore de partenaire.
                    """).class("muted")
                Paragraph("\(French.count(m.total, "structure")), \(French.count(m.links.count, "lien")) de coopération, \(m.isolatedCount) sans partenaire.").id("resume")
                if m.drawnCount < m.total {
                    Paragraph("Le graphe montre les structures qui coopèrent et les premières sans partenaire (\(m.drawnCount) sur \(m.total)).").class("muted")
                }
                Div { m.svg }.class("map-panel")
                H2("Liens les plus forts")
                if m.links.isEmpty { Paragraph("Aucune coopération enregistrée pour l'instant. Déclarez vos partenaires depuis la fiche de votre structure.").class("empty") }
                List(m.links.prefix(30)) { link in
                    ListItem {
                        Link(m.names[link.a] ?? "?", url: DirectoryURL.organization(link.a))
                        Text(" ↔ ")
                        Link(m.names[link.b] ?? "?", url: DirectoryURL.organization(link.b))
                        Text(" — " + link.kinds.joined(separator: " ; "))
                    }
                }
                H2("Sans partenaire pour l'instant (\(m.isolatedCount))").id("isoles")
                if m.isolated.isEmpty { Paragraph("Toutes les structures ont au moins un partenaire.").class("empty") }
                List(m.isolated) { org in
                    ListItem {
                        Link(org.name, url: DirectoryURL.organization(org.id))
                        Text(" · \(org.category.label) · \(org.commune)")
                    }
                }.class("isolated-list")
                if m.isolatedCount > m.isolated.count {
                    Paragraph("… et \(French.count(m.isolatedCount - m.isolated.count, "autre")) : cherchez-les dans l'annuaire.").class("muted")
                }
            }
        }
    }
}
