import Fluent
import Foundation
import Vapor

/// The pages of the surplus exchange: the board, declaring a lot or a need, a lot's page with its chain, the
/// recipient's preferences.
enum SurplusController {
    @Sendable static func board(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let db = req.db
        let mine = Array(viewer.memberships.keys)
        let territories = try await OrganizationTerritory.query(on: db).filter(\.$organization.$id ~~ mine).all().map { $0.$territory.id }
        let animated = Array(viewer.animatedTerritoryIDs)
        let scope = Array(Set(territories + animated))
        let neighbours = try await OrganizationTerritory.query(on: db).filter(\.$territory.$id ~~ scope).all().map { $0.$organization.id }
        let now = req.clock.now
        let ourLots = try await Lot.query(on: db).filter(\.$organization.$id ~~ mine).filter(\.$pickupTo > now.addingTimeInterval(-7 * 86_400))
            .with(\.$organization).sort(\.$pickupFrom).range(..<200).all()
        let ourNeeds = try await Need.query(on: db).filter(\.$organization.$id ~~ mine).filter(\.$hub.$id == nil)
            .filter(\.$deliveryTo > now.addingTimeInterval(-7 * 86_400))
            .with(\.$organization).sort(\.$deliveryFrom).range(..<200).all()
        let offered = try await Lot.query(on: db).filter(\.$organization.$id ~~ neighbours).filter(\.$status == .offered).filter(\.$pickupTo > now)
            .with(\.$organization).sort(\.$pickupFrom).range(..<200).all().filter { viewer.memberships[$0.$organization.id] == nil }
        let desks = try await Territory.query(on: db).filter(\.$id ~~ animated).sort(\.$code).all().map { TerritorySummary(code: $0.code, name: $0.name) }
        let structures = try await DirectoryFace.validatedOrganizations(of: viewer, on: db)
        let model = SurplusBoardPage.Model(
            structures: structures, ourLots: ourLots, ourNeeds: ourNeeds, offered: offered, desks: desks,
            tours: try await driverTours(mine, territories: scope, now: now, on: db),
            urgent: try await UrgentOffer.query(on: db).filter(\.$organization.$id ~~ mine).filter(\.$status == .open).with(\.$lot).all()
                .filter { $0.lot.status == .offered && $0.lot.pickupTo > now },
            series: try await LotSeries.query(on: db).filter(\.$organization.$id ~~ mine).sort(\.$createdAt, .descending).range(..<50).all(),
            incoming: try await incoming(to: ourNeeds.compactMap(\.id), on: db),
            now: now)
        return SurplusBoardPage.View(context: PageContext(req), model: model).response(on: req)
    }

    /// What accepted dispatches bring to the person's structures and has not arrived yet.
    static func incoming(to needs: [UUID], on db: any Database) async throws -> [Delivery] {
        guard !needs.isEmpty else { return [] }
        return try await Delivery.query(on: db).filter(\.$need.$id ~~ needs).filter(\.$status ~~ [.planned, .collected]).with(\.$lot) {
            $0.with(\.$organization)
        }
        .with(\.$need) { $0.with(\.$organization) }.with(\.$dispatch).range(..<100).all()
    }

    /// The tours of the last and coming days whose van belongs to one of the person's structures: theirs to drive.
    static func driverTours(_ mine: [UUID], territories: [UUID], now: Date, on db: any Database) async throws -> [SurplusBoardPage.Tour] {
        let vans = Dictionary(
            try await SharedResource.query(on: db).filter(\.$organization.$id ~~ mine).filter(\.$kind == ResourceKind.van.rawValue).all()
                .compactMap { r in r.id.map { ($0, r.name) } }, uniquingKeysWith: { a, _ in a })
        guard !vans.isEmpty else { return [] }
        let recent = try await Dispatch.query(on: db).filter(\.$territory.$id ~~ territories).filter(\.$status == .accepted)
            .filter(\.$day >= Day.of(now.addingTimeInterval(-86_400))).sort(\.$day).range(..<30).all()
        return recent.flatMap { d -> [SurplusBoardPage.Tour] in
            guard let plan = DispatchService.plan(of: d), let id = d.id else { return [] }
            return plan.tours.enumerated().compactMap { i, t in
                vans[t.vehicle_id].map { SurplusBoardPage.Tour(dispatch: id, day: d.day, number: i + 1, vehicle: $0, stops: t.stops.count) }
            }
        }
    }

    @Sendable static func newLot(req: Request) async throws -> Response {
        var form = FormState<LotField>()
        let now = req.clock.now
        // Sensible defaults: today from the next full hour, for four hours; ambient, best-before.
        let start = Calendar.paris.nextDate(after: now, matching: DateComponents(minute: 0), matchingPolicy: .nextTime) ?? now
        form.values[.pickup_from] = localText(start)
        form.values[.pickup_to] = localText(start.addingTimeInterval(4 * 3_600))
        form.values[.temperature] = TemperatureClass.ambiant.rawValue
        form.values[.date_kind] = DateKind.ddm.rawValue
        return try await lotForm(req, form, status: .ok)
    }

