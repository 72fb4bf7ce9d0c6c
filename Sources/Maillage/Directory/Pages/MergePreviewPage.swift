import Foundation
import Plot

/// Two fiches side by side before a merge: each field of both, and what the kept fiche will hold.
enum MergePreviewPage {
    struct Model { var preview: MergePreview }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Fusionner deux fiches" }

        override func content() -> Component {
            let p = self.model.preview
            return Div {
                Paragraph { Link("← Doublons possibles", url: DirectoryURL.duplicates.path) }
                H1("Fusionner « \(p.removed.name) » dans « \(p.kept.name) »")
                Paragraph(
                    "La fiche gardée reçoit ce qui lui manque, et tout ce qui était rattaché à l'autre. L'adresse de l'autre fiche mènera à celle-ci. Vous pourrez annuler pendant 30 jours."
                ).class("muted")
                Table {
                    TableRow {
                        TableHeaderCell("Champ")
                        TableHeaderCell {
                            Text("Gardée : "); Link(p.kept.name, url: DirectoryURL.organization(p.kept.id))
                        }
                        TableHeaderCell {
                            Text("Fusionnée : "); Link(p.removed.name, url: DirectoryURL.organization(p.removed.id))
                        }
                        TableHeaderCell("Après la fusion")
                    }
                    for line in p.lines {
                        TableRow {
                            TableCell(line.field)
                            TableCell(line.kept)
                            TableCell(line.removed)
                            TableCell(line.result).class(line.result != line.kept ? "changed" : "")
                        }
                    }
                }.class("merge-preview")
                Div {
                    PostButton(
                        action: DirectoryURL.merge.path, label: "Fusionner", csrf: self.context.csrf,
                        hidden: [("keep", p.kept.id.uuidString), ("remove", p.removed.id.uuidString)])
                    Link(
                        "Garder plutôt « \(p.removed.name) »",
                        url: DirectoryURL.merge.path + "?garder=\(p.removed.id.uuidString)&retirer=\(p.kept.id.uuidString)"
                    ).class("button secondary")
                }.class("actions")
            }
        }
    }
}
