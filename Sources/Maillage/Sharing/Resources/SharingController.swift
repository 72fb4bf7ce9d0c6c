import Fluent
import Foundation
import Vapor

/// The pages of shared resources: find one, share one, ask for it, answer requests.
enum SharingController {
    enum ResourceField: String, FormKey {
        case organization, kind, name, description, capacity, unit, refrigerated, buffer, approval
        case jour1, jour2, jour3, jour4, jour5, jour6, jour7, ouvre, ferme, quota, attente, retrait
    }

    @Sendable static func list(req: Request) async throws -> Response {
        let kind = (req.query[String.self, at: "type"]).flatMap(ResourceKind.init(rawValue:))
        let territory = req.query[String.self, at: "territoire"].flatMap { $0.isEmpty ? nil : $0 }
        let nearText = (req.query[String.self, at: "pres"] ?? "").trimmingCharacters(in: .whitespaces)
        var near: Commune?
        var error: String?
        if !nearText.isEmpty {
            if case .found(let c) = CommuneTable.shared.resolve(nearText) {
                near = c
            } else {
                error = "Commune introuvable : « \(nearText) ». Essayez son code postal."
            }
        }
        var hits = try await ResourceSearch.find(kind: kind, territory: territory, near: near?.point, on: req.db)
        let cold = req.query[String.self, at: "froid"] == "1"
        if cold { hits = hits.filter(\.resource.refrigerated) }
        // "Free from … to …": only what can still take a booking of one unit then.
        let fromText = req.query[String.self, at: "du"] ?? "", toText = req.query[String.self, at: "au"] ?? ""
        var rangeError: String?
        var range: (Date, Date)?
        if !fromText.isEmpty || !toText.isEmpty {
            if let from = LocalMoment.parse(fromText), let to = LocalMoment.parse(toText), to > from, to.timeIntervalSince(from) <= BookingRules.maxDuration {
                range = (from, to)
            } else {
                rangeError = "Indiquez un début et une fin (la fin après le début, 92 jours au plus)."
            }
        }
        if let (from, to) = range {
            var free: [ResourceSearch.Hit] = []
            for hit in hits where try await BookingService.conflict(hit.resource, start: from, end: to, quantity: 1, on: req.db) == nil { free.append(hit) }
            hits = free
        }
        let model = ResourcesPage.Model(
            hits: hits, kind: kind, territory: territory ?? "", near: nearText, nearError: error, canShare: req.viewer?.belongsToValidatedStructure ?? false,
            cold: cold, from: fromText, to: toText, rangeError: rangeError, freeIn: range != nil)
        let bad = error != nil || rangeError != nil
        return ResourcesPage.View(context: PageContext(req), model: model).response(status: bad ? .unprocessableEntity : .ok, on: req)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        // A search "free from … to …" leads here with the range already typed.
        var form = FormState<BookingField>()
        for (key, name) in [(BookingField.start, "du"), (.end, "au")] {
            if let value = req.query[String.self, at: name], LocalMoment.parse(value) != nil { form.values[key] = value }
        }
        return try await page(req, resource: try await ResourceService.find(try SharingURL.resource.value(of: req), on: req.db), form: form, status: .ok)
    }

