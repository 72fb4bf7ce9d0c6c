import Foundation
import Plot

enum ResourceFormPage {
    static let days: [(SharingController.ResourceField, String)] = [
        (.jour1, "Lundi"), (.jour2, "Mardi"), (.jour3, "Mercredi"), (.jour4, "Jeudi"), (.jour5, "Vendredi"), (.jour6, "Samedi"), (.jour7, "Dimanche"),
    ]

    struct Model {
        var organizations: [(UUID, String)]
        var form: FormState<SharingController.ResourceField>
        /// The resource being changed; nil to share a new one.
        var editing: SharedResource? = nil
        var closures: [ResourceClosure] = []
        var closure = FormState<ResourceOwnerController.ClosureField>()
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { self.model.editing.map { "Modifier « \($0.name) »" } ?? "Partager une ressource" }

        override func content() -> Component {
            let m = self.model
            let f = m.form
            let action = m.editing.flatMap { $0.id.map { SharingURL.edit($0) } } ?? SharingURL.newResource.path
            return Div {
                if let editing = m.editing, let id = editing.id { Paragraph { Link("← Retour à la ressource", url: SharingURL.resource(id)) } }
                H1(self.pageTitle())
                if m.organizations.isEmpty && m.editing == nil {
                    Paragraph(
                        "Il faut être membre d'une structure validée pour partager ses ressources : inscrivez-la ou demandez à la rejoindre depuis l'annuaire."
                    )
                    .class("empty")
                } else {
                    Form(url: action, method: .post) {
                        CSRFField(token: self.context.csrf)
                        if m.editing == nil {
                            SelectField(
                                label: "Structure qui prête", name: "organization", options: m.organizations.map { ($0.0.uuidString, $0.1) },
                                selected: f[.organization], error: f.error(.organization))
                            SelectField(
                                label: "Type", name: "kind", options: ResourceKind.allCases.map { ($0.rawValue, $0.label) }, selected: f[.kind],
                                error: f.error(.kind))
                        }
                        InputField(
                            label: "Nom", name: "name", value: f[.name], error: f.error(.name), required: true,
                            hint: "Par exemple : Chambre froide positive, 20 palettes")
                        InputField(label: "Capacité", name: "capacity", value: f[.capacity], error: f.error(.capacity), required: true, inputMode: "decimal")
                        InputField(
                            label: "Unité", name: "unit", value: f[.unit], error: f.error(.unit),
                            hint: "Vide : palettes pour un stockage, kg pour un véhicule, places pour une cuisine")
                        CheckboxField(label: "Réfrigéré", name: "refrigerated", checked: f[.refrigerated] == "1")
                        InputField(
                            label: "Description et règles d'usage", name: "description", value: f[.description], error: f.error(.description), multiline: true)
                        Element(name: "fieldset") {
                            Legend("Quand peut-on la prendre et la rendre ?")
                            Div {
                                for (key, label) in ResourceFormPage.days { CheckboxField(label: label, name: key.rawValue, checked: f[key] == "1") }
                            }.class("days")
                            if let error = f.error(.jour1) { Span(error).class("field-error") }
                            InputField(label: "De", name: "ouvre", value: f[.ouvre], error: f.error(.ouvre), type: .time, hint: "00:00 : dès minuit")
                            InputField(label: "À", name: "ferme", value: f[.ferme], error: f.error(.ferme), type: .time, hint: "00:00 : jusqu'à minuit")
                        }
                        Element(name: "fieldset") {
                            Legend("Règles de prêt")
                            CheckboxField(label: "Chaque demande attend notre réponse", name: "approval", checked: f[.approval] == "1")
                            CheckboxField(
                                label: "Une demande en attente garde sa place (premier arrivé, premier servi)", name: "attente", checked: f[.attente] == "1")
                            InputField(
                                label: "Minutes gardées après chaque réservation", name: "buffer", value: f[.buffer], error: f.error(.buffer),
                                hint: "Nettoyage, chargement : 0 à 1 440", inputMode: "numeric")
                            InputField(
                                label: "Heures par mois au plus pour chaque structure", name: "quota", value: f[.quota], error: f.error(.quota),
                                hint: "Vide : pas de limite. Pour partager équitablement une ressource très demandée.", inputMode: "numeric")
                            InputField(
                                label: "Libérer une réservation non retirée après (minutes)", name: "retrait", value: f[.retrait], error: f.error(.retrait),
                                hint: "Vide : jamais. Sinon la structure note le retrait sur la page ; sans cela le créneau est rendu aux autres.",
                                inputMode: "numeric")
                        }
                        Button(m.editing == nil ? "Partager" : "Enregistrer").attribute(named: "type", value: "submit").class("button")
                    }.class("stacked narrow")
                    if let editing = m.editing { self.closures(editing) }
                }
            }
        }

        /// Planned closures: listed with a way to remove them, and a form to add one.
        private func closures(_ r: SharedResource) -> Component {
            let c = self.model.closure
            return Div {
                H2("Fermetures prévues").id("fermetures")
                if self.model.closures.isEmpty {
                    Paragraph("Aucune fermeture prévue : ajoutez vos congés ou un inventaire, personne ne pourra réserver ces jours-là.").class("empty")
                } else {
                    List(self.model.closures) { closure in
                        ListItem {
                            Text(
                                "Du \(Format.date(closure.start)) au \(Format.date(closure.end.addingTimeInterval(-43_200)))"
                                    + (closure.label.isEmpty ? "" : " : \(closure.label)"))
                            PostButton(
                                action: SharingURL.removeClosure(closure.id ?? UUID()), label: "Retirer", csrf: self.context.csrf, style: "link",
                                confirm: "Retirer cette fermeture ? Ces jours se réserveront à nouveau.")
                        }
                    }.class("closures")
                }
                Form(url: SharingURL.closures(r.id ?? UUID()), method: .post) {
                    CSRFField(token: self.context.csrf)
                    InputField(label: "Premier jour fermé", name: "du", value: c[.du], error: c.error(.du), type: .date, required: true)
                    InputField(label: "Dernier jour fermé", name: "au", value: c[.au], error: c.error(.au), type: .date, required: true)
                    InputField(label: "Motif", name: "motif", value: c[.motif], error: c.error(.motif), hint: "Par exemple : congés de Noël")
                    Button("Ajouter la fermeture").attribute(named: "type", value: "submit").class("button secondary")
                }.class("stacked narrow")
            }
        }
    }
}
