import Foundation
import Plot

/// Preparing a territory's dispatch: the day, what is on the table, which vans go out.
enum DispatchFormPage {
    struct Model {
        var territory: TerritorySummary
        var day: String
        var lots: Int
        var lotKg: Double
        var needs: Int
        var needKg: Double
        var vans: [(UUID, String, Double, Bool)]
        var leftOut: [(String, String)]
        var recent: [Dispatch]
        var expired: [Lot] = []
        /// Shared cold rooms and stores open that day: id, name, room left.
        var hubs: [(UUID, String, String)] = []
        var error: String?
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Répartition — \(self.model.territory.name)" }

        override func content() -> Component {
            let m = self.model
            return Div {
                Paragraph { Link("← Dons et besoins", url: SurplusURL.board.path) }
                H1("Répartition des dons — \(m.territory.name)")
                Form(url: SurplusURL.newDispatch(m.territory.code), method: .get) {
                    InputField(label: "Jour", name: "jour", value: m.day, error: nil, type: .date)
                    Button("Voir ce jour").attribute(named: "type", value: "submit").class("button secondary")
                }.class("inline-form")
                Paragraph(
                    "Le \(Day.label(m.day)) : \(French.count(m.lots, "lot proposé", plural: "lots proposés")) (\(Format.number(m.lotKg.rounded())) kg), "
                        + "\(French.count(m.needs, "besoin ouvert", plural: "besoins ouverts")) (\(Format.number(m.needKg.rounded())) kg)."
                )
                if m.lots == 0 || m.needs == 0 {
                    Paragraph(
                        m.lots == 0
                            ? "Aucun don à collecter ce jour-là : les donateurs déclarent leurs lots depuis « Dons et besoins »."
                            : "Aucun besoin ouvert ce jour-là : les structures expriment leurs besoins depuis « Dons et besoins »."
                    ).class("empty")
                }
                Form(url: SurplusURL.newDispatch(m.territory.code), method: .post) {
                    CSRFField(token: self.context.csrf)
                    Input(type: .hidden, name: "jour", value: m.day)
                    Element(name: "fieldset") {
                        Legend("Véhicules disponibles ce jour-là")
                        if m.vans.isEmpty {
                            Paragraph("Aucun véhicule partagé libre ce jour-là : les destinataires devront venir chercher.").class("empty")
                        }
                        for (i, van) in m.vans.enumerated() {
                            CheckboxField(
                                label: "\(van.1) — \(Format.number(van.2)) kg\(van.3 ? ", réfrigéré" : "")", name: "vehicules", value: van.0.uuidString,
                                checked: true, id: "van-\(i)")
                        }
                        for note in m.leftOut { Paragraph("\(note.0) : \(note.1)").class("muted") }
                    }
                    if !m.hubs.isEmpty {
                        Element(name: "fieldset") {
                            Legend("Chambres froides et stockages partagés")
                            Paragraph("Ce qu'aucune structure ne peut prendre ce jour-là y est gardé trois jours, puis proposé à nouveau.").class("muted")
                            for (i, hub) in m.hubs.enumerated() {
                                CheckboxField(label: "\(hub.1) — \(hub.2)", name: "stockages", value: hub.0.uuidString, checked: true, id: "stockage-\(i)")
                            }
                        }
                    }
                    InputField(
                        label: "Temps de calcul (secondes)", name: "secondes", value: "5", error: m.error,
                        hint: "5 secondes suffisent d'ordinaire ; plus long améliore un peu les tournées.", inputMode: "decimal")
                    Button("Calculer la répartition").attribute(named: "type", value: "submit").class("button")
                }
                if !m.expired.isEmpty {
                    H2("Périmés sans preneur cette semaine (\(Format.number(m.expired.reduce(0) { $0 + $1.freeKg }.rounded())) kg)")
                    Paragraph("Ces lots ont atteint leur DLC sans être attribués : voyez avec leurs donateurs comment les proposer plus tôt.").class("muted")
                    List(m.expired) { l in
                        ListItem {
                            Link("\(Format.number(l.freeKg)) kg · \(l.product)", url: SurplusURL.lot(l.id ?? UUID()))
                            Text(" · \(l.organization.name) · DLC \(Day.label(l.date))")
                        }
                    }.class("results")
                }
                if !m.recent.isEmpty {
                    H2("Répartitions récentes")
                    List(m.recent) { d in
                        ListItem {
                            Link("Répartition du \(Day.label(d.day))", url: SurplusURL.dispatch(d.id ?? UUID()))
                            Span(" \(d.status.label)").class("badge")
                        }
                    }
                }
            }
        }
    }
}
