import Foundation
import Plot

enum GleaningDayPage {
    struct Model {
        var day: GleaningDay
        var signups: [GleaningSignup]
        var signedUp: Bool
        var owner: Bool
        var structures: [(UUID, String)]
        var recipients: [(UUID, String)]
        var past: Bool
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Glanage du \(Day.label(self.model.day.day))" }

        override func content() -> Component {
            let m = self.model
            let d = m.day
            let free = d.pickersNeeded - d.signedUp
            func hm(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }
            return Div {
                Paragraph { Link("← \(d.field.crop) — \(d.field.organization.name)", url: SurplusURL.gleaningField(d.$field.id)) }
                H1("Glanage du \(Day.label(d.day))")
                Paragraph("\(d.field.crop) · \(d.field.place) · de \(hm(d.startsAt)) à \(hm(d.endsAt))")
                Paragraph("Encadrement : \(d.leader)\(d.equipment.isEmpty ? "" : " · À apporter : \(d.equipment)")")
                Paragraph(
                    "\(French.count(d.signedUp, "inscrit·e", plural: "inscrit·es")) sur \(d.pickersNeeded) · \(free > 0 ? "\(free) places libres" : "complet")"
                )
                .class("balance")
                if let kg = d.gleanedKg { Paragraph("Bilan : \(Format.number(kg)) kg glanés.").class("balance") }
                if !m.past {
                    if m.signedUp {
                        PostButton(
                            action: SurplusURL.gleaningCancel(d.id ?? UUID()), label: "Me désinscrire", csrf: self.context.csrf, style: "button secondary")
                    } else if free > 0 {
                        Form(url: SurplusURL.gleaningSignUp(d.id ?? UUID()), method: .post) {
                            CSRFField(token: self.context.csrf)
                            if !m.structures.isEmpty {
                                SelectField(
                                    label: "Je viens au titre de", name: "structure", options: m.structures.map { ($0.0.uuidString, $0.1) }, selected: "",
                                    error: nil,
                                    includeEmpty: "À titre personnel")
                            }
                            Button("Je m'inscris").attribute(named: "type", value: "submit").class("button")
                        }
                    }
                }
                if m.owner {
                    H2("Inscrit·es")
                    if m.signups.isEmpty { Paragraph("Personne pour l'instant.").class("empty") }
                    if m.past && d.gleanedKg == nil {
                        Form(url: SurplusURL.gleaningReport(d.id ?? UUID()), method: .post) {
                            CSRFField(token: self.context.csrf)
                            Element(name: "fieldset") {
                                Legend("Qui est venu ? (les autres seront notés absents)")
                                for (i, s) in m.signups.enumerated() {
                                    CheckboxField(
                                        label: "\(s.user.name)\(s.organization.map { " (\($0.name))" } ?? "")", name: "presents", value: s.id?.uuidString ?? "",
                                        checked: true, id: "present-\(i)")
                                }
                            }
                            Element(name: "fieldset") {
                                Legend("Kilos glanés par destination")
                                for i in 1...4 {
                                    Div {
                                        SelectField(
                                            label: "Destination \(i)", name: "destination\(i)", options: m.recipients.map { ($0.0.uuidString, $0.1) },
                                            selected: "",
                                            error: nil, includeEmpty: "—")
                                        InputField(label: "kg", name: "kg\(i)", value: "", error: nil, inputMode: "decimal")
                                    }.class("field-row")
                                }
                            }
                            Button("Enregistrer le bilan").attribute(named: "type", value: "submit").class("button")
                        }
                    } else {
                        List(m.signups) { s in
                            ListItem {
                                Text("\(s.user.name)\(s.organization.map { " (\($0.name))" } ?? "")")
                                Span(" \(s.status.label)").class("badge")
                            }
                        }
                    }
                }
            }
        }
    }
}
