import Foundation
import Plot

/// Gleaning days of the territory, and fields open to gleaners.
enum GleaningListPage {
    struct Model {
        var fields: [GleaningField]
        var days: [GleaningDay]
        var mine: Set<UUID>
        var canOffer: Bool
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Glanage" }

        override func content() -> Component {
            let m = self.model
            return Div {
                Paragraph { Link("← Dons et besoins", url: SurplusURL.board.path) }
                H1("Glanage")
                Paragraph(
                    "Des exploitations ouvrent leurs champs après la récolte : les bénévoles de toutes les structures viennent glaner, les légumes vont à l'aide alimentaire."
                )
                .class("muted")
                if m.canOffer { Paragraph { Link("Proposer un champ à glaner", url: SurplusURL.newGleaningField.path).class("button") } }
                H2("Prochaines journées")
                if m.days.isEmpty {
                    Paragraph("Aucune journée de glanage prévue pour l'instant.").class("empty")
                } else {
                    List(m.days) { d in
                        ListItem {
                            Link("\(Day.label(d.day)) · \(d.field.crop) chez \(d.field.organization.name)", url: SurplusURL.gleaningDay(d.id ?? UUID()))
                            Text(" · \(d.pickersNeeded - d.signedUp) places libres sur \(d.pickersNeeded)")
                            if m.mine.contains(d.id ?? UUID()) { Span(" Vous êtes inscrit·e").class("badge") }
                        }
                    }.class("results")
                }
                H2("Champs ouverts au glanage")
                if m.fields.isEmpty { Paragraph("Aucun champ proposé en ce moment.").class("empty") }
                List(m.fields) { f in
                    ListItem {
                        Link("\(f.crop) — \(f.organization.name)", url: SurplusURL.gleaningField(f.id ?? UUID()))
                        Text(" · environ \(Format.number(f.expectedKg)) kg · du \(Day.label(f.seasonFrom)) au \(Day.label(f.seasonTo))")
                    }
                }.class("results")
            }
        }
    }
}
