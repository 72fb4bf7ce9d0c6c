import Foundation
import Plot

/// A lot and its chain: every step, who, when, where, how much, at what temperature.
enum LotPage {
    /// Plain values (issue 21): the page never touches a database row; `query(on:)` reads what it shows.
    struct Model: Equatable {
        struct Facts: Equatable {
            var id: UUID
            var product: String
            var kg: Double
            var allocatedKg: Double
            var status: Lot.Status
            var category: FoodCategory
            var temperature: TemperatureClass
            var dateKind: DateKind
            var date: String
            var lotNumber: String
            var frozenOn: String?
            var pickupFrom: Date
            var pickupTo: Date
            var note: String
        }
        /// One step of the chain.
        struct Step: Equatable {
            var at: Date
            var kind: LotEvent.Kind
            var place: String?
            var kg: Double
            var temperature: Double?
            var by: String?
            var note: String
        }
        struct Recipient: Equatable {
            var name: String
            var kg: Double
            var status: Delivery.Status
        }

        var lot: Facts
        var donor: String
        var steps: [Step]
        var recipients: [Recipient]
        var canManage: Bool
        var editErrors: [LotField: String] = [:]
        /// A member of a structure that received it: may report a defect.
        var canReport = false
        /// A member of the donor: answers defects.
        var isDonor = false
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Lot : \(self.model.lot.product)" }

        override func content() -> Component {
            let m = self.model
            let l = m.lot
            return Div {
                Paragraph { Link("← Dons et besoins", url: SurplusURL.board.path) }
                H1("\(l.product) — \(Format.number(l.kg)) kg")
                Paragraph { Span(l.status.label).class("badge") }
                Element(name: "dl") {
                    for (term, value) in [
                        ("Donateur", m.donor), ("Catégorie", l.category.label), ("Conservation", l.temperature.label),
                        (l.dateKind == .dlc ? "DLC" : "DDM", Day.label(l.date)), ("Numéro de lot", l.lotNumber.isEmpty ? "—" : l.lotNumber),
                        ("Collecte", "du \(Format.dateTime(l.pickupFrom)) au \(Format.dateTime(l.pickupTo))"),
                        ("Attribué", "\(Format.number(l.allocatedKg)) kg sur \(Format.number(l.kg)) kg"),
                    ] {
                        Element(name: "dt") { Text(term) }
                        Element(name: "dd") { Text(value) }
                    }
                    if let frozen = l.frozenOn {
                        Element(name: "dt") { Text("Congelé le") }
                        Element(name: "dd") { Text(Day.label(frozen)) }
                    }
                    if !l.note.isEmpty {
                        Element(name: "dt") { Text("Remarque") }
                        Element(name: "dd") { Text(l.note) }
                    }
                }
                if !m.recipients.isEmpty {
                    H2("Destinataires")
                    List(m.recipients) { d in
                        ListItem { Text("\(d.name) : \(Format.number(d.kg)) kg · \(d.status.label)") }
                    }
                }
                H2("Traçabilité")
                Paragraph("Chaque étape est enregistrée et ne peut plus être modifiée : une correction s'ajoute comme une nouvelle étape.").class("muted")
                Table(
                    header: TableRow {
                        TableHeaderCell("Quand"); TableHeaderCell("Étape"); TableHeaderCell("Où"); TableHeaderCell("Quantité")
                        TableHeaderCell("Température"); TableHeaderCell("Par"); TableHeaderCell("Remarque")
                    },
                    rows: {
                        for e in m.steps {
                            TableRow {
                                TableCell(Format.dateTime(e.at)); TableCell(e.kind.label); TableCell(e.place ?? "—")
                                TableCell("\(Format.number(e.kg)) kg"); TableCell(e.temperature.map { "\(Format.number($0)) °C" } ?? "—")
                                TableCell(e.by ?? "—"); TableCell(e.note)
                            }
                        }
                    }
                ).class("chain")
                if m.canReport {
                    Element(name: "details") {
                        Element(name: "summary") { Text("Signaler un défaut de qualité") }
                        Form(url: SurplusURL.defect(l.id), method: .post) {
                            CSRFField(token: self.context.csrf)
                            InputField(
                                label: "Le défaut", name: "defaut", value: "", error: nil, hint: "Odeur, emballage abîmé, température à réception…",
                                multiline: true)
                            InputField(label: "kg concernés", name: "kg", value: "", error: nil, inputMode: "decimal")
                            Button("Signaler au donateur").attribute(named: "type", value: "submit").class("button secondary")
                        }
                    }
                }
                if m.isDonor && m.steps.contains(where: { $0.kind == .defect }) {
                    Form(url: SurplusURL.answerDefect(l.id), method: .post) {
                        CSRFField(token: self.context.csrf)
                        InputField(label: "Répondre au défaut signalé", name: "reponse", value: "", error: nil, multiline: true)
                        Button("Envoyer la réponse").attribute(named: "type", value: "submit").class("button secondary")
                    }
                }
                if m.canManage && l.status == .offered && l.allocatedKg == 0 {
                    Element(name: "details") {
                        Element(name: "summary") { Text("Modifier la quantité ou le créneau de collecte") }
                        Form(url: SurplusURL.editLot(l.id), method: .post) {
                            CSRFField(token: self.context.csrf)
                            InputField(label: "Poids (kg)", name: "kg", value: Format.number(l.kg), error: m.editErrors[.kg], inputMode: "decimal")
                            InputField(
                                label: "Collecte à partir de", name: "pickup_from", value: SurplusController.localText(l.pickupFrom),
                                error: m.editErrors[.pickup_from], type: .datetimeLocal)
                            InputField(
                                label: "Jusqu'à", name: "pickup_to", value: SurplusController.localText(l.pickupTo),
                                error: m.editErrors[.pickup_to] ?? m.editErrors[.date], type: .datetimeLocal)
                            Button("Enregistrer").attribute(named: "type", value: "submit").class("button secondary")
                        }
                    }.attribute(named: "open", value: m.editErrors.isEmpty ? nil : "open")
                }
                if m.canManage && l.status == .offered {
                    Paragraph {
                        Link("Trop de dons d'un coup ? Le proposer tout de suite aux structures les plus proches", url: SurplusURL.urgent(l.id))
                            .class("button")
                    }
                    Form(url: SurplusURL.withdraw(l.id), method: .post) {
                        CSRFField(token: self.context.csrf)
                        InputField(label: "Retirer ce don (vendu, abîmé…) : pourquoi ?", name: "motif", value: "", error: nil)
                        Button("Retirer le don").attribute(named: "type", value: "submit").class("button danger")
                    }
                }
            }
        }
    }
}
