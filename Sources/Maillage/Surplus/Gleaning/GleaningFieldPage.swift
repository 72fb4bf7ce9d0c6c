import Foundation
import Plot

enum GleaningFieldPage {
    struct Model {
        var field: GleaningField
        var days: [GleaningDay]
        var owner: Bool
        var form: FormState<GleaningService.DayKey>
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Glanage : \(self.model.field.crop)" }

        override func content() -> Component {
            let m = self.model
            let f = m.field
            let form = m.form
            return Div {
                Paragraph { Link("← Glanage", url: SurplusURL.gleaning.path) }
                H1("\(f.crop) — \(f.organization.name)")
                Paragraph("Environ \(Format.number(f.expectedKg)) kg · \(f.place) · du \(Day.label(f.seasonFrom)) au \(Day.label(f.seasonTo))")
                Paragraph("Autorisation : \(f.authorisation)").class("muted")
                if !f.note.isEmpty { Paragraph(f.note) }
                H2("Journées")
                if m.days.isEmpty { Paragraph("Aucune journée prévue.").class("empty") }
                List(m.days) { d in
                    ListItem {
                        Link("\(Day.label(d.day)) · \(d.signedUp) inscrit·es sur \(d.pickersNeeded)", url: SurplusURL.gleaningDay(d.id ?? UUID()))
                        if let kg = d.gleanedKg { Text(" · \(Format.number(kg)) kg glanés") }
                    }
                }.class("results")
                if m.owner {
                    H2("Ajouter une journée")
                    Form(url: SurplusURL.gleaningDays(f.id ?? UUID()), method: .post) {
                        CSRFField(token: self.context.csrf)
                        InputField(label: "Jour", name: "day", value: form[.day], error: form.error(.day), type: .date, required: true)
                        Div {
                            InputField(label: "De", name: "de", value: form[.de], error: form.error(.de), type: .time)
                            InputField(label: "À", name: "a", value: form[.a], error: form.error(.a), type: .time)
                        }.class("field-row")
                        InputField(label: "Glaneur·ses attendu·es", name: "pickers", value: form[.pickers], error: form.error(.pickers), inputMode: "numeric")
                        InputField(label: "Encadrant·e (nom, téléphone)", name: "leader", value: form[.leader], error: form.error(.leader), required: true)
                        InputField(label: "Matériel à apporter", name: "equipment", value: form[.equipment], error: nil, hint: "Cagettes, gants, bottes…")
                        Button("Ajouter la journée").attribute(named: "type", value: "submit").class("button")
                    }
                }
            }
        }
    }
}
