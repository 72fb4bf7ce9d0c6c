import Foundation
import Plot

/// A computed dispatch: figures, who gets what, the tours, every kilo not placed with its reason, accept.
enum DispatchPage {
    struct Model {
        var dispatch: Dispatch
        var territory: TerritorySummary
        var plan: DispatchPlan?
        var lots: [UUID: Lot]
        var needs: [UUID: Need]
        var vans: [UUID: String]
        var error: String?
        /// Where each structure of the tours and each van's depot is.
        var places: [UUID: TourMap.Place] = [:]
        var depots: [UUID: UUID] = [:]
        /// The page of the allocation table, and the tour whose stops are shown (0-based).
        var page = 1
        var shownTour: Int?
        /// What the vans' and rooms' owners answered (issue 21): by tour, and the hub rooms.
        var vanBookings: [Int: BookingLine] = [:]
        var roomBookings: [BookingLine] = []

        /// One van or room the accepted plan booked or asked for, as the page says it.
        struct BookingLine: Equatable {
            var status: DispatchBooking.Status
            var sentence: String
        }
    }
    /// A day has thousands of rows: the page shows them 100 at a time (everything is in the CSV).
    static let pageSize = 100

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Répartition du \(Day.label(self.model.dispatch.day))" }
        override var refreshSeconds: Int? { [.queued, .running].contains(self.model.dispatch.status) ? 2 : nil }

        override func content() -> Component {
            let m = self.model
            let d = m.dispatch
            return Div {
                Paragraph { Link("← Préparer une autre répartition", url: SurplusURL.newDispatch(m.territory.code) + "?jour=" + d.day) }
                H1("Répartition du \(Day.label(d.day)) — \(m.territory.name)")
                Paragraph { Span(d.status.label).class("badge") }
                if let error = m.error { Paragraph(error).class("field-error").attribute(named: "role", value: "alert") }
                switch d.status {
                case .queued, .running:
                    Paragraph("Le calcul est en cours (\(Format.number(d.seconds)) s environ) : cette page se met à jour toute seule.")
                case .failed:
                    Paragraph("Le calcul a échoué : \(d.failure ?? "erreur inconnue"). Corrigez les données en cause puis relancez.").class("field-error")
                case .done, .accepted:
                    if let plan = m.plan { self.planView(plan) }
                }
            }
        }

        private func lotName(_ id: UUID) -> String {
            guard let l = self.model.lots[id] else { return "Lot" }
            return "\(l.product) (\(l.organization.name))"
        }

        private func needName(_ id: UUID) -> String {
            guard let need = self.model.needs[id] else { return "Destinataire" }
            return need.$hub.id == nil ? need.organization.name : "\(need.note) (\(need.organization.name))"
        }

        /// Each tour from its van's depot through its stops and back.
        private func map(_ plan: DispatchPlan) -> Component {
            let m = self.model
            let tours = plan.tours.map { tour -> [TourMap.Place] in
                let depot = m.depots[tour.vehicle_id].flatMap { m.places[$0] }
                var line: [TourMap.Place] = depot.map { [$0] } ?? []
                var last: UUID?
                for stop in tour.stops where stop.organization_id != last {
                    last = stop.organization_id
                    if let p = m.places[stop.organization_id] { line.append(p) }
                }
                if let depot { line.append(depot) }
                return line
            }
            return TourMap(tours: tours).svg()
        }

        /// Keep this lot for this recipient, or keep it from it; the day is planned again.
        private func adjustForm(_ a: DispatchPlan.Allocation, index: Int) -> Component {
            Form(url: SurplusURL.adjustDispatch(self.model.dispatch.id ?? UUID()), method: .post) {
                CSRFField(token: self.context.csrf)
                Input(type: .hidden, name: "lot", value: a.lot_id.uuidString)
                Element(name: "select") {
                    Element(name: "option") { Text("Garder ici") }.attribute(named: "value", value: "garder:" + a.need_id.uuidString)
                    Element(name: "option") { Text("Pas à ce destinataire") }.attribute(named: "value", value: "exclure:" + a.need_id.uuidString)
                }.attribute(named: "name", value: "choix").attribute(named: "aria-label", value: "Ajustement de la ligne \(index + 1)")
                Button("Recalculer").attribute(named: "type", value: "submit").class("button secondary small")
            }.class("adjust")
        }

