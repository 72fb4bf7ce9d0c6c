import Foundation
import Plot

/// "Dons et besoins": what my structures give and ask for, what the territory offers, and the animators' desks.
enum SurplusBoardPage {
    struct Model {
        var structures: [(UUID, String)]
        var ourLots: [Lot]
        var ourNeeds: [Need]
        var offered: [Lot]
        var desks: [TerritorySummary]
        var tours: [Tour]
        var urgent: [UrgentOffer]
        var series: [LotSeries]
        var incoming: [Delivery]
        var now: Date
    }
    struct Tour {
        var dispatch: UUID
        var day: String
        var number: Int
        var vehicle: String
        var stops: Int
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Dons et besoins" }

        override func content() -> Component {
            let m = self.model
            return Div {
                H1("Dons et besoins")
                if m.structures.isEmpty {
                    Paragraph {
                        Text("Pour donner ou recevoir, il faut être membre d'une structure validée. ")
                        Link("Inscrire ou rejoindre une structure dans l'annuaire", url: DirectoryURL.directory.path)
                    }.class("empty")
                } else {
                    Div {
                        Link("Déclarer un don", url: SurplusURL.newLot.path).class("button")
                        Link("Exprimer un besoin", url: SurplusURL.newNeed.path).class("button secondary")
                        Link("Ramasse régulière", url: SurplusURL.newSeries.path).class("button secondary")
                        Link("Glanage", url: SurplusURL.gleaning.path).class("button secondary")
                    }.class("actions")
                    List(m.structures) { s in
                        ListItem {
                            Text("\(s.1) : ")
                            Link("préférences et délai de redistribution", url: SurplusURL.preferences(s.0))
                            Text(" · ")
                            Link("récapitulatif des dons (reçu fiscal)", url: SurplusURL.donorSummary(s.0))
                        }
                    }.class("muted")
                }
                if !m.desks.isEmpty {
                    H2("Répartition du jour")
                    List(m.desks) { t in
                        ListItem {
                            Link("Préparer la répartition — \(t.name) (\(t.code))", url: SurplusURL.newDispatch(t.code))
                            Text(" · ")
                            Link("Rappels de produits", url: SurplusURL.recalls(t.code))
                        }
                    }
                }
                if !m.urgent.isEmpty {
                    H2("Dons urgents proposés à votre structure").id("urgents")
                    List(m.urgent) { o in
                        ListItem {
                            Element(name: "strong") { Text("\(Format.number(o.kg)) kg · \(o.lot.product)") }
                            Text(
                                " · \(o.lot.temperature.label) · à \(Format.number(o.km.rounded())) km · à prendre jusqu'au \(Format.dateTime(o.lot.pickupTo))")
                            Paragraph("Le premier qui accepte l'emporte.").class("muted")
                            PostButton(action: SurplusURL.acceptUrgent(o.id ?? UUID()), label: "Nous le prenons", csrf: self.context.csrf)
                            PostButton(action: SurplusURL.declineUrgent(o.id ?? UUID()), label: "Pas pour nous", csrf: self.context.csrf, style: "link")
                        }.class("card")
                    }.class("results")
                }
                if !m.incoming.isEmpty {
                    H2("Livraisons prévues pour nous").id("livraisons")
                    List(m.incoming) { d in
                        ListItem {
                            Element(name: "strong") { Text("\(Format.number(d.kg)) kg · \(d.lot.product)") }
                            Text(
                                " · \(d.lot.temperature.label) · de \(d.lot.organization.name) · répartition du \(Day.label(d.dispatch.day)) pour \(d.need.organization.name)"
                            )
                            Span(" \(d.status.label)").class("badge")
                            if d.status == .planned {
                                Form(url: SurplusURL.refuseDelivery(d.id ?? UUID()), method: .post) {
                                    CSRFField(token: self.context.csrf)
                                    InputField(
                                        label: "Refuser cette livraison : pourquoi ?", name: "motif", value: "", error: nil,
                                        hint: "Pas de place, pas ce qu'il nous faut…",
                                        idSuffix: "-" + (d.id?.uuidString.prefix(8) ?? ""))
                                    Button("Refuser").attribute(named: "type", value: "submit").class("button secondary")
                                }.class("secondary-form")
                            }
                        }.class("card")
                    }.class("results")
                }
                if !m.tours.isEmpty {
                    H2("Nos tournées")
                    List(m.tours) { t in
                        ListItem {
                            Link("\(Day.label(t.day)) · tournée \(t.number) · \(t.vehicle)", url: SurplusURL.routeSheet(t.dispatch, t.number))
                            Text(" · \(French.count(t.stops, "arrêt", plural: "arrêts"))")
                        }
                    }.class("results")
                }
                H2("Nos dons")
                if m.ourLots.isEmpty {
                    Paragraph("Aucun don en cours. Un surplus ? Déclarez-le : il faut moins de deux minutes.").class("empty")
                } else {
                    LotList(lots: m.ourLots, showDonor: m.structures.count > 1)
                }
                if !m.series.isEmpty {
                    H2("Nos ramasses régulières")
                    List(m.series) { r in
                        ListItem {
                            Link(r.product, url: SurplusURL.series(r.id ?? UUID()))
                            Text(" · \(Format.number(r.kg)) kg")
                            Span(r.active ? " Active" : " Arrêtée").class("badge")
                        }
                    }
                }
                H2("Nos besoins")
                if m.ourNeeds.isEmpty {
                    Paragraph("Aucun besoin exprimé. Dites ce que vous pouvez recevoir et quand : la répartition en tiendra compte.").class("empty")
                } else {
                    List(m.ourNeeds) { n in
                        ListItem {
                            Element(name: "strong") { Text("\(Format.number(n.kg)) kg · \(FoodCategory.label(of: n.category))") }
                            Text(" · \(n.organization.name) · du \(Format.dateTime(n.deliveryFrom)) au \(Format.dateTime(n.deliveryTo))")
                            Span(n.allocatedKg > 0 ? " \(Format.number(n.allocatedKg)) kg attribués" : " \(n.status.label)").class("badge")
                            if n.status == .open {
                                PostButton(
                                    action: SurplusURL.closeNeed(n.id ?? UUID()), label: "Clore ce besoin", csrf: self.context.csrf, style: "link",
                                    confirm: "Clore ce besoin ? Il ne sera plus servi.")
                            }
                        }
                    }.class("results")
                }
                H2("Dons proposés près de chez vous")
                if m.offered.isEmpty {
                    Paragraph("Aucun don proposé sur votre territoire en ce moment.").class("empty")
                } else {
                    LotList(lots: m.offered, showDonor: true)
                }
            }
        }
    }
}

