import Foundation
import Plot

enum ResourcesPage {
    struct Model {
        var hits: [ResourceSearch.Hit]
        var kind: ResourceKind?
        var territory: String
        var near: String
        var nearError: String?
        var canShare: Bool
        var cold = false
        var from = ""
        var to = ""
        var rangeError: String?
        /// The list shows only what is free in the range asked.
        var freeIn = false
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Ressources partagées" }

        override func content() -> Component {
            let m = self.model
            return Div {
                H1("Ressources partagées")
                Paragraph(
                    "Chambres froides, véhicules, cuisines, conserverie mobile, salles, équipes : ce que les structures du territoire se prêtent. Demandez un créneau ; la structure qui prête répond."
                ).class("muted")
                Form(url: SharingURL.resources.path, method: .get) {
                    Div {
                        SelectField(
                            label: "Type", name: "type", options: ResourceKind.allCases.map { ($0.rawValue, $0.label) }, selected: m.kind?.rawValue ?? "",
                            error: nil, includeEmpty: "Tous les types")
                        InputField(label: "Près de", name: "pres", value: m.near, error: m.nearError, hint: "Commune ou code postal")
                        InputField(label: "Libre du", name: "du", value: m.from, error: m.rangeError, type: .datetimeLocal)
                        InputField(label: "au", name: "au", value: m.to, error: nil, type: .datetimeLocal)
                        CheckboxField(label: "Réfrigéré", name: "froid", checked: m.cold)
                    }.class("filters")
                    Button("Chercher").attribute(named: "type", value: "submit").class("button")
                }.class("search-form")
                if m.canShare { Paragraph { Link("Partager une ressource de ma structure", url: SharingURL.newResource.path).class("button secondary") } }
                if m.hits.isEmpty {
                    Paragraph(
                        m.kind == nil && m.near.isEmpty
                            ? "Aucune ressource partagée pour l'instant : une structure membre peut partager la première (chambre froide, véhicule…)."
                            : "Aucune ressource de ce type par ici : essayez un autre type, ou retirez la commune."
                    ).class("empty")
                }
                List(m.hits) { hit in
                    ListItem {
                        H2 {
                            Link(
                                hit.resource.name,
                                url: SharingURL.resource(hit.resource.id ?? UUID())
                                    + (m.freeIn ? "?du=\(m.from.urlQueryValue)&au=\(m.to.urlQueryValue)#demande" : ""))
                        }
                        if m.freeIn { Paragraph("Libre sur ce créneau").class("badge ouvert") }
                        Paragraph {
                            Span(hit.resource.kindValue.label).class("badge")
                            Text(" \(Format.number(hit.resource.capacity)) \(hit.resource.unit)")
                            if hit.resource.refrigerated { Text(" · réfrigéré") }
                        }
                        Paragraph(
                            "Prêté par \(hit.organization.name), \(hit.organization.commune)"
                                + (hit.distanceKm.map { " · à \(Format.km($0))" } ?? ""))
                    }.class("card")
                }.class("results")
            }
        }
    }
}