        /// Send one lot of this page to another recipient.
        private func moveForm(_ rows: [DispatchPlan.Allocation], needs: [UUID]) -> Component {
            let lots = Dictionary(rows.map { ($0.lot_id, self.lotName($0.lot_id)) }, uniquingKeysWith: { a, _ in a }).sorted { $0.value < $1.value }
            let targets = needs.map { ($0, self.needName($0)) }.sorted { $0.1 < $1.1 }
            return Form(url: SurplusURL.adjustDispatch(self.model.dispatch.id ?? UUID()), method: .post) {
                CSRFField(token: self.context.csrf)
                SelectField(label: "Envoyer le don", name: "lot", options: lots.map { ($0.key.uuidString, $0.value) }, selected: "", error: nil)
                SelectField(label: "plutôt à", name: "choix", options: targets.map { ("garder:" + $0.0.uuidString, $0.1) }, selected: "", error: nil)
                Button("Recalculer").attribute(named: "type", value: "submit").class("button secondary")
            }.class("inline-form move")
        }

        private func pageOf<T>(_ all: [T]) -> [T] {
            let start = min(all.count, (self.model.page - 1) * DispatchPage.pageSize)
            return Array(all[start..<min(all.count, start + DispatchPage.pageSize)])
        }

        private func pager(count: Int) -> Component {
            let pages = (count + DispatchPage.pageSize - 1) / DispatchPage.pageSize
            let base = SurplusURL.dispatch(self.model.dispatch.id ?? UUID())
            guard pages > 1 else { return EmptyComponent() }
            return Paragraph {
                Text("Page \(self.model.page) sur \(pages) (\(count) lignes) ")
                if self.model.page > 1 { Link("← précédente", url: base + "?page=\(self.model.page - 1)") }
                Text(" ")
                if self.model.page < pages { Link("suivante →", url: base + "?page=\(self.model.page + 1)") }
            }.class("pager")
        }

