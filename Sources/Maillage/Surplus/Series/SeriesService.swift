import Fluent
import Foundation
import Vapor

/// The days a weekly rule falls on, in Paris (plain Swift, tested across the change to summer time).
enum Recurrence {
    /// How far ahead a series' lots are made: long enough to plan, short enough that a change is easy.
    static let horizonDays = 14

    /// The days from `from` to `to` (inclusive) whose weekday (1 = Monday … 7 = Sunday) is in `weekdays`, not before
    /// `startsOn` nor after `until`.
    static func days(weekdays: Set<Int>, from: String, to: String, startsOn: String, until: String?) -> [String] {
        var result: [String] = []
        var day = max(from, startsOn)
        let last = min(to, until ?? to)
        var guardCount = 0
        while day <= last, guardCount < 400 {
            if weekdays.contains(weekday(day)) { result.append(day) }
            day = Day.of(Day.start(of: day).addingTimeInterval(36 * 3_600))
            guardCount += 1
        }
        return result
    }

    static func weekday(_ day: String) -> Int {
        (Calendar.paris.component(.weekday, from: Day.start(of: day).addingTimeInterval(43_200)) + 5) % 7 + 1
    }

    /// Paris time `minutes` after the day's midnight (the hour stays the same across summer time).
    static func moment(_ day: String, minutes: Int) -> Date {
        var c = Calendar.paris.dateComponents([.year, .month, .day], from: Day.start(of: day).addingTimeInterval(43_200))
        (c.hour, c.minute) = (minutes / 60, minutes % 60)
        return Calendar.paris.date(from: c) ?? Day.start(of: day).addingTimeInterval(Double(minutes) * 60)
    }
}

enum SeriesService {
    enum Field: String, FormKey {
        case organization, product, category, temperature, date_kind, shelf_days, kg, jour1, jour2, jour3, jour4, jour5, jour6, jour7, de, a, debut, fin, note
    }

    struct Valid {
        var draft: DonationRules.ValidLot
        var weekdays: String
        var shelfDays: Int
        var start: Int
        var end: Int
        var startsOn: String
        var until: String?
    }