    static func lotForm(_ req: Request, _ form: FormState<LotField>, status: HTTPResponseStatus) async throws -> Response {
        let structures = try await DirectoryFace.validatedOrganizations(of: try req.requireViewer(), on: req.db)
        return LotFormPage.View(context: PageContext(req), model: .init(structures: structures, form: form)).response(status: status, on: req)
    }

    @Sendable static func createLot(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        var form = FormState<LotField>(req)
        guard let org = try await SurplusService.structure(of: viewer, chosenIn: &form, at: .organization, on: req.db) else {
            return try await lotForm(req, form, status: .unprocessableEntity)
        }
        let draft = DonationRules.LotDraft(
            category: form[.category], product: form[.product], kg: form[.kg], units: form[.units], unitKg: form[.unit_kg], temperature: form[.temperature],
            dateKind: form[.date_kind], date: form[.date], lotNumber: form[.lot_number], frozenOn: form[.frozen_on], pickupFrom: form[.pickup_from],
            pickupTo: form[.pickup_to])
        let fastest = try await SurplusService.fastestRedistribution(near: try org.requireID(), on: req.db)
        switch DonationRules.validate(draft, now: req.clock.now, fastestHours: fastest) {
        case .failure(let failure):
            form.refuse(failure)
            return try await lotForm(req, form, status: .unprocessableEntity)
        case .success(let valid):
            let note = String(form.trimmed(.note).prefix(500))
            let lot = try await SurplusService.declare(valid, for: org, by: viewer, note: note, now: req.clock.now, on: req.db)
            return Redirect.to(
                SurplusURL.lot(try lot.requireID()), on: req,
                notice:
                    "Don enregistré : \(Format.number(valid.kg)) kg de « \(valid.product) ». L'animation du territoire le proposera aux structures qui en ont besoin."
            )
        }
    }

    @Sendable static func showLot(req: Request) async throws -> Response {
        let model = try await LotPage.Model.query(
            on: req.db, lot: try req.record(LotScope.self), viewer: try req.requireViewer(), parties: try req.parties(of: LotScope.self))
        return LotPage.View(context: PageContext(req), model: model).response(on: req)
    }

