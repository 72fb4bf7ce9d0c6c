import Foundation
import Plot

enum CooperationPage {
    struct Model {
        var territory: TerritorySummary
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
                Paragraph(
                    """
                    Chaque point est une structure, regroupée par famille d'acteurs ; chaque trait, une coopération (partenariat \
                    déclaré aujourd'hui ; alliances, réservations et livraisons s'y ajouteront). Plus le trait est épais, plus la \
                    coopération est forte et récente. Les cercles en pointillés n'ont pas encore de partenaire.
                    """
                ).class("muted")
                Paragraph("\(French.count(m.total, "structure")), \(French.count(m.links.count, "lien")) de coopération, \(m.isolatedCount) sans partenaire.")
                    .id("resume")
                if m.drawnCount < m.total {
                    Paragraph("Le graphe montre les structures qui coopèrent et les premières sans partenaire (\(m.drawnCount) sur \(m.total)).").class("muted")
                }
                Div { m.svg }.class("map-panel graph-panel")
                H2("Liens les plus forts")
                if m.links.isEmpty {
                    Paragraph("Aucune coopération enregistrée pour l'instant. Déclarez vos partenaires depuis la fiche de votre structure.").class("empty")
                }
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
