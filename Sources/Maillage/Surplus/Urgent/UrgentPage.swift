import Foundation
import Plot

/// "J'ai trop de dons": the best takers of a lot right now, to offer it to.
enum UrgentPage {
    struct Model {
        var lot: Lot
        var takers: [UrgentOffers.Taker]
        var offers: [UrgentOffer]
        var error: String?
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Don urgent : \(self.model.lot.product)" }

        override func content() -> Component {
            let m = self.model
            let lotID = m.lot.id ?? UUID()
            let offered = Set(m.offers.map(\.$need.id))
            return Div {
                Paragraph { Link("← Le lot", url: SurplusURL.lot(lotID)) }
                H1("Don urgent : \(Format.number(m.lot.freeKg)) kg de \(m.lot.product)")
                if !m.offers.isEmpty {
                    H2("Déjà proposé à")
                    List(m.offers) { o in
                        ListItem {
                            Text("\(o.organization.name) · \(Format.number(o.kg)) kg")
                            Span(" \(o.status.label)").class("badge")
                        }
                    }
                }
                H2("Les meilleurs preneurs maintenant")
                Paragraph("Mêmes règles que la répartition : catégorie et préférences, place au froid, DLC, distance, créneaux de réception.").class("muted")
                if m.takers.isEmpty {
                    Paragraph(
                        m.lot.status == .offered
                            ? "Aucune structure ne peut le prendre maintenant (besoins remplis, trop loin ou pas de place au froid). L'animation du territoire peut vous aider."
                            : "Ce lot n'est plus proposé."
                    ).class("empty")
                } else {
                    Form(url: SurplusURL.urgent(lotID), method: .post) {
                        CSRFField(token: self.context.csrf)
                        if let error = m.error { Paragraph(error).class("field-error").attribute(named: "role", value: "alert") }
                        for (i, t) in m.takers.enumerated() where !offered.contains(t.need.id ?? UUID()) {
                            CheckboxField(
                                label: "\(t.need.organization.name) — \(Format.number(t.km.rounded())) km, peut prendre \(Format.number(t.kg)) kg",
                                name: "besoins", value: t.need.id?.uuidString ?? "", checked: i < 3, id: "preneur-\(i)")
                        }
                        Button("Proposer aux structures cochées").attribute(named: "type", value: "submit").class("button")
                    }
                }
            }
        }
    }
}