    @Sendable static func withdraw(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let lot = try req.record(LotScope.self)
        let reason = String(((try? req.content.get(String.self, at: "motif")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(300))
        try await SurplusService.withdraw(lot, by: viewer, reason: reason, now: req.clock.now, on: req.db)
        return Redirect.to(SurplusURL.lot(try lot.requireID()), on: req, notice: "Lot retiré : il ne sera plus proposé.")
    }

    /// Changes what a lot offers before anyone took any of it (one day of a recurring pickup, say): a "corrected"
    /// step says what changed; the chain keeps the earlier values.
    @Sendable static func editLot(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let lot = try req.record(LotScope.self)
        let form = FormState<LotField>(req)
        var draft = DonationRules.LotDraft(
            category: lot.category.rawValue, product: lot.product, kg: form[.kg], temperature: lot.temperature.rawValue, dateKind: lot.dateKind.rawValue,
            date: lot.date, lotNumber: lot.lotNumber, frozenOn: lot.frozenOn ?? "", pickupFrom: form[.pickup_from], pickupTo: form[.pickup_to])
        if draft.kg.isEmpty { draft.kg = String(lot.kg) }
        let fastest = try await SurplusService.fastestRedistribution(near: lot.$organization.id, on: req.db)
        let valid: DonationRules.ValidLot
        switch DonationRules.validate(draft, now: req.clock.now, fastestHours: fastest) {
        case .failure(let failure):
            let model = try await LotPage.Model.query(
                on: req.db, lot: lot, viewer: viewer, parties: try req.parties(of: LotScope.self), editErrors: failure.errors)
            return LotPage.View(context: PageContext(req), model: model).response(status: .unprocessableEntity, on: req)
        case .success(let v): valid = v
        }
        let id = try lot.requireID()
        let before = "\(Format.number(lot.kg)) kg, collecte du \(Format.dateTime(lot.pickupFrom)) au \(Format.dateTime(lot.pickupTo))"
        try await req.db.audited(SurplusModule.lotCorrected, about: .structure(lot.$organization.id), by: viewer, summary: "Don modifié : \(lot.product)") {
            tx in
            let rows = try await SurplusSQL.returningIDs(
                tx, "UPDATE lots SET kg = \(bind: valid.kg) WHERE id = \(bind: id) AND status = 'offered' AND allocated_kg = 0 RETURNING id")
            guard !rows.isEmpty else { throw Abort(.conflict, reason: "Ce lot a déjà été attribué : il ne peut plus être modifié. Retirez-le si besoin.") }
            lot.kg = valid.kg
            (lot.pickupFrom, lot.pickupTo) = (valid.pickupFrom, valid.pickupTo)
            try await lot.save(on: tx)
            try await LotEvent(
                lot: id, kind: .corrected, at: req.clock.now, kg: valid.kg, organization: lot.$organization.id, user: viewer.userID,
                note: "Avant : \(before)"
            ).create(on: tx)
        }
        return Redirect.to(SurplusURL.lot(id), on: req, notice: "Don modifié.")
    }

    @Sendable static func newNeed(req: Request) async throws -> Response {
        var form = FormState<NeedField>()
        let now = req.clock.now
        let tomorrow = Day.start(of: Day.of(now.addingTimeInterval(86_400)))
        form.values[.category] = FoodCategory.any
        form.values[.delivery_from] = localText(tomorrow.addingTimeInterval(9 * 3_600))
        form.values[.delivery_to] = localText(tomorrow.addingTimeInterval(17 * 3_600))
        return try await needForm(req, form, status: .ok)
    }

    static func needForm(_ req: Request, _ form: FormState<NeedField>, status: HTTPResponseStatus) async throws -> Response {
        let structures = try await DirectoryFace.validatedOrganizations(of: try req.requireViewer(), on: req.db)
        return NeedFormPage.View(context: PageContext(req), model: .init(structures: structures, form: form)).response(status: status, on: req)
    }

    @Sendable static func createNeed(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        var form = FormState<NeedField>(req)
        guard let org = try await SurplusService.structure(of: viewer, chosenIn: &form, at: .organization, on: req.db) else {
            return try await needForm(req, form, status: .unprocessableEntity)
        }
        let draft = DonationRules.NeedDraft(
            category: form[.category], kg: form[.kg], deliveryFrom: form[.delivery_from], deliveryTo: form[.delivery_to],
            peopleServed: form[.people_served])
        switch DonationRules.validate(draft, now: req.clock.now) {
        case .failure(let failure):
            form.refuse(failure)
            return try await needForm(req, form, status: .unprocessableEntity)
        case .success(let valid):
            _ = try await SurplusService.express(valid, for: org, by: viewer, note: String(form.trimmed(.note).prefix(500)), on: req.db)
            return Redirect.to(
                SurplusURL.board.path, on: req, notice: "Besoin enregistré : \(Format.number(valid.kg)) kg. Il sera pris en compte à la prochaine répartition.")
        }
    }

    @Sendable static func closeNeed(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let need = try req.record(NeedScope.self)
        let id = try need.requireID()
        try await req.db.audited(SurplusModule.needClosed, about: .structure(need.$organization.id), by: viewer, summary: "Besoin clos") { tx in
            _ = try await SurplusSQL.returningIDs(tx, "UPDATE needs SET status = 'closed' WHERE id = \(bind: id) RETURNING id")
        }
        return Redirect.to(SurplusURL.board.path, on: req, notice: "Besoin clos : il ne sera plus servi.")
    }

    enum PreferenceField: String, FormKey { case delai }

    @Sendable static func preferences(req: Request) async throws -> Response {
        let orgID = try SurplusURL.preferences.value(of: req)
        return try await preferencesPage(req, orgID, error: nil, status: .ok)
    }

    static func preferencesPage(_ req: Request, _ orgID: UUID, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let org = try await OrganizationService.find(orgID, on: req.db)
        let profile = try await RecipientProfile.query(on: req.db).filter(\.$organization.$id == orgID).first()
        let storage = try await Capacity.query(on: req.db).filter(\.$organization.$id == orgID).all()
        let model = PreferencesPage.Model(
            organization: org, preferences: profile?.preferenceMap ?? [:], redistributesWithinHours: profile?.redistributesWithinHours, storage: storage,
            error: error)
        return PreferencesPage.View(context: PageContext(req), model: model).response(status: status, on: req)
    }

    @Sendable static func savePreferences(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let orgID = try SurplusURL.preferences.value(of: req)
        var map: [FoodCategory: Preference] = [:]
        for c in FoodCategory.allCases {
            if let raw = try? req.content.get(String.self, at: "pref-" + c.rawValue), let p = Preference(rawValue: raw) { map[c] = p }
        }
        let delay = ((try? req.content.get(String.self, at: "delai")) ?? "").trimmingCharacters(in: .whitespaces)
        var hours: Int?
        if !delay.isEmpty {
            guard let h = Int(delay), (1...DonationRules.useByMarginHours).contains(h) else {
                return try await preferencesPage(req, orgID, error: "Indiquez un nombre d'heures entre 1 et 48, ou laissez vide.", status: .unprocessableEntity)
            }
            hours = h
        }
        let profile = try await RecipientProfile.query(on: req.db).filter(\.$organization.$id == orgID).first() ?? RecipientProfile()
        profile.$organization.id = orgID
        profile.preferenceMap = map
        profile.redistributesWithinHours = hours
        try await req.db.audited(SurplusModule.preferencesSaved, about: .structure(orgID), by: viewer, summary: "Préférences de dons") { tx in
            try await profile.save(on: tx)
        }
        return Redirect.to(SurplusURL.preferences(orgID), on: req, notice: "Préférences enregistrées : la prochaine répartition en tiendra compte.")
    }

    /// A `datetime-local` value in Paris time.
    static func localText(_ date: Date) -> String { Formatters.date("yyyy-MM-dd'T'HH:mm", french: false).use { $0.string(from: date) } }
}
