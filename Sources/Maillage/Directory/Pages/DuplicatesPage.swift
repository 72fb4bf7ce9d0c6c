import Foundation
import Plot

enum DuplicatesPage {
    struct RecentMerge: Equatable {
        var id: UUID
        var keptID: UUID
        var kept: String
        var removed: String
        var mergedAt: Date
        var daysLeft: Int
    }

    struct Model {
        var pairs: [Duplicates.Pair]
        var merges: [RecentMerge] = []
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Doublons possibles" }

        override func content() -> Component {
            Div {
                H1("Doublons possibles")
                Paragraph(
                    """
                    Structures de vos territoires qui ont le même SIRET, ou le même nom à moins de 200 m — souvent une fiche \
                    importée et une fiche inscrite à la main. Fusionner garde la fiche choisie, la complète avec ce qui lui manque \
                    et y rattache membres, interlocuteurs, stockage, services, partenaires et provenance ; l'adresse de l'autre fiche \
                    mène désormais à celle-ci. Vous voyez les deux fiches champ par champ avant de fusionner, et une fusion \
                    s'annule pendant 30 jours.
                    """
                ).class("muted")
                if self.model.pairs.isEmpty { Paragraph("Aucun doublon repéré. Tout est en ordre.").class("empty") }
                List(self.model.pairs) { pair in
                    ListItem {
                        H2(pair.a.name == pair.b.name ? "« \(pair.a.name) » deux fois" : "« \(pair.a.name) » et « \(pair.b.name) »")
                        Paragraph("Pourquoi : \(pair.reason).").class("muted")
                        Div {
                            self.side(pair.a)
                            self.side(pair.b)
                        }.class("two-columns")
                        Div {
                            Link(
                                "Comparer et garder « \(pair.a.name) » (\(pair.a.source.map(DataInclusion.sourceLabel) ?? "Maillage"))",
                                url: DirectoryURL.merge.path + "?garder=\(pair.a.id.uuidString)&retirer=\(pair.b.id.uuidString)"
                            ).class("button")
                            Link(
                                "Comparer et garder « \(pair.b.name) » (\(pair.b.source.map(DataInclusion.sourceLabel) ?? "Maillage"))",
                                url: DirectoryURL.merge.path + "?garder=\(pair.b.id.uuidString)&retirer=\(pair.a.id.uuidString)"
                            ).class("button secondary")
                        }.class("actions")
                    }.class("card")
                }.class("results")
                if !self.model.merges.isEmpty {
                    H2("Fusions récentes")
                    List(self.model.merges) { m in
                        ListItem {
                            Text("« \(m.removed) » fusionnée dans ")
                            Link(m.kept, url: DirectoryURL.organization(m.keptID))
                            Text(" le \(Format.date(m.mergedAt)) · encore \(French.count(m.daysLeft, "jour")) pour annuler ")
                            PostButton(
                                action: DirectoryURL.mergeUndo(m.id), label: "Annuler la fusion", csrf: self.context.csrf, style: "link",
                                confirm: "Séparer de nouveau ces deux fiches ?")
                        }
                    }.class("merges")
                }
            }
        }

        private func side(_ c: Duplicates.Candidate) -> Component {
            Div {
                H3 { Link(c.name, url: DirectoryURL.organization(c.id)) }
                Paragraph(
                    "\(c.commune) · \(c.siret.map { "SIRET \($0)" } ?? "sans SIRET") · \(c.source.map { "importée de \(DataInclusion.sourceLabel($0))" } ?? "inscrite dans Maillage")"
                )
            }.class("panel")
        }
    }
}