        private func planView(_ plan: DispatchPlan) -> Component {
            let m = self.model
            let share = plan.kg_offered > 0 ? plan.kg_placed / plan.kg_offered : 0
            return Div {
                Div {
                    for (label, value) in [
                        (
                            "kg placés",
                            "\(Format.number(plan.kg_placed.rounded())) sur \(Format.number(plan.kg_offered.rounded())) (\(Format.number((share * 100).rounded())) %)"
                        ),
                        ("kg qui vont périmer", Format.number(plan.kg_expiring.rounded())),
                        (French.count(plan.tours.count, "tournée", plural: "tournées"), "\(Format.number(plan.km.rounded())) km"),
                        ("CO₂ estimé", "\(Format.number(plan.co2_kg.rounded())) kg"),
                    ]
                        + (plan.fairness_after.map { after in
                            [
                                (
                                    "écart entre destinataires sur 4 semaines (Gini, 0 = égal)",
                                    "\(Format.number(((plan.fairness_before ?? after) * 100).rounded() / 100)) → \(Format.number((after * 100).rounded() / 100))"
                                )
                            ]
                        } ?? [])
                    {
                        Div {
                            Span(value).class("kpi-value")
                            Span(label).class("kpi-label")
                        }.class("kpi")
                    }
                }.class("kpis")
                Paragraph(
                    "CO₂ : \(Format.number(DispatchPlan.co2PerKm)) kg CO₂e par km, ordre de grandeur de la Base Carbone de l'ADEME pour un utilitaire léger au gazole ; une estimation, pas une mesure."
                ).class("muted")
                if m.dispatch.status == .done {
                    PostButton(
                        action: SurplusURL.acceptDispatch(m.dispatch.id ?? UUID()), label: "Accepter ce plan (réserve les lots et les véhicules)",
                        csrf: self.context.csrf, confirm: "Accepter ce plan ? Les lots seront réservés et les véhicules réservés pour les tournées.")
                }
                Paragraph {
                    Link("Plan en CSV", url: SurplusURL.dispatchCSV(m.dispatch.id ?? UUID()))
                    Text(" · ")
                    Link("Tournées en GeoJSON", url: SurplusURL.toursGeoJSON(m.dispatch.id ?? UUID()))
                }
                H2("Qui reçoit quoi")
                if plan.allocations.isEmpty {
                    Paragraph("Rien n'a pu être placé ce jour-là : les raisons sont ci-dessous.").class("empty")
                } else {
                    let adjustable = m.dispatch.status == .done
                    let rows = self.pageOf(plan.allocations)
                    if adjustable { self.moveForm(rows, needs: plan.needs.map(\.need_id)) }
                    Table(
                        header: TableRow {
                            TableHeaderCell("Don"); TableHeaderCell("Destinataire"); TableHeaderCell("kg"); TableHeaderCell("Tournée")
                            if adjustable { TableHeaderCell("Ajuster") }
                        },
                        rows: {
                            for (i, a) in rows.enumerated() {
                                TableRow {
                                    TableCell { Link(self.lotName(a.lot_id), url: SurplusURL.lot(a.lot_id)) }
                                    TableCell(self.needName(a.need_id)); TableCell(Format.number(a.kg)); TableCell(a.tour.map { String($0 + 1) } ?? "—")
                                    if adjustable { TableCell { self.adjustForm(a, index: i) } }
                                }
                            }
                        })
                    self.pager(count: plan.allocations.count)
                }
                H2("Part de chaque besoin servie")
                List(plan.needs) { n in
                    ListItem {
                        Text("\(self.needName(n.need_id)) : \(Format.number(n.kg.rounded())) kg sur \(Format.number(n.wanted.rounded())) kg")
                        Element(name: "meter") { EmptyComponent() }.attribute(
                            named: "value", value: String(format: "%.2f", n.wanted > 0 ? min(1, n.kg / n.wanted) : 0)
                        )
                        .attribute(named: "aria-label", value: "part servie")
                    }
                }
                H2("Tournées")
                if !plan.tours.isEmpty && !m.places.isEmpty {
                    Div {
                        self.map(plan)
                        List(Array(plan.tours.enumerated())) { i, tour in
                            ListItem {
                                Span("").class("swatch swatch-\(i % TourMap.colours.count)")
                                Text("Tournée \(i + 1) — \(m.vans[tour.vehicle_id] ?? "Véhicule")")
                            }
                        }.class("legend")
                    }.class("tour-map-panel")
                }
                if m.dispatch.status == .accepted && !plan.tours.isEmpty {
                    Paragraph { Link("Imprimer les feuilles de route (une page par tournée)", url: SurplusURL.routeSheets(m.dispatch.id ?? UUID())) }
                }
                let waiting = (Array(m.vanBookings.values) + m.roomBookings).filter { $0.status == .pending }.count
                let refused = (Array(m.vanBookings.values) + m.roomBookings).filter { [.refused, .cancelled].contains($0.status) }.count
                if waiting > 0 {
                    Paragraph(
                        "\(French.count(waiting, "véhicule ou chambre froide attend", plural: "véhicules ou chambres froides attendent")) la réponse de sa structure : "
                            + "elle répond depuis « Nos réservations ». Vous serez prévenu·e d'un refus."
                    ).class("notice warning")
                }
                if refused > 0 {
                    Paragraph {
                        Text(
                            "\(French.count(refused, "véhicule ou chambre froide a été refusé", plural: "véhicules ou chambres froides ont été refusés")) : "
                                + "les dons concernés sont de nouveau proposés. ")
                        Link("Relancer la répartition du jour sans eux", url: SurplusURL.newDispatch(m.territory.code) + "?jour=\(m.dispatch.day)")
                    }.class("notice warning")
                }
                if !m.roomBookings.isEmpty {
                    List(m.roomBookings) { b in ListItem("Chambre froide : \(b.sentence)").class("booking-\(b.status.rawValue)") }.class("bookings")
                }
                if m.dispatch.status == .accepted {
                    let donors = Dictionary(
                        plan.allocations.compactMap { a in m.lots[a.lot_id].map { ($0.$organization.id, $0.organization.name) } },
                        uniquingKeysWith: { a, _ in a })
                    Paragraph("Bordereaux de prise en charge (un par donateur) :")
                    List(donors.sorted { $0.value < $1.value }) { donor in
                        ListItem { Link(donor.value, url: SurplusURL.slip(m.dispatch.id ?? UUID(), donor.key)) }
                    }
                }
                if plan.tours.isEmpty { Paragraph("Aucune tournée : aucun véhicule choisi ou rien à transporter.").class("empty") }
                let allStops = plan.tours.reduce(0) { $0 + $1.stops.count } <= 200
                for (i, tour) in plan.tours.enumerated() {
                    Element(name: "section") {
                        H3("Tournée \(i + 1) — \(m.vans[tour.vehicle_id] ?? "Véhicule") · \(Format.number(tour.km.rounded())) km")
                        if let booking = m.vanBookings[i] {
                            Paragraph("Véhicule : \(booking.sentence)").class("booking-\(booking.status.rawValue)")
                        }
                        Paragraph(
                            "Départ \(ISODate.parse(tour.departure).map(Format.dateTime) ?? "—"), retour \(ISODate.parse(tour.back).map(Format.dateTime) ?? "—") · "
                                + French.count(Set(tour.stops.map { "\($0.kind)\($0.organization_id)" }).count, "arrêt", plural: "arrêts")
                        )
                        if m.dispatch.status == .accepted {
                            Paragraph { Link("Feuille de route (téléphone du chauffeur)", url: SurplusURL.routeSheet(m.dispatch.id ?? UUID(), i + 1)) }
                        } else if m.shownTour != i && !allStops {
                            Paragraph { Link("Voir les arrêts", url: SurplusURL.dispatch(m.dispatch.id ?? UUID()) + "?tournee=\(i + 1)#tournee-\(i + 1)") }
                        }
                        if m.dispatch.status == .done {
                            PostButton(
                                action: SurplusURL.adjustDispatch(m.dispatch.id ?? UUID()), label: "Recalculer sans ce véhicule", csrf: self.context.csrf,
                                style: "link", hidden: [("vehicule", tour.vehicle_id.uuidString)])
                        }
                        if m.shownTour == i || allStops {
                            List(tour.stops) { s in
                                ListItem {
                                    Text("\(ISODate.parse(s.arrival).map(Format.dateTime) ?? "") · \(s.kind == "pickup" ? "Charger" : "Livrer") ")
                                    Text("\(Format.number(s.kg)) kg · \(self.lotName(s.lot_id))")
                                    if s.kind == "delivery" { Text(" → \(self.needName(s.need_id))") }
                                }
                            }.class("stops")
                        }
                    }.class("card").id("tournee-\(i + 1)")
                }
                H2("Kilos non placés et pourquoi")
                if plan.unallocated.isEmpty {
                    Paragraph("Tout est placé.").class("empty")
                } else {
                    let byReason = Dictionary(grouping: plan.unallocated, by: \.reason).map { ($0.key, $0.value.reduce(0) { $0 + $1.kg }, $0.value.count) }
                        .sorted { $0.1 > $1.1 }
                    List(byReason) { r in
                        ListItem { Text("\(Format.number(r.1.rounded())) kg (\(French.count(r.2, "lot", plural: "lots"))) : \(r.0)") }
                    }
                    Table(
                        header: TableRow {
                            TableHeaderCell("Don"); TableHeaderCell("kg"); TableHeaderCell("Raison")
                        },
                        rows: {
                            for u in plan.unallocated.sorted(by: { $0.kg > $1.kg }).prefix(DispatchPage.pageSize) {
                                TableRow {
                                    TableCell { Link(self.lotName(u.lot_id), url: SurplusURL.lot(u.lot_id)) }
                                    TableCell(Format.number(u.kg)); TableCell(u.reason)
                                }
                            }
                        })
                    if plan.unallocated.count > DispatchPage.pageSize {
                        Paragraph {
                            Text("Les \(DispatchPage.pageSize) plus gros ; tous dans ")
                            Link("le plan en CSV", url: SurplusURL.dispatchCSV(m.dispatch.id ?? UUID()))
                            Text(".")
                        }.class("muted")
                    }
                }
                if !plan.vehicles_left_out.isEmpty {
                    H2("Véhicules non utilisés")
                    List(plan.vehicles_left_out) { v in ListItem { Text("\(m.vans[v.vehicle_id] ?? "Véhicule") : \(v.reason)") } }
                }
            }
        }
    }
}
