import Foundation
import Plot

enum DuplicatesPage {
    struct Model { var pairs: [Duplicates.Pair] }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Doublons possibles" }

        override func content() -> Component {
            Div {
                H1("Doublons possibles")
                Paragraph(
                    """
                    Structures de vos territoires qui ont le même SIRET, ou le même nom à moins de 200 m — souvent une fiche \
                    importée et une fiche inscrite à la main. Fusionner garde la fiche choisie, la complète avec ce qui lui manque \
                    et y rattache membres, interlocuteurs, stockage, services, partenaires et provenance ; l'autre fiche disparaît.
                    """
                ).class("muted")
                if self.model.pairs.isEmpty { Paragraph("Aucun doublon repéré. Tout est en ordre.").class("empty") }
                List(self.model.pairs) { pair in
                    ListItem {
                        Paragraph(pair.reason).class("muted")
                        Div {
                            self.side(pair.a)
                            self.side(pair.b)
                        }.class("two-columns")
                        Div {
                            PostButton(
                                action: DirectoryURL.merge.path, label: "Garder « \(pair.a.name) » (\(pair.a.source ?? "Maillage"))", csrf: self.context.csrf,
                                hidden: [("keep", pair.a.id.uuidString), ("remove", pair.b.id.uuidString)],
                                confirm: "Fusionner les deux fiches en gardant la première ? Ce n'est pas réversible.")
                            PostButton(
                                action: DirectoryURL.merge.path, label: "Garder « \(pair.b.name) » (\(pair.b.source ?? "Maillage"))", csrf: self.context.csrf,
                                style: "button secondary", hidden: [("keep", pair.b.id.uuidString), ("remove", pair.a.id.uuidString)],
                                confirm: "Fusionner les deux fiches en gardant la seconde ? Ce n'est pas réversible.")
                        }.class("actions")
                    }.class("card")
                }.class("results")
            }
        }

        private func side(_ c: Duplicates.Candidate) -> Component {
            Div {
                H3 { Link(c.name, url: DirectoryURL.organization(c.id)) }
                Paragraph(
                    "\(c.commune) · \(c.siret.map { "SIRET \($0)" } ?? "sans SIRET") · \(c.source.map { "importée de \($0)" } ?? "inscrite dans Maillage")")
            }.class("panel")
        }
    }
}
