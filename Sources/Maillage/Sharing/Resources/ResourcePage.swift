import Foundation
import Plot

enum ResourcePage {
    /// A date of a repeated request, free or taken (and why).
    struct Occurrence: Sendable {
        var start: Date
        var end: Date
        var taken: String?
    }

    struct Model {
        var resource: SharedResource
        var organization: Organization
        var owner: Bool
        var insider: Bool
        var taken: [Booking]
        var pending: [Booking]
        var mine: [Booking]
        var askers: [(UUID, String)]
        var signedIn: Bool
        var form: FormState<BookingField>
        var outage = FormState<OutageField>()
        /// The dates of a repeated request, checked, before the person books those that fit.
        var report: [Occurrence]?
        var now: Date
        /// The iCal feed's secret address, for the owner and the territory's animators.
        var calendar: String?
        /// The week shown (Monday 0:00, Paris) and its accepted bookings.
        var weekStart: Date
        var week: [Booking]
        /// The month view, when asked for instead of the week.
        var month: ResourceMonth? = nil
        /// Planned closures still to come.
        var closures: [ResourceClosure] = []
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { self.model.resource.name }

        override func content() -> Component {
            let m = self.model
            let r = m.resource
            return Div {
                Paragraph { Link("← Toutes les ressources", url: SharingURL.resources.path) }
                H1(r.name)
                Paragraph {
                    Span(r.kindValue.label).class("badge")
                    Text(" Capacité : \(Format.number(r.capacity)) \(r.unit)\(r.refrigerated ? " · réfrigéré" : "")")
                }
                Paragraph {
                    Text("Prêté par ")
                    Link(m.organization.name, url: DirectoryURL.organization(r.$organization.id))
                    Text(", \(m.organization.commune)")
                }
                if !r.summary.isEmpty { Paragraph(r.summary) }
                Paragraph { Link("Utilisation mois par mois (occupation, demandes non satisfaites)", url: SharingURL.stats(r.id ?? UUID())) }
                if m.owner, let id = r.id {
                    Paragraph { Link("Modifier la ressource, ses horaires et ses fermetures", url: SharingURL.edit(id)).class("button secondary") }
                }
                Paragraph("Prise et retour : \(r.opening.text).")
                Paragraph(Self.rules(r)).class("muted")
                if !m.closures.isEmpty {
                    Paragraph(
                        "Fermetures prévues : "
                            + m.closures.map {
                                "du \(Format.date($0.start)) au \(Format.date($0.end.addingTimeInterval(-43_200)))\($0.label.isEmpty ? "" : " (\($0.label))")"
                            }.joined(separator: " ; ") + ".")
                }
                if let calendar = m.calendar {
                    Paragraph {
                        Text("Agenda à ajouter à votre logiciel de calendrier (adresse secrète, ne la publiez pas) : ")
                        Element(name: "code") { Text(calendar) }.class("secret-address")
                    }.class("muted small")
                }
                if !m.pending.isEmpty { self.pending() }
                self.viewSwitch()
                if let month = m.month { self.monthView(month) } else { self.weekView() }
                self.calendar()
                if !m.mine.isEmpty { self.mine() }
                self.requestForm()
                if m.owner { self.outageForm() }
            }
        }

        private func reportList(_ report: [Occurrence]) -> Component {
            Div {
                H3("Les \(report.count) dates demandées")
                List(report) { o in
                    ListItem {
                        Text(BookingService.period(o.start, o.end) + " : ")
                        if let taken = o.taken { Span("déjà pris — \(taken)").class("taken") } else { Span("libre").class("free") }
                    }
                }.class("occurrences")
            }.id("dates")
        }

        private func outageForm() -> Component {
            let f = self.model.outage
            return Div {
                H2("Signaler une panne ou une indisponibilité")
                Paragraph("Les réservations de la période sont annulées avec votre motif, et les structures prévenues.").class("muted")
                Form(url: SharingURL.outage(self.model.resource.id ?? UUID()), method: .post) {
                    CSRFField(token: self.context.csrf)
                    InputField(label: "Hors service du", name: "du", value: f[.du], error: f.error(.du), type: .datetimeLocal, required: true)
                    InputField(label: "au", name: "au", value: f[.au], error: f.error(.au), type: .datetimeLocal, required: true)
                    InputField(
                        label: "Motif", name: "motif", value: f[.motif], error: f.error(.motif), required: true,
                        hint: "Par exemple : compresseur en panne, réparation prévue jeudi")
                    Button("Mettre hors service").attribute(named: "type", value: "submit").class("button danger")
                }.class("stacked narrow")
            }.id("panne")
        }

        private func who(_ b: Booking) -> String {
            self.model.insider || self.model.mine.contains { $0.id == b.id } ? b.organization.name : "réservé"
        }

