import Foundation
import Plot

enum TerritoriesPage {
    struct Model { var territories: [(TerritorySummary, Int)] }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Territoires" }

        override func content() -> Component {
            let active = self.model.territories.filter { $0.1 > 0 }
            let others = self.model.territories.filter { $0.1 == 0 }
            return Div {
                H1("Territoires")
                Paragraph("Pour chaque territoire : qui est autour de la table, qui manque, qui coopère déjà avec qui, et ses données à télécharger.").class(
                    "muted")
                if active.isEmpty {
                    Paragraph("Aucune structure validée pour l'instant : inscrivez la vôtre depuis l'annuaire, un·e animateur·rice la validera.").class("empty")
                }
                List(active) { t, count in
                    ListItem {
                        H2("\(t.code) — \(t.name)")
                        Paragraph(French.count(count, "structure validée", plural: "structures validées"))
                        Paragraph {
                            Link("Qui manque autour de la table ?", url: DirectoryURL.coverage(t.code))
                            Text(" · ")
                            Link("Coopérations", url: DirectoryURL.cooperation(t.code))
                            Text(" · ")
                            Link("Interlocuteurs publics", url: DirectoryURL.interlocutors(t.code))
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