/// Which of the person's structures gives or receives: asked only when they belong to several (or the one chosen
/// was refused).
struct StructureChoice: Component {
    var label: String
    var structures: [(UUID, String)]
    var selected: String
    var error: String?

    var body: Component {
        if structures.count > 1 || error != nil {
            SelectField(label: label, name: "organization", options: structures.map { ($0.0.uuidString, $0.1) }, selected: selected, error: error)
        } else {
            EmptyComponent()
        }
    }
}

/// Lots as a list: what, how much, cold chain, date, pickup window, status.
struct LotList: Component {
    var lots: [Lot]
    var showDonor: Bool

    var body: Component {
        List(lots) { l in
            ListItem {
                Link("\(Format.number(l.kg)) kg · \(l.product)", url: SurplusURL.lot(l.id ?? UUID()))
                Text(" · \(l.temperature.label) · \(l.dateKind == .dlc ? "DLC" : "DDM") \(Day.label(l.date))")
                if showDonor { Text(" · \(l.organization.name)") }
                Text(" · collecte du \(Format.dateTime(l.pickupFrom)) au \(Format.dateTime(l.pickupTo))")
                Span(" \(l.status.label)").class("badge")
            }
        }.class("results")
    }
}

/// Declaring a lot from a phone: the fields a label shows, in the order it shows them.
enum LotFormPage {
    struct Model {
        var structures: [(UUID, String)]
        var form: FormState<SurplusController.LotField>
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Déclarer un don" }