        private func pending() -> Component {
            Div {
                H2("Demandes à traiter (\(self.model.pending.count))")
                List(self.model.pending) { b in
                    ListItem {
                        Paragraph {
                            Element(name: "strong") { Text(b.organization.name) }
                            Text(" · \(BookingService.period(b.start, b.end))")
                            if !b.isExclusive { Text(" · \(Format.number(b.quantity)) \(self.model.resource.unit)") }
                        }
                        if !b.purpose.isEmpty { Paragraph(b.purpose).class("muted") }
                        Div {
                            PostButton(action: SharingURL.accept(b.id ?? UUID()), label: "Accepter", csrf: self.context.csrf)
                            Form(url: SharingURL.refuse(b.id ?? UUID()), method: .post) {
                                CSRFField(token: self.context.csrf)
                                InputField(
                                    label: "Motif du refus", name: "motif", value: "", error: nil, required: true, hint: "La structure le lira.",
                                    idSuffix: "-" + (b.id?.uuidString ?? ""))
                                Button("Refuser").attribute(named: "type", value: "submit").class("button secondary")
                            }.class("inline-form")
                        }.class("actions")
                    }.class("card")
                }.class("results")
            }
        }

        static func dayTitle(_ d: Date) -> String {
            let f = DateFormatter()
            f.locale = Locale(identifier: "fr_FR")
            f.timeZone = TimeZone(identifier: "Europe/Paris")
            f.dateFormat = "EEEE d MMMM"
            return f.string(from: d).capitalized(with: Locale(identifier: "fr_FR"))
        }

        static func hour(_ d: Date) -> String { HoursText.time(LocalTime.moment(d, departement: "75").minutes) }

        /// How lending works here, in one paragraph.
        static func rules(_ r: SharedResource) -> String {
            var parts: [String] = [r.needsApproval ? "Chaque demande attend la réponse de la structure." : "Ce qui est libre est réservé d'office."]
            if r.needsApproval && r.pendingHolds { parts.append("Une demande en attente garde sa place.") }
            if r.bufferMinutes > 0 { parts.append("\(r.bufferMinutes) minutes sont gardées après chaque réservation (nettoyage, chargement).") }
            if !r.kindValue.isExclusive { parts.append("La place se compte par heure.") }
            if let quota = r.quotaHours { parts.append("Au plus \(quota) h par mois pour chaque structure.") }
            if let delay = r.checkinMinutes {
                parts.append("Une réservation non retirée \(delay) minutes après son début est libérée : notez le retrait sur cette page.")
            }
            return parts.joined(separator: " ")
        }

        /// Week or month: two links, the current one marked.
        private func viewSwitch() -> Component {
            let m = self.model
            let id = m.resource.id ?? UUID()
            let shown = m.month?.monthStart ?? m.weekStart
            let c = Calendar.paris.dateComponents([.year, .month], from: m.month == nil ? max(m.weekStart, m.now) : shown)
            let monthKey = String(format: "%04d-%02d", c.year ?? 0, c.month ?? 0)
            return Navigation {
                Link("Semaine", url: SharingURL.resource(id) + "#semaine").attribute(named: "aria-current", value: m.month == nil ? "page" : nil)
                Link("Mois", url: SharingURL.resource(id) + "?mois=\(monthKey)#semaine").attribute(named: "aria-current", value: m.month != nil ? "page" : nil)
            }.class("view-switch").attribute(named: "aria-label", value: "Vue du calendrier")
        }

        static func monthTitle(_ d: Date) -> String {
            let c = Calendar.paris.dateComponents([.year, .month], from: d)
            return BookingService.monthName(String(format: "%04d-%02d", c.year ?? 0, c.month ?? 0)).capitalized(with: Locale(identifier: "fr_FR"))
        }

