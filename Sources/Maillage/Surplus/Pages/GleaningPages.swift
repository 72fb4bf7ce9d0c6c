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

enum GleaningFieldFormPage {
    struct Model {
        var structures: [(UUID, String)]
        var form: FormState<GleaningService.FieldKey>
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Proposer un champ à glaner" }

        override func content() -> Component {
            let f = self.model.form
            return Div {
                Paragraph { Link("← Glanage", url: SurplusURL.gleaning.path) }
                H1("Proposer un champ à glaner")
                Form(url: SurplusURL.newGleaningField.path, method: .post) {
                    CSRFField(token: self.context.csrf)
                    StructureChoice(label: "Exploitation", structures: self.model.structures, selected: f[.organization], error: f.error(.organization))
                    InputField(
                        label: "Culture", name: "crop", value: f[.crop], error: f.error(.crop), required: true, hint: "Pommes de terre, courges, pommes…")
                    InputField(
                        label: "Quantité espérée (kg)", name: "expected_kg", value: f[.expected_kg], error: f.error(.expected_kg), required: true,
                        inputMode: "decimal")
                    InputField(
                        label: "Lieu", name: "place", value: f[.place], error: f.error(.place), required: true, hint: "Lieu-dit, chemin, point de rendez-vous")
                    Div {
                        InputField(label: "Saison du", name: "season_from", value: f[.season_from], error: f.error(.season_from), type: .date)
                        InputField(label: "au", name: "season_to", value: f[.season_to], error: f.error(.season_to), type: .date)
                    }.class("field-row")
                    InputField(
                        label: "Autorisation", name: "authorisation", value: f[.authorisation], error: f.error(.authorisation), required: true,
                        hint: "Qui a autorisé le glanage et pour quelle période (accord écrit de l'exploitant)")
                    InputField(label: "Remarque", name: "note", value: f[.note], error: nil, hint: "Bottes, gants, parking…", multiline: true)
                    Button("Proposer le champ").attribute(named: "type", value: "submit").class("button")
                }
            }
        }
    }
}

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