    static func page(
        _ req: Request, resource: SharedResource, form: FormState<BookingField>, outage: FormState<OutageField> = FormState(),
        report: [ResourcePage.Occurrence]? = nil, status: HTTPResponseStatus
    ) async throws -> Response {
        let viewer = req.viewer
        let rid = try resource.requireID()
        let now = req.clock.now
        let insider = try await ResourceService.seesDetails(resource, viewer, on: req.db)
        let bookings = try await Booking.query(on: req.db).filter(\.$resource.$id == rid).filter(\.$end > now.addingTimeInterval(-86_400))
            .with(\.$organization).sort(\.$start).range(..<500).all()
        // The week shown: the one of `?semaine=` (any day of it), this week otherwise; Monday 0:00 in Paris.
        let paris = Calendar.paris
        let shownDay = req.query[String.self, at: "semaine"].flatMap(LocalMoment.day) ?? now
        let weekStart = paris.dateInterval(of: .weekOfYear, for: shownDay)?.start ?? paris.startOfDay(for: shownDay)
        let weekEnd = paris.date(byAdding: .day, value: 7, to: weekStart) ?? weekStart.addingTimeInterval(7 * 86_400)
        let week = try await Booking.query(on: req.db).filter(\.$resource.$id == rid).filter(\.$status == BookingStatus.accepted.rawValue)
            .filter(\.$start < weekEnd).filter(\.$end > weekStart).with(\.$organization).sort(\.$start).all()
        let closures = try await ResourceClosure.query(on: req.db).filter(\.$resource.$id == rid).filter(\.$end > now).sort(\.$start).all()
        // The month shown, from `?mois=2026-12`; the week view otherwise.
        var month: ResourceMonth?
        if let text = req.query[String.self, at: "mois"], let first = LocalMoment.day(text + "-01") {
            let gridStart = paris.dateInterval(of: .weekOfYear, for: first)?.start ?? first
            let gridEnd = gridStart.addingTimeInterval(43 * 86_400)
            let held = try await Booking.query(on: req.db).filter(\.$resource.$id == rid).filter(\.$holds == true)
                .filter(\.$start < gridEnd).filter(\.$blockedUntil > gridStart).all()
            month = ResourceMonth(
                monthStart: first, exclusive: resource.kindValue.isExclusive, capacity: resource.capacity, opening: resource.opening,
                closures: closures.map { ($0.start, $0.end) }, bookings: held)
        }
        let mine = Set(viewer?.memberships.keys.map { $0 } ?? [])
        let owner = ResourceService.isOwner(resource, viewer)
        // The structures the person may ask for.
        var askers: [(UUID, String)] = []
        if let viewer { askers = try await ResourceService.validatedOrganizations(of: viewer, on: req.db).filter { $0.0 != resource.$organization.id } }
        let model = ResourcePage.Model(
            resource: resource, organization: resource.organization, owner: owner, insider: insider,
            taken: bookings.filter { $0.statusValue == .accepted },
            pending: owner ? bookings.filter { $0.statusValue == .pending } : [],
            mine: bookings.filter { mine.contains($0.$organization.id) && !owner },
            askers: askers, signedIn: viewer != nil, form: form, outage: outage, report: report, now: now,
            calendar: insider ? ResourceCalendar.address(of: resource, base: req.publicBaseURL) : nil, weekStart: weekStart, week: week,
            month: month, closures: closures)
        return ResourcePage.View(context: PageContext(req), model: model).response(status: status, on: req)
    }

    /// Twelve months of use of a resource (`ResourceStats`).
    static func usage(_ req: Request, _ path: Path1<UUID>) async throws -> (SharedResource, [ResourceStats.Month], Bool) {
        let resource = try await ResourceService.find(try path.value(of: req), on: req.db)
        // The last twelve months and the two to come (what is already booked ahead).
        let months = ResourceStats.months(endingAt: req.clock.now.addingTimeInterval(61 * 86_400), count: 14)
        guard let first = months.first?.0, let last = months.last?.1 else { return (resource, [], false) }
        let rows = try await Booking.query(on: req.db).filter(\.$resource.$id == resource.requireID()).filter(\.$start < last).filter(\.$end > first)
            .with(\.$organization).all()
        let closures = try await ResourceClosure.query(on: req.db).filter(\.$resource.$id == resource.requireID()).all()
        let names = Dictionary(rows.map { ($0.$organization.id, $0.organization.name) }, uniquingKeysWith: { a, _ in a })
        let stats = ResourceStats(resource: resource, bookings: rows, closures: closures, names: names)
        return (resource, months.map { stats.month($0.0, $0.1) }, try await ResourceService.seesDetails(resource, req.viewer, on: req.db))
    }

    @Sendable static func stats(req: Request) async throws -> Response {
        let (resource, months, insider) = try await usage(req, SharingURL.stats)
        return ResourceStatsPage.View(context: PageContext(req), model: .init(resource: resource, months: months, showWho: insider)).response(on: req)
    }

    @Sendable static func statsCSV(req: Request) async throws -> Response {
        let (resource, months, insider) = try await usage(req, SharingURL.statsCSV)
        var file = CSVFile(
            CSVFile.dialect(of: req),
            header: ["mois", "occupation", "heures_reservees", "demandes_non_satisfaites", "heures_demandees_non_satisfaites", "heures_hors_service"]
                + (insider ? ["par_structure"] : []))
        for m in months {
            let c = Calendar.paris.dateComponents([.year, .month], from: m.start)
            file.add(
                [
                    .text(String(format: "%04d-%02d", c.year ?? 0, c.month ?? 0)), .decimal(m.occupancy, digits: 3), .decimal(m.bookedHours, digits: 1),
                    .text(String(m.refusedCount)), .decimal(m.refusedHours, digits: 1), .decimal(m.outageHours, digits: 1),
                ]
                    + (insider
                        ? [
                            .text(
                                m.byOrganization.sorted { $0.value > $1.value }.map { "\($0.key) : \(Format.number($0.value.rounded())) h" }.joined(
                                    separator: " | "))
                        ]
                        : []))
        }
        return file.response(filename: "utilisation-" + TextFolding.slug(resource.name) + ".csv")
    }

