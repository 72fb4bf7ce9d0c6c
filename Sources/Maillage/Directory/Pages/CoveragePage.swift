import Foundation
import Plot

enum CoveragePage {
    struct Model {
        var territory: TerritorySummary
        var coverage: Coverage
        var selected: PanelRow?
        var map: MapPanel
        var canEdit: Bool
        var structureCount: Int
        /// The selected line's structures on this page.
        var listed: [Coverage.Member]
        var page: Int
        var pageCount: Int
        /// For animators: imported fiches of the selected family nobody holds, to invite.
        var known: [CoverageInvitation.Known] = []
        var invitation = FormState<CoverageInvitation.Field>()
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Qui manque autour de la table ? — \(self.model.territory.name)" }
        override var usesMap: Bool { true }

        override func content() -> Component {
            let m = self.model
            let code = m.territory.code
            return Div {
                H1("Qui manque autour de la table ? — \(m.territory.name)")
                Paragraph(
                    """
                    Le panel de référence des Rencontres de la solidarité alimentaire : pour chaque famille d'acteurs, combien sont \
                    là, où, et combien coopèrent déjà (partenariat, alliance, réservation ou livraison). « Peu présent » : moins \
                    que le nombre attendu.
                    """
                ).class("muted")
                Paragraph(
                    "\(French.count(m.structureCount, "structure validée", plural: "structures validées")) sur ce territoire · "
                        + "\(French.count(m.coverage.missing.count, "famille absente", plural: "familles absentes")) · "
                        + "\(French.count(m.coverage.thin.count, "peu présente", plural: "peu présentes"))"
                )
                .id("resume")
                Paragraph {
                    Link("Télécharger le tableau (tableur)", url: DirectoryURL.coverageCSV(code))
                    Text(" · ")
                    Link("CSV pour programmes", url: DirectoryURL.coverageCSV(code) + "?pour=programme")
                    Text(" · ")
                    Link("Graphe des coopérations", url: DirectoryURL.cooperation(code))
                }
                Table(
                    header: TableRow {
                        TableHeaderCell("Famille d'acteurs"); TableHeaderCell("État"); TableHeaderCell("Présents / attendus")
                        TableHeaderCell("Coopèrent déjà"); TableHeaderCell("Où")
                    },
                    rows: {
                        for line in m.coverage.lines {
                            TableRow {
                                TableCell {
                                    Link(line.row.label, url: DirectoryURL.coverage(code) + "?ligne=\(line.row.key)#carte")
                                    Span(line.row.examples == "Institution" ? "" : line.row.examples).class("muted small")
                                }
                                TableCell { Span(line.presence.label).class("presence \(line.presence.rawValue)") }
                                TableCell("\(line.members.count) / \(line.expected)")
                                TableCell(String(line.engagedCount))
                                TableCell(
                                    line.communes.prefix(4).map { "\($0.name) (\($0.count))" }.joined(separator: ", ")
                                        + (line.communes.count > 4 ? "…" : ""))
                            }.class("row-\(line.presence.rawValue)").attribute(named: "data-ligne", value: line.row.key)
                        }
                    }
                ).class("coverage").id("couverture")
                if !m.coverage.otherInstitutions.isEmpty {
                    let others = m.coverage.otherInstitutions
                    Paragraph(
                        "Autres institutions (type non reconnu d'après le nom) : " + others.prefix(30).map(\.name).joined(separator: ", ")
                            + (others.count > 30 ? " et \(French.count(others.count - 30, "autre"))." : "")
                    ).class("muted")
                }
                H2(m.selected.map { "Où sont-ils ? \($0.label)" } ?? "Où sont-ils ? Toutes les structures").id("carte")
                if m.selected != nil { Paragraph { Link("Voir toutes les structures", url: DirectoryURL.coverage(code) + "#carte") } }
                m.map
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
                if m.canEdit, let row = m.selected { self.invitationForm(row) }
                if m.canEdit { self.expectationsForm() }
            }
        }

        private func invitationForm(_ row: PanelRow) -> Component {
            let f = self.model.invitation
            return Div {
                H2("Inviter un acteur : \(row.label)").id("inviter")
                Paragraph(
                    "L'invitation présente la dynamique du territoire et donne les liens pour créer la fiche de la structure, ou la revendiquer si elle existe déjà."
                ).class("muted")
                Form(url: DirectoryURL.coverageInvitation(self.model.territory.code), method: .post) {
                    CSRFField(token: self.context.csrf)
                    Input(type: .hidden, name: CoverageInvitation.Field.line.rawValue, value: row.key)
                    if !self.model.known.isEmpty {
                        SelectField(
                            label: "Une fiche importée que personne ne tient encore", name: CoverageInvitation.Field.fiche.rawValue,
                            options: self.model.known.map { ($0.id.uuidString, "\($0.name) (\($0.email))") }, selected: f[.fiche],
                            includeEmpty: "— ou écrire à une autre adresse —")
                    }
                    InputField(
                        label: "Adresse e-mail", name: CoverageInvitation.Field.email.rawValue, value: f[.email], error: f.error(.email), type: .email,
                        hint: self.model.known.isEmpty ? nil : "Laissez vide si vous avez choisi une fiche ci-dessus.")
                    InputField(
                        label: "Un mot d'accompagnement (facultatif)", name: CoverageInvitation.Field.note.rawValue, value: f[.note], error: f.error(.note),
                        multiline: true)
                    Button("Envoyer l'invitation").attribute(named: "type", value: "submit").class("button")
                }.class("stacked narrow")
            }.class("panel")
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
