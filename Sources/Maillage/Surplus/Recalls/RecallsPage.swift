import Foundation
import Plot

/// A territory's recalls and the form to enter one (the fields of a RappelConso notice).
enum RecallsPage {
    struct Model {
        var territory: TerritorySummary
        var recalls: [Recall]
        var form: FormState<RecallService.Field>
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Rappels de produits — \(self.model.territory.name)" }

        override func content() -> Component {
            let m = self.model
            let f = m.form
            return Div {
                Paragraph { Link("← Dons et besoins", url: SurplusURL.board.path) }
                H1("Rappels de produits — \(m.territory.name)")
                Paragraph(
                    "Recopiez l'avis de rappel (rappel.conso.gouv.fr) : Maillage retrouve les lots concernés, les structures qui les ont donnés et celles qui les ont reçus, et les prévient à l'instant."
                ).class("muted")
                Form(url: SurplusURL.recalls(m.territory.code), method: .post) {
                    CSRFField(token: self.context.csrf)
                    InputField(
                        label: "Produit", name: "product", value: f[.product], error: f.error(.product), required: true, hint: "Nom et marque, comme sur l'avis"
                    )
                    InputField(
                        label: "Numéros de lot", name: "lot_numbers", value: f[.lot_numbers], error: f.error(.lot_numbers),
                        hint: "Séparés par des virgules ; sans numéro, la recherche se fait sur le nom et les dates")
                    Div {
                        InputField(label: "Dates (DLC/DDM) du", name: "date_from", value: f[.date_from], error: f.error(.date_from), type: .date)
                        InputField(label: "au", name: "date_to", value: f[.date_to], error: f.error(.date_to), type: .date)
                    }.class("field-row")
                    InputField(label: "Motif du rappel", name: "reason", value: f[.reason], error: f.error(.reason), hint: "Par exemple : présence de Listeria")
                    InputField(
                        label: "Que faire", name: "instructions", value: f[.instructions], error: nil,
                        hint: "Laissez vide pour la consigne habituelle : ne plus distribuer, isoler, détruire ou rapporter",
                        multiline: true)
                    InputField(label: "Lien vers l'avis", name: "source", value: f[.source], error: f.error(.source))
                    Button("Chercher et prévenir").attribute(named: "type", value: "submit").class("button danger")
                }
                H2("Rappels saisis")
                if m.recalls.isEmpty {
                    Paragraph("Aucun rappel saisi pour ce territoire.").class("empty")
                } else {
                    List(m.recalls) { r in
                        ListItem {
                            Link(r.product, url: SurplusURL.recall(r.id ?? UUID()))
                            Text(" · \(Format.date(r.createdAt))\(r.reason.isEmpty ? "" : " · \(r.reason)")")
                        }
                    }.class("results")
                }
            }
        }
    }
}