    @Sendable static func request(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let resource = try await ResourceService.find(try SharingURL.request.value(of: req), on: req.db)
        var form = FormState<BookingField>(req)
        let start = LocalMoment.parse(form[.start]), end = LocalMoment.parse(form[.end])
        if start == nil { form.refuse(.start, "Indiquez le jour et l'heure de début.") }
        if end == nil { form.refuse(.end, "Indiquez le jour et l'heure de fin.") }
        let quantity = resource.kindValue.isExclusive ? 1 : Double(form.trimmed(.quantity).replacingOccurrences(of: ",", with: "."))
        if quantity == nil { form.refuse(.quantity, "Indiquez combien de \(resource.unit) il vous faut, par exemple 4.") }
        guard form.isValid, let start, let end, let quantity else { return try await page(req, resource: resource, form: form, status: .unprocessableEntity) }
        let owner = ResourceService.isOwner(resource, viewer)
        if let every = ["hebdo": 7, "quotidien": 1][form[.repeter]] {
            return try await repeated(req, resource, form: form, every: every, start: start, end: end, quantity: quantity, viewer: viewer, owner: owner)
        }
        do {
            let org =
                owner
                ? resource.$organization.id
                : try await ResourceService.requester(for: resource, viewer: viewer, chosen: UUID(uuidString: form[.organization]), on: req.db)
            let booking = try await BookingService.request(
                resource, for: org, by: viewer, .init(start: start, end: end, quantity: quantity, purpose: form.trimmed(.purpose)),
                now: req.clock.now, on: req.db, acceptAtOnce: owner)
            if !owner { try await ResourceNotices.requested(booking, resource, req) }
            let notice =
                booking.statusValue == .accepted
                ? "Réservé \(BookingService.period(start, end))."
                : "Demande envoyée à la structure qui prête « \(resource.name) » : vous serez prévenu·e de sa réponse."
            return Redirect.to(SharingURL.resource(try resource.requireID()), on: req, notice: notice)
        } catch let failure as Refusal<BookingField> {
            form.refuse(failure)
            return try await page(req, resource: resource, form: form, status: .unprocessableEntity)
        } catch let conflict as BookingService.Conflict {
            form.refuse(.start, conflict.reason)
            return try await page(req, resource: resource, form: form, status: .conflict)
        }
    }

    /// Every week or every day until a date: first each date is checked and shown (free or taken, and why); then the
    /// person books the dates that fit, in one go.
    static func repeated(
        _ req: Request, _ resource: SharedResource, form: FormState<BookingField>, every: Int, start: Date, end: Date, quantity: Double, viewer: Viewer,
        owner: Bool
    ) async throws -> Response {
        var form = form
        guard let until = LocalMoment.day(form[.jusqu_au]) else {
            form.refuse(.jusqu_au, "Indiquez jusqu'à quel jour répéter.")
            return try await page(req, resource: resource, form: form, status: .unprocessableEntity)
        }
        let list: [(start: Date, end: Date)]
        switch BookingRules.occurrences(start: start, end: end, everyDays: every, until: until) {
        case .failure(let failure):
            form.refuse(failure)
            return try await page(req, resource: resource, form: form, status: .unprocessableEntity)
        case .success(let found): list = found
        }
        let purpose = form.trimmed(.purpose)
        let refusal = BookingRules.validate(
            .init(start: start, end: end, quantity: quantity, purpose: purpose), kind: resource.kindValue, capacity: resource.capacity, unit: resource.unit,
            now: req.clock.now)
        if !refusal.isEmpty {
            form.refuse(refusal)
            return try await page(req, resource: resource, form: form, status: .unprocessableEntity)
        }
        var report: [ResourcePage.Occurrence] = []
        for o in list {
            report.append(
                .init(
                    start: o.start, end: o.end, taken: try await BookingService.conflict(resource, start: o.start, end: o.end, quantity: quantity, on: req.db)))
        }
        guard form[.confirmer] == "1" else { return try await page(req, resource: resource, form: form, report: report, status: .ok) }
        let org =
            owner
            ? resource.$organization.id
            : try await ResourceService.requester(for: resource, viewer: viewer, chosen: UUID(uuidString: form[.organization]), on: req.db)
        var made: [Booking] = []
        var skipped: [String] = []
        for o in report {
            guard o.taken == nil else {
                skipped.append(Format.date(o.start))
                continue
            }
            do {
                made.append(
                    try await BookingService.request(
                        resource, for: org, by: viewer, .init(start: o.start, end: o.end, quantity: quantity, purpose: purpose), now: req.clock.now, on: req.db,
                        acceptAtOnce: owner))
            } catch is BookingService.Conflict {
                skipped.append(Format.date(o.start))
            }
        }
        if !owner, let first = made.first { try await ResourceNotices.requested(first, resource, req) }
        let done = French.count(
            made.count, owner || !resource.needsApproval ? "date réservée" : "demande envoyée",
            plural: owner || !resource.needsApproval ? "dates réservées" : "demandes envoyées")
        let notice =
            done
            + (skipped.isEmpty
                ? "." : " ; \(French.count(skipped.count, "date déjà prise", plural: "dates déjà prises")) : " + skipped.joined(separator: ", ") + ".")
        return Redirect.to(SharingURL.resource(try resource.requireID()), on: req, notice: notice)
    }