    static func minutes(_ text: String) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, (0...23).contains(parts[0]), (0...59).contains(parts[1]) else { return nil }
        return parts[0] * 60 + parts[1]
    }

    /// The series' own fields, then its first occurrence through the donation rules (so a DLC too short for the
    /// 48 h rule is refused once, here, not silently on every generated lot).
    static func validate(_ f: FormState<Field>, now: Date, fastestHours: Int?) -> Result<Valid, Refusal<Field>> {
        var errors: [Field: String] = [:]
        let days = [Field.jour1, .jour2, .jour3, .jour4, .jour5, .jour6, .jour7].enumerated().filter { f[$0.element] == "1" }.map { String($0.offset + 1) }
        if days.isEmpty { errors[.jour1] = "Cochez au moins un jour de ramasse." }
        let start = minutes(f[.de]), end = minutes(f[.a])
        if start == nil { errors[.de] = "Une heure, par exemple 08:00." }
        if end == nil { errors[.a] = "Une heure, par exemple 10:00." }
        if let s = start, let e = end, e <= s { errors[.a] = "La fin doit venir après le début." }
        let shelf = Int(f.trimmed(.shelf_days))
        if shelf == nil || !(0...365).contains(shelf ?? -1) { errors[.shelf_days] = "Un nombre de jours entre 0 et 365, par exemple 3." }
        let startsOn = f.trimmed(.debut).isEmpty ? Day.of(now) : Day.parse(f[.debut])
        if startsOn == nil { errors[.debut] = "Une date, par exemple 2026-12-01." }
        var until: String?
        if !f.trimmed(.fin).isEmpty {
            until = Day.parse(f[.fin])
            if until == nil { errors[.fin] = "Une date, par exemple 2027-06-30." }
            if let u = until, let s = startsOn, u < s { errors[.fin] = "La fin doit venir après le début." }
        }
        guard errors.isEmpty, let start, let end, let shelf, let startsOn else { return .failure(Refusal(errors)) }
        let first =
            Recurrence.days(
                weekdays: Set(days.compactMap { Int($0) }), from: max(Day.of(now), startsOn), to: Day.of(now.addingTimeInterval(30 * 86_400)),
                startsOn: startsOn, until: until
            ).first ?? startsOn
        let draft = DonationRules.LotDraft(
            category: f[.category], product: f[.product], kg: f[.kg], temperature: f[.temperature], dateKind: f[.date_kind],
            date: Day.of(Day.start(of: first).addingTimeInterval(Double(shelf) * 86_400 + 43_200)),
            pickupFrom: SurplusController.localText(Recurrence.moment(first, minutes: start)),
            pickupTo: SurplusController.localText(Recurrence.moment(first, minutes: end)))
        switch DonationRules.validate(draft, now: min(now, Recurrence.moment(first, minutes: start)), fastestHours: fastestHours) {
        case .failure(let failure):
            var errors: [Field: String] = [:]
            for (key, message) in failure.errors where errors[field(key)] == nil { errors[field(key)] = message }
            return .failure(Refusal(errors))
        case .success(let v):
            return .success(Valid(draft: v, weekdays: days.joined(), shelfDays: shelf, start: start, end: end, startsOn: startsOn, until: until))
        }
    }

    /// Where the series form shows a donation rule's message: the date of the first lot comes from its shelf life, its
    /// pickup from the hours; the series has no lot number nor freezing date, so those speak at the category.
    static func field(_ lot: LotField) -> Field {
        switch lot {
        case .date: .shelf_days
        case .pickup_from, .pickup_to: .de
        case .kg, .units, .unit_kg: .kg
        case .category, .lot_number, .frozen_on: .category
        case .product: .product
        case .temperature: .temperature
        case .date_kind: .date_kind
        case .organization: .organization
        case .note: .note
        }
    }

    static func create(_ v: Valid, for org: Organization, by viewer: Viewer, note: String, now: Date, on db: any Database) async throws -> LotSeries {
        let s = LotSeries()
        s.$organization.id = try org.requireID()
        s.$createdBy.id = viewer.userID
        (s.product, s.category, s.temperature, s.dateKind, s.shelfDays, s.kg) = (
            v.draft.product, v.draft.category, v.draft.temperature, v.draft.dateKind, v.shelfDays, v.draft.kg
        )
        (s.weekdays, s.pickupStart, s.pickupEnd, s.startsOn, s.until, s.note) = (v.weekdays, v.start, v.end, v.startsOn, v.until, note)
        try await db.audited(
            SurplusModule.seriesCreated, about: .structure(s.$organization.id), by: viewer, summary: "Ramasse régulière : \(s.product)"
        ) { tx in try await s.create(on: tx) }
        _ = try await generate(now: now, on: db, only: try s.requireID())
        return s
    }

    /// Makes the lots of the coming two weeks for every active series (or one), once per day: the UNIQUE
    /// (series, day) makes a second run — or a second instance — add nothing. Returns how many were made.
    @discardableResult
    static func generate(now: Date, on db: any Database, only: UUID? = nil) async throws -> Int {
        var query = LotSeries.query(on: db).filter(\.$active == true)
        if let only { query = query.filter(\.$id == only) }
        var made = 0
        let today = Day.of(now), horizon = Day.of(now.addingTimeInterval(Double(Recurrence.horizonDays) * 86_400))
        for s in try await query.all() {
            let sid = try s.requireID()
            let existing = Set(try await Lot.query(on: db).filter(\.$series.$id == sid).filter(\.$occurrence >= today).all().compactMap(\.occurrence))
            for day in Recurrence.days(weekdays: s.days, from: today, to: horizon, startsOn: s.startsOn, until: s.until) where !existing.contains(day) {
                let from = Recurrence.moment(day, minutes: s.pickupStart), to = Recurrence.moment(day, minutes: s.pickupEnd)
                guard to > now else { continue }
                let lot = Lot()
                lot.$organization.id = s.$organization.id
                lot.$createdBy.id = s.$createdBy.id
                (lot.$series.id, lot.occurrence) = (sid, day)
                (lot.product, lot.category, lot.kg, lot.temperature, lot.dateKind) = (s.product, s.category, s.kg, s.temperature, s.dateKind)
                lot.date = Day.of(Day.start(of: day).addingTimeInterval(Double(s.shelfDays) * 86_400 + 43_200))
                (lot.pickupFrom, lot.pickupTo, lot.note) = (from, to, s.note)
                do {
                    try await db.writeTransaction { tx in
                        try await lot.create(on: tx)
                        try await LotEvent(
                            lot: try lot.requireID(), kind: .declared, at: now, kg: lot.kg, organization: s.$organization.id, user: s.$createdBy.id,
                            note: "Ramasse régulière"
                        ).create(on: tx)
                    }
                    made += 1
                } catch let error as any DatabaseError where error.isConstraintFailure {
                    // Another run made it first: that is the point of the UNIQUE.
                }
            }
        }
        return made
    }
}