        override func content() -> Component {
            let f = self.model.form
            return Div {
                Paragraph { Link("← Dons et besoins", url: SurplusURL.board.path) }
                H1("Déclarer un don")
                Paragraph(
                    "Les règles du don alimentaire sont vérifiées au fil de la saisie : un produit à DLC doit avoir au moins 48 h devant lui à la collecte."
                )
                .class("muted")
                Form(url: SurplusURL.newLot.path, method: .post) {
                    CSRFField(token: self.context.csrf)
                    StructureChoice(label: "Structure qui donne", structures: self.model.structures, selected: f[.organization], error: f.error(.organization))
                    SelectField(
                        label: "Catégorie", name: "category", options: FoodCategory.allCases.map { ($0.rawValue, $0.label) }, selected: f[.category],
                        error: f.error(.category), includeEmpty: "Choisir…")
                    InputField(label: "Produit", name: "product", value: f[.product], error: f.error(.product), hint: "Par exemple : yaourts nature, carottes")
                    InputField(
                        label: "Poids total (kg)", name: "kg", value: f[.kg], error: f.error(.kg), hint: "Ou bien le nombre d'unités et le poids d'une unité",
                        inputMode: "decimal")
                    Div {
                        InputField(label: "Nombre d'unités", name: "units", value: f[.units], error: nil, inputMode: "numeric")
                        InputField(label: "Poids d'une unité (kg)", name: "unit_kg", value: f[.unit_kg], error: nil, inputMode: "decimal")
                    }.class("field-row")
                    SelectField(
                        label: "Conservation", name: "temperature", options: TemperatureClass.allCases.map { ($0.rawValue, $0.label) },
                        selected: f[.temperature], error: f.error(.temperature))
                    SelectField(
                        label: "Type de date", name: "date_kind", options: DateKind.allCases.map { ($0.rawValue, $0.label) }, selected: f[.date_kind],
                        error: f.error(.date_kind))
                    InputField(label: "Date sur l'emballage", name: "date", value: f[.date], error: f.error(.date), type: .date, required: true)
                    InputField(
                        label: "Date de congélation", name: "frozen_on", value: f[.frozen_on], error: f.error(.frozen_on), type: .date,
                        hint: "Obligatoire pour la viande et le poisson congelés")
                    InputField(
                        label: "Numéro de lot", name: "lot_number", value: f[.lot_number], error: f.error(.lot_number),
                        hint: "S'il y en a un : il sert en cas de rappel")
                    Element(name: "fieldset") {
                        Legend("Quand peut-on venir le chercher ?")
                        InputField(
                            label: "À partir de", name: "pickup_from", value: f[.pickup_from], error: f.error(.pickup_from), type: .datetimeLocal,
                            required: true)
                        InputField(label: "Jusqu'à", name: "pickup_to", value: f[.pickup_to], error: f.error(.pickup_to), type: .datetimeLocal, required: true)
                    }
                    InputField(label: "Remarque", name: "note", value: f[.note], error: nil, hint: "Accès, quai, contact sur place…", multiline: true)
                    Button("Enregistrer le don").attribute(named: "type", value: "submit").class("button")
                }
            }
        }
    }
}

/// Expressing a need: how much, when, for how many people.
enum NeedFormPage {
    struct Model {
        var structures: [(UUID, String)]
        var form: FormState<SurplusController.NeedField>
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Exprimer un besoin" }

        override func content() -> Component {
            let f = self.model.form
            return Div {
                Paragraph { Link("← Dons et besoins", url: SurplusURL.board.path) }
                H1("Exprimer un besoin")
                Form(url: SurplusURL.newNeed.path, method: .post) {
                    CSRFField(token: self.context.csrf)
                    StructureChoice(label: "Structure qui reçoit", structures: self.model.structures, selected: f[.organization], error: f.error(.organization))
                    SelectField(
                        label: "Catégorie", name: "category",
                        options: [(FoodCategory.any, "Toutes catégories")] + FoodCategory.allCases.map { ($0.rawValue, $0.label) },
                        selected: f[.category], error: f.error(.category))
                    InputField(label: "Quantité (kg)", name: "kg", value: f[.kg], error: f.error(.kg), required: true, inputMode: "decimal")
                    InputField(
                        label: "Personnes servies", name: "people_served", value: f[.people_served], error: f.error(.people_served), required: true,
                        hint: "Par semaine, un ordre de grandeur suffit", inputMode: "numeric")
                    Element(name: "fieldset") {
                        Legend("Quand pouvez-vous recevoir ?")
                        InputField(
                            label: "À partir de", name: "delivery_from", value: f[.delivery_from], error: f.error(.delivery_from), type: .datetimeLocal,
                            required: true)
                        InputField(
                            label: "Jusqu'à", name: "delivery_to", value: f[.delivery_to], error: f.error(.delivery_to), type: .datetimeLocal, required: true)
                    }
                    InputField(label: "Remarque", name: "note", value: f[.note], error: nil, multiline: true)
                    Button("Enregistrer le besoin").attribute(named: "type", value: "submit").class("button")
                }
            }
        }
    }
}