    /// The owner marks a breakdown: overlapping bookings are cancelled with the reason and their holders told.
    @Sendable static func outage(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let resource = try req.record(ResourceScope.self)
        var form = FormState<OutageField>(req)
        let from = LocalMoment.parse(form[.du]), to = LocalMoment.parse(form[.au])
        if from == nil { form.refuse(.du, "Indiquez le jour et l'heure où la panne commence.") }
        if to == nil { form.refuse(.au, "Indiquez jusqu'à quand (une estimation suffit, vous pourrez changer).") }
        guard form.isValid, let from, let to else {
            return try await page(req, resource: resource, form: FormState(), outage: form, status: .unprocessableEntity)
        }
        do {
            let cancelled = try await BookingService.outage(resource, from: from, to: to, reason: form[.motif], by: viewer, now: req.clock.now, on: req.db)
            for b in cancelled { try await ResourceNotices.decided(b, resource, req) }
            let told =
                cancelled.isEmpty
                ? "aucune réservation touchée."
                : French.count(cancelled.count, "réservation annulée", plural: "réservations annulées") + " : les structures sont prévenues."
            return Redirect.to(
                SharingURL.resource(try resource.requireID()), on: req,
                notice: "« \(resource.name) » est hors service \(BookingService.period(from, to)) ; \(told)")
        } catch let failure as Refusal<OutageField> {
            form.refuse(failure)
            return try await page(req, resource: resource, form: FormState(), outage: form, status: .unprocessableEntity)
        }
    }

    /// The owner's answer: accept, or refuse with a reason; either side cancels with a reason.
    @Sendable static func accept(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let (booking, resource) = try req.record(BookingAnswerScope.self).pair
        let accepted = try await BookingService.accept(booking, of: resource, by: viewer, now: req.clock.now, on: req.db)
        try await ResourceNotices.decided(accepted, resource, req)
        return Redirect.to(SharingURL.resource(try resource.requireID()), on: req, notice: "Demande acceptée : la structure est prévenue.")
    }

    @Sendable static func refuse(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let (booking, resource) = try req.record(BookingAnswerScope.self).pair
        let reason = (try? req.content.get(String.self, at: "motif")) ?? ""
        let refused = try await BookingService.close(booking, of: resource, as: .refused, reason: reason, by: viewer, now: req.clock.now, on: req.db)
        try await ResourceNotices.decided(refused, resource, req)
        return Redirect.to(SharingURL.resource(try resource.requireID()), on: req, notice: "Demande refusée : la structure lit votre motif.")
    }

    @Sendable static func cancel(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let (booking, resource) = try req.record(BookingScope.self).pair
        let reason = (try? req.content.get(String.self, at: "motif")) ?? ""
        let cancelled = try await BookingService.close(booking, of: resource, as: .cancelled, reason: reason, by: viewer, now: req.clock.now, on: req.db)
        try await ResourceNotices.decided(cancelled, resource, req)
        return Redirect.to(SharingURL.resource(try resource.requireID()), on: req, notice: "Réservation annulée.")
    }

    @Sendable static func newForm(req: Request) async throws -> Response {
        var values: [ResourceField: String] = [.kind: ResourceKind.coldRoom.rawValue, .approval: "1", .ouvre: "00:00", .ferme: "00:00"]
        for day in ResourceFormPage.days { values[day.0] = "1" }
        return try await resourceForm(req, form: FormState(values: values), status: .ok)
    }

    static func resourceForm(_ req: Request, form: FormState<ResourceField>, editing: SharedResource? = nil, status: HTTPResponseStatus) async throws
        -> Response
    {
        let viewer = try req.requireViewer()
        var closures: [ResourceClosure] = []
        if let editing { closures = try await ResourceClosure.query(on: req.db).filter(\.$resource.$id == editing.requireID()).sort(\.$start).all() }
        let model = ResourceFormPage.Model(
            organizations: try await ResourceService.validatedOrganizations(of: viewer, on: req.db), form: form, editing: editing, closures: closures)
        return ResourceFormPage.View(context: PageContext(req), model: model).response(status: status, on: req)
    }

