import Foundation
import Plot

/// One recall: what it names, who was told, who acknowledged.
enum RecallPage {
    struct Model {
        var recall: Recall
        var territory: String
        var notices: [RecallNotice]
        var animator: Bool
        var mine: Set<UUID>
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Rappel : \(self.model.recall.product)" }

        override func content() -> Component {
            let m = self.model
            let r = m.recall
            let acknowledged = m.notices.filter { $0.acknowledgedAt != nil }.count
            return Div {
                if m.animator { Paragraph { Link("← Rappels du territoire", url: SurplusURL.recalls(m.territory)) } }
                H1("Rappel : \(r.product)")
                Element(name: "dl") {
                    for (term, value) in [
                        ("Numéros de lot", r.lotNumbers.isEmpty ? "—" : r.lotNumbers),
                        (
                            "Dates",
                            r.dateFrom.isEmpty && r.dateTo.isEmpty
                                ? "—" : "du \(r.dateFrom.isEmpty ? "…" : Day.label(r.dateFrom)) au \(r.dateTo.isEmpty ? "…" : Day.label(r.dateTo))"
                        ),
                        ("Motif", r.reason.isEmpty ? "—" : r.reason), ("Saisi le", Format.dateTime(r.createdAt)),
                    ] {
                        Element(name: "dt") { Text(term) }
                        Element(name: "dd") { Text(value) }
                    }
                }
                if !r.source.isEmpty, r.source.hasPrefix("https://") { Paragraph { Link("Lire l'avis de rappel", url: r.source) } }
                H2("Que faire")
                Paragraph(r.instructions).class("notice-box")
                H2("Structures prévenues (\(acknowledged) sur \(m.notices.count) ont confirmé)")
                if m.notices.isEmpty {
                    Paragraph("Aucun lot correspondant n'a été donné ni reçu sur le territoire.").class("empty")
                }
                List(m.notices) { n in
                    ListItem {
                        Element(name: "strong") { Text(n.organization.name) }
                        Text(" · \(n.role == "gave" ? "a donné" : "a reçu") \(Format.number(n.kg.rounded())) kg (\(n.lots))")
                        if let at = n.acknowledgedAt {
                            Span(" Confirmé le \(Format.dateTime(at))").class("badge")
                            if !n.acknowledgement.isEmpty { Paragraph(n.acknowledgement).class("muted") }
                        } else {
                            Span(" En attente").class("badge")
                            if m.mine.contains(n.$organization.id) {
                                Form(url: SurplusURL.acknowledge(n.$organization.id, r.id ?? UUID()), method: .post) {
                                    CSRFField(token: self.context.csrf)
                                    InputField(
                                        label: "Ce que vous avez fait", name: "note", value: "", error: nil, hint: "Par exemple : 12 kg retirés et détruits",
                                        idSuffix: "-" + (n.id?.uuidString.prefix(8) ?? ""))
                                    Button("Nous avons agi").attribute(named: "type", value: "submit").class("button")
                                }
                            }
                        }
                    }.class("card")
                }.class("results")
            }
        }
    }
}