/// A lot and its chain: every step, who, when, where, how much, at what temperature.
enum LotPage {
    struct Model {
        var lot: Lot
        var donor: String
        var events: [LotEvent]
        var deliveries: [Delivery]
        var canManage: Bool
        var editErrors: [String: String] = [:]
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
                if !m.deliveries.isEmpty {
                    H2("Destinataires")
                    List(m.deliveries) { d in
                        ListItem { Text("\(d.need.organization.name) : \(Format.number(d.kg)) kg · \(d.status.label)") }
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
                        for e in m.events {
                            TableRow {
                                TableCell(Format.dateTime(e.at)); TableCell(e.kind.label); TableCell(e.organization?.name ?? "—")
                                TableCell("\(Format.number(e.kg)) kg"); TableCell(e.temperatureC.map { "\(Format.number($0)) °C" } ?? "—")
                                TableCell(e.user?.name ?? "—"); TableCell(e.note)
                            }
                        }
                    }
                ).class("chain")
                if m.canReport {
                    Element(name: "details") {
                        Element(name: "summary") { Text("Signaler un défaut de qualité") }
                        Form(url: SurplusURL.defect(l.id ?? UUID()), method: .post) {
                            CSRFField(token: self.context.csrf)
                            InputField(
                                label: "Le défaut", name: "defaut", value: "", error: nil, hint: "Odeur, emballage abîmé, température à réception…",
                                multiline: true)
                            InputField(label: "kg concernés", name: "kg", value: "", error: nil, inputMode: "decimal")
                            Button("Signaler au donateur").attribute(named: "type", value: "submit").class("button secondary")
                        }
                    }
                }
                if m.isDonor && m.events.contains(where: { $0.kind == .defect }) {
                    Form(url: SurplusURL.answerDefect(l.id ?? UUID()), method: .post) {
                        CSRFField(token: self.context.csrf)
                        InputField(label: "Répondre au défaut signalé", name: "reponse", value: "", error: nil, multiline: true)
                        Button("Envoyer la réponse").attribute(named: "type", value: "submit").class("button secondary")
                    }
                }
                if m.canManage && l.status == .offered && l.allocatedKg == 0 {
                    Element(name: "details") {
                        Element(name: "summary") { Text("Modifier la quantité ou le créneau de collecte") }
                        Form(url: SurplusURL.editLot(l.id ?? UUID()), method: .post) {
                            CSRFField(token: self.context.csrf)
                            InputField(label: "Poids (kg)", name: "kg", value: Format.number(l.kg), error: m.editErrors["kg"], inputMode: "decimal")
                            InputField(
                                label: "Collecte à partir de", name: "pickup_from", value: SurplusController.localText(l.pickupFrom),
                                error: m.editErrors["pickup_from"], type: .datetimeLocal)
                            InputField(
                                label: "Jusqu'à", name: "pickup_to", value: SurplusController.localText(l.pickupTo),
                                error: m.editErrors["pickup_to"] ?? m.editErrors["date"], type: .datetimeLocal)
                            Button("Enregistrer").attribute(named: "type", value: "submit").class("button secondary")
                        }
                    }.attribute(named: "open", value: m.editErrors.isEmpty ? nil : "open")
                }
                if m.canManage && l.status == .offered {
                    Paragraph {
                        Link("Trop de dons d'un coup ? Le proposer tout de suite aux structures les plus proches", url: SurplusURL.urgent(l.id ?? UUID()))
                            .class("button")
                    }
                    Form(url: SurplusURL.withdraw(l.id ?? UUID()), method: .post) {
                        CSRFField(token: self.context.csrf)
                        InputField(label: "Retirer ce don (vendu, abîmé…) : pourquoi ?", name: "motif", value: "", error: nil)
                        Button("Retirer le don").attribute(named: "type", value: "submit").class("button danger")
                    }
                }
            }
        }
    }
}

/// A recipient's preferences and redistribution delay, next to its storage.
enum PreferencesPage {
    struct Model {
        var organization: Organization
        var preferences: [FoodCategory: Preference]
        var redistributesWithinHours: Int?
        var storage: [Capacity]
        var error: String?
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Préférences de dons" }

        override func content() -> Component {
            let m = self.model
            let orgID = m.organization.id ?? UUID()
            return Div {
                Paragraph { Link("← Dons et besoins", url: SurplusURL.board.path) }
                H1("Préférences de dons — \(m.organization.name)")
                H2("Stockage")
                if m.storage.isEmpty {
                    Paragraph("Aucun stockage déclaré : sans chambre froide ni congélateur, vous ne recevrez que de l'ambiant.").class("empty")
                } else {
                    List(m.storage) { c in
                        ListItem { Text("\(TemperatureClass(rawValue: c.temperature)?.label ?? c.temperature) : \(Format.number(c.capacityKg)) kg") }
                    }
                }
                Paragraph { Link("Mettre à jour le stockage sur la fiche de la structure", url: DirectoryURL.organizationEdit(orgID)) }
                Form(url: SurplusURL.preferences(orgID), method: .post) {
                    CSRFField(token: self.context.csrf)
                    H2("Ce que vous recherchez")
                    for c in FoodCategory.allCases {
                        SelectField(
                            label: c.label, name: "pref-" + c.rawValue, options: Preference.allCases.map { ($0.rawValue, $0.label) },
                            selected: (m.preferences[c] ?? .accepted).rawValue, error: nil)
                    }
                    InputField(
                        label: "Nous redistribuons en moins de (heures)", name: "delai", value: m.redistributesWithinHours.map(String.init) ?? "",
                        error: m.error,
                        hint: "Laissez vide si vous ne le garantissez pas : les produits à DLC doivent alors avoir 48 h devant eux.", inputMode: "numeric")
                    Button("Enregistrer").attribute(named: "type", value: "submit").class("button")
                }
            }
        }
    }
}

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