        /// A month as a grid of days (Monday first), each with its state; a day leads to its week.
        private func monthView(_ month: ResourceMonth) -> Component {
            let m = self.model
            let id = m.resource.id ?? UUID()
            let cal = Calendar.paris
            func link(_ offset: Int) -> String {
                let d = cal.date(byAdding: .month, value: offset, to: month.monthStart) ?? month.monthStart
                let c = cal.dateComponents([.year, .month], from: d)
                return SharingURL.resource(id) + String(format: "?mois=%04d-%02d#semaine", c.year ?? 0, c.month ?? 0)
            }
            let weeks = stride(from: 0, to: month.days.count, by: 7).map { Array(month.days[$0..<min($0 + 7, month.days.count)]) }
            let exclusive = m.resource.kindValue.isExclusive
            return Div {
                H2(Self.monthTitle(month.monthStart)).id("semaine")
                Navigation {
                    Link("← Mois précédent", url: link(-1))
                    Link("Mois suivant →", url: link(1))
                }.class("pagination").attribute(named: "aria-label", value: "Changer de mois")
                Table(
                    header: TableRow {
                        for (short, long) in [
                            ("L", "lundi"), ("M", "mardi"), ("M", "mercredi"), ("J", "jeudi"), ("V", "vendredi"), ("S", "samedi"), ("D", "dimanche"),
                        ] {
                            TableHeaderCell { Element(name: "abbr") { Text(short) }.attribute(named: "title", value: long) }
                        }
                    },
                    rows: {
                        for week in weeks {
                            TableRow {
                                for d in week {
                                    TableCell {
                                        Link(
                                            String(d.number),
                                            url: SharingURL.resource(id) + "?semaine=" + LocalTime.moment(d.start, departement: "75").date.iso + "#semaine")
                                        Span(exclusive || d.free == nil ? d.state.rawValue : "\(Format.number(d.free ?? 0)) libres").class("state")
                                    }.class("day \(d.state == .free ? "free" : d.state == .partial ? "partial" : "taken")\(d.inMonth ? "" : " other-month")")
                                }
                            }
                        }
                    }
                ).class("month-grid").attribute(named: "data-keep-columns", value: "1")
                Paragraph(
                    exclusive
                        ? "Libre : aucune réservation ce jour-là ; en partie : des créneaux restent ; complet : plus rien pendant les heures d'ouverture."
                        : "Le chiffre est la place la plus juste de la journée (\(m.resource.unit) libres au pire moment)."
                ).class("muted small")
            }
        }

        /// A week, day by day, with what is taken when: readable on a phone, no script needed.
        private func weekView() -> Component {
            let m = self.model
            let cal = Calendar.paris
            let id = m.resource.id ?? UUID()
            func link(_ offset: Int) -> String {
                let d = cal.date(byAdding: .day, value: offset, to: m.weekStart) ?? m.weekStart
                return SharingURL.resource(id) + "?semaine=" + LocalTime.moment(d, departement: "75").date.iso + "#semaine"
            }
            return Div {
                H2("Semaine du \(Self.dayTitle(m.weekStart).lowercased())").id("semaine")
                Navigation {
                    Link("← Semaine précédente", url: link(-7))
                    Link("Cette semaine", url: SharingURL.resource(id) + "#semaine")
                    Link("Semaine suivante →", url: link(7))
                }.class("pagination").attribute(named: "aria-label", value: "Changer de semaine")
                List(0..<7) { offset in
                    let dayStart = cal.date(byAdding: .day, value: offset, to: m.weekStart) ?? m.weekStart
                    let dayEnd = cal.date(byAdding: .day, value: 1, to: dayStart) ?? dayStart
                    let items = m.week.filter { $0.start < dayEnd && $0.end > dayStart }
                    return ListItem {
                        Element(name: "strong") { Text(Self.dayTitle(dayStart)) }
                        if items.isEmpty {
                            Span(" — libre").class("free")
                        } else {
                            List(items) { b in
                                let from = b.start > dayStart ? Self.hour(b.start) : "0 h"
                                let to = b.end < dayEnd ? Self.hour(b.end) : "24 h"
                                let what = b.isOutage ? "hors service" : self.who(b)
                                let amount = b.isExclusive ? "" : " (\(Format.number(b.quantity)) \(m.resource.unit))"
                                return ListItem("\(from) – \(to) : \(what)\(amount)")
                            }
                        }
                    }
                }.class("week-days")
            }
        }

        /// The coming bookings, with a way to cancel them for those who may.
        private func calendar() -> Component {
            let m = self.model
            let coming = m.taken.filter { $0.end > m.now }
            return Div {
                H2("Toutes les réservations à venir")
                if coming.isEmpty {
                    Paragraph("Rien de réservé pour l'instant : tout est libre.").class("empty")
                } else {
                    Table(
                        header: TableRow {
                            TableHeaderCell("Du"); TableHeaderCell("Au")
                            if !m.resource.kindValue.isExclusive { TableHeaderCell("Quantité") }
                            TableHeaderCell("Par")
                            if m.insider { TableHeaderCell("Annuler") }
                        },
                        rows: {
                            for b in coming {
                                TableRow {
                                    TableCell(Format.dateTime(b.start)); TableCell(Format.dateTime(b.end))
                                    if !m.resource.kindValue.isExclusive { TableCell("\(Format.number(b.quantity)) \(m.resource.unit)") }
                                    TableCell(b.isOutage ? "Hors service : \(b.reason)" : self.who(b))
                                    if m.insider {
                                        TableCell {
                                            self.checkIn(b)
                                            self.cancelForm(b)
                                        }
                                    }
                                }
                            }
                        }
                    ).class("bookings")
                }
            }
        }