    /// "08:30" → 510; "00:00" as a closing time is midnight at the end of the day.
    static func minutes(_ text: String, closing: Bool) -> Int? {
        let parts = text.split(separator: ":").compactMap { Int($0) }
        guard parts.count >= 2, (0...24).contains(parts[0]), (0...59).contains(parts[1]) else { return nil }
        let m = parts[0] * 60 + parts[1]
        return closing && m == 0 ? 1440 : m
    }

    /// The form's fields as the API's input, or the form with its French messages.
    static func input(_ form: inout FormState<ResourceField>, organization: UUID?) -> ResourceInput? {
        let capacity = Double(form.trimmed(.capacity).replacingOccurrences(of: ",", with: "."))
        if capacity == nil { form.refuse(.capacity, "Une capacité en chiffres, par exemple 12.") }
        // Empty is "none" (.some(nil)); something that is not a whole number is an error (nil).
        var wholes: [ResourceField: Int?] = [:]
        for (key, message) in [
            (ResourceField.buffer, "Un nombre de minutes, par exemple 30."), (.quota, "Un nombre d'heures, par exemple 20, ou rien."),
            (.retrait, "Un nombre de minutes, par exemple 60, ou rien."),
        ] {
            if form.trimmed(key).isEmpty {
                wholes[key] = .some(nil)
            } else if let n = Int(form.trimmed(key)) {
                wholes[key] = .some(n)
            } else {
                form.refuse(key, message)
            }
        }
        let buffer = wholes[.buffer], quota = wholes[.quota], checkin = wholes[.retrait]
        let opens = form.trimmed(.ouvre).isEmpty ? 0 : minutes(form.trimmed(.ouvre), closing: false)
        let closes = form.trimmed(.ferme).isEmpty ? 1440 : minutes(form.trimmed(.ferme), closing: true)
        if opens == nil { form.refuse(.ouvre, "Une heure, par exemple 08:00.") }
        if closes == nil { form.refuse(.ferme, "Une heure, par exemple 18:00 (00:00 pour minuit).") }
        if organization == nil { form.refuse(.organization, "Choisissez la structure qui prête.") }
        let days = ResourceFormPage.days.enumerated().filter { form[$0.element.0] == "1" }.map { String($0.offset + 1) }.joined()
        guard form.isValid, let organization, let capacity, let buffer, let quota, let checkin, let opens, let closes else { return nil }
        return ResourceInput(
            organization_id: organization, kind: form[.kind], name: form[.name], description: form[.description], capacity: capacity,
            unit: form.trimmed(.unit).isEmpty ? nil : form.trimmed(.unit), refrigerated: form[.refrigerated] == "1", buffer_minutes: buffer ?? 0,
            needs_approval: form[.approval] == "1", open_days: days, opens_at: opens, closes_at: closes, quota_hours: quota,
            pending_holds: form[.attente] == "1",
            checkin_minutes: checkin)
    }

    /// Where the resource form shows the message of a rule about one of the API's fields.
    static func field(_ f: ResourceInput.Field) -> ResourceField {
        switch f {
        case .organization_id: .organization
        case .kind: .kind
        case .name: .name
        case .description: .description
        case .capacity: .capacity
        case .unit: .unit
        case .buffer_minutes: .buffer
        case .open_days: .jour1
        case .closes_at: .ferme
        case .quota_hours: .quota
        case .checkin_minutes: .retrait
        }
    }

    /// The form with each message of a resource's refusal at its field.
    static func refuse(_ failure: Refusal<ResourceInput.Field>, in form: inout FormState<ResourceField>) {
        for (key, message) in failure.errors { form.refuse(field(key), message) }
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        var form = FormState<ResourceField>(req)
        guard let input = input(&form, organization: UUID(uuidString: form[.organization])) else {
            return try await resourceForm(req, form: form, status: .unprocessableEntity)
        }
        do {
            let resource = try await ResourceService.create(input, by: viewer, on: req.db)
            return Redirect.to(
                SharingURL.resource(try resource.requireID()), on: req,
                notice: "« \(resource.name) » est partagée : les structures du territoire peuvent la demander.")
        } catch let failure as Refusal<ResourceInput.Field> {
            refuse(failure, in: &form)
            return try await resourceForm(req, form: form, status: .unprocessableEntity)
        }
    }
}