/// Recurring pickups: declare one, see its coming lots, skip or change one, stop it.
enum SeriesController {
    @Sendable static func newForm(req: Request) async throws -> Response {
        var form = FormState<SeriesService.Field>()
        (form.values[.de], form.values[.a], form.values[.shelf_days]) = ("08:00", "10:00", "3")
        (form.values[.temperature], form.values[.date_kind]) = (TemperatureClass.frais.rawValue, DateKind.dlc.rawValue)
        return try await formPage(req, form, status: .ok)
    }

    static func formPage(_ req: Request, _ form: FormState<SeriesService.Field>, status: HTTPResponseStatus) async throws -> Response {
        let structures = try await DirectoryFace.validatedOrganizations(of: try req.requireViewer(), on: req.db)
        return SeriesFormPage.View(context: PageContext(req), model: .init(structures: structures, form: form)).response(status: status, on: req)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        var form = FormState<SeriesService.Field>(req)
        guard let org = try await SurplusService.structure(of: viewer, chosenIn: &form, at: .organization, on: req.db) else {
            return try await formPage(req, form, status: .unprocessableEntity)
        }
        let fastest = try await SurplusService.fastestRedistribution(near: try org.requireID(), on: req.db)
        switch SeriesService.validate(form, now: req.clock.now, fastestHours: fastest) {
        case .failure(let failure):
            form.refuse(failure)
            return try await formPage(req, form, status: .unprocessableEntity)
        case .success(let valid):
            let s = try await SeriesService.create(valid, for: org, by: viewer, note: String(form.trimmed(.note).prefix(500)), now: req.clock.now, on: req.db)
            return Redirect.to(
                SurplusURL.series(try s.requireID()), on: req, notice: "Ramasse régulière enregistrée : ses lots des deux prochaines semaines sont proposés.")
        }
    }

    static func find(_ req: Request) throws -> (LotSeries, Viewer) { (try req.record(SeriesScope.self), try req.requireViewer()) }

    @Sendable static func show(req: Request) async throws -> Response {
        let (s, _) = try find(req)
        let lots = try await Lot.query(on: req.db).filter(\.$series.$id == s.requireID()).filter(\.$occurrence >= Day.of(req.clock.now)).sort(\.$occurrence)
            .all()
        return SeriesPage.View(context: PageContext(req), model: .init(series: s, lots: lots)).response(on: req)
    }

    @Sendable static func stop(req: Request) async throws -> Response {
        let (s, viewer) = try find(req)
        s.active = false
        try await req.db.audited(SurplusModule.seriesCreated, about: .structure(s.$organization.id), by: viewer, summary: "Ramasse arrêtée : \(s.product)") {
            tx in
            try await s.save(on: tx)
        }
        // The lots already made and still free are withdrawn with it.
        for lot in try await Lot.query(on: req.db).filter(\.$series.$id == s.requireID()).filter(\.$status == .offered).filter(\.$allocatedKg == 0).all() {
            try await SurplusService.withdraw(lot, by: viewer, reason: "Ramasse arrêtée", now: req.clock.now, on: req.db)
        }
        return Redirect.to(SurplusURL.series(try s.requireID()), on: req, notice: "Ramasse arrêtée : plus aucun lot ne sera proposé.")
    }
}