        /// "Noter le retrait", where the owner releases what is not picked up, from two hours before the start.
        private func checkIn(_ b: Booking) -> Component {
            let m = self.model
            guard m.resource.checkinMinutes != nil, b.statusValue == .accepted, !b.isOutage, b.$organization.id != m.resource.$organization.id
            else { return EmptyComponent() }
            if let at = b.checkedInAt { return Span("Retirée le \(Format.dateTime(at))").class("badge ouvert") }
            guard m.now >= b.start.addingTimeInterval(-2 * 3_600), m.now < b.end else { return EmptyComponent() }
            return PostButton(action: SharingURL.checkIn(b.id ?? UUID()), label: "Noter le retrait", csrf: self.context.csrf)
        }

        private func cancelForm(_ b: Booking, place: String = "") -> Component {
            Form(url: SharingURL.cancel(b.id ?? UUID()), method: .post) {
                CSRFField(token: self.context.csrf)
                InputField(
                    label: "Motif de l'annulation", name: "motif", value: "", error: nil, required: true, idSuffix: "-" + place + (b.id?.uuidString ?? ""))
                Button("Annuler").attribute(named: "type", value: "submit").class("link")
            }.class("inline-form")
        }

        private func mine() -> Component {
            Div {
                H2("Nos demandes")
                List(self.model.mine) { b in
                    ListItem {
                        Text("\(BookingService.period(b.start, b.end)) : \(b.statusValue.label)")
                        if !b.reason.isEmpty { Text(" — \(b.reason)") }
                        if [.pending, .accepted].contains(b.statusValue) {
                            self.checkIn(b)
                            self.cancelForm(b, place: "nous-")
                        }
                    }
                }
            }
        }

        private func requestForm() -> Component {
            let m = self.model
            let f = m.form
            guard m.signedIn else {
                return Paragraph {
                    Link("Connectez-vous", url: AccountsURL.signIn.path + "?retour=" + SharingURL.resource(m.resource.id ?? UUID()))
                    Text(" avec le compte de votre structure pour demander un créneau.")
                }.class("empty")
            }
            guard m.owner || !m.askers.isEmpty else {
                return Paragraph("Pour demander cette ressource, votre structure doit être inscrite et validée sur le même territoire.").class("empty")
            }
            return Div {
                H2(m.owner ? "Bloquer un créneau pour notre structure" : "Demander un créneau").id("demande")
                Form(url: SharingURL.request(m.resource.id ?? UUID()), method: .post) {
                    CSRFField(token: self.context.csrf)
                    if !m.owner && m.askers.count > 1 {
                        SelectField(
                            label: "Pour la structure", name: "organization", options: m.askers.map { ($0.0.uuidString, $0.1) },
                            selected: f[.organization], error: f.error(.organization))
                    } else if let only = m.askers.first, !m.owner {
                        Input(type: .hidden, name: "organization", value: only.0.uuidString)
                    }
                    InputField(label: "Début", name: "start", value: f[.start], error: f.error(.start), type: .datetimeLocal, required: true)
                    InputField(label: "Fin", name: "end", value: f[.end], error: f.error(.end), type: .datetimeLocal, required: true)
                    if !m.resource.kindValue.isExclusive {
                        InputField(
                            label: "Quantité (\(m.resource.unit))", name: "quantity", value: f[.quantity], error: f.error(.quantity), required: true,
                            inputMode: "decimal")
                    }
                    InputField(
                        label: "Pour quoi faire ?", name: "purpose", value: f[.purpose], error: f.error(.purpose),
                        hint: "Par exemple : stocker les surplus de la collecte du week-end", multiline: true)
                    SelectField(
                        label: "Répéter", name: "repeter", options: [("hebdo", "Chaque semaine"), ("quotidien", "Chaque jour")], selected: f[.repeter],
                        error: nil, includeEmpty: "Une seule fois")
                    InputField(
                        label: "Jusqu'au", name: "jusqu_au", value: f[.jusqu_au], error: f.error(.jusqu_au), type: .date,
                        hint: "Pour une demande répétée : chaque date est vérifiée avant que vous ne réserviez")
                    if let report = m.report {
                        self.reportList(report)
                        Input(type: .hidden, name: "confirmer", value: "1")
                        let free = report.filter { $0.taken == nil }.count
                        Button(free == 0 ? "Aucune date libre" : "Réserver les \(French.count(free, "date libre", plural: "dates libres"))")
                            .attribute(named: "type", value: "submit").class("button").attribute(named: "disabled", value: free == 0 ? "disabled" : nil)
                    } else {
                        Button(m.owner ? "Réserver" : "Envoyer la demande").attribute(named: "type", value: "submit").class("button")
                    }
                }.class("stacked narrow")
            }
        }
    }
}
