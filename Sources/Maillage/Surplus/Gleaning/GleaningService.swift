import Fluent
import Foundation
import Vapor

/// Glanage (seed 002): a farm opens a field, then gleaning days; volunteers of any structure sign up within
/// capacity; afterwards who came is recorded, and the kg gleaned per destination become lots like any other.
enum GleaningService {
    enum FieldKey: String, FormKey { case organization, crop, expected_kg, place, season_from, season_to, authorisation, note }
    enum DayKey: String, FormKey { case day, de, a, pickers, leader, equipment }

    static func validateField(_ f: FormState<FieldKey>, now: Date) -> Refusal<FieldKey>? {
        var errors: [FieldKey: String] = [:]
        if f.trimmed(.crop).isEmpty { errors[.crop] = "Indiquez la culture (pommes de terre, courges…)." }
        if let kg = DonationRules.number(f[.expected_kg]) {
            if kg <= 0 || kg > DonationRules.maxKg { errors[.expected_kg] = "Entre 1 kg et 40 tonnes." }
        } else {
            errors[.expected_kg] = "Un ordre de grandeur en kilos, par exemple 800."
        }
        if f.trimmed(.place).isEmpty { errors[.place] = "Où se trouve le champ (lieu-dit, chemin, point de rendez-vous) ?" }
        let from = Day.parse(f[.season_from]), to = Day.parse(f[.season_to])
        if from == nil { errors[.season_from] = "Une date, par exemple 2026-09-01." }
        if to == nil { errors[.season_to] = "Une date, par exemple 2026-11-30." }
        if let from, let to, to < from { errors[.season_to] = "La fin doit venir après le début." }
        if let to, to < Day.of(now) { errors[.season_to] = "Cette saison est déjà finie." }
        if f.trimmed(.authorisation).isEmpty {
            errors[.authorisation] = "Le glanage se fait avec l'accord écrit de l'exploitant : indiquez qui l'a donné et pour quelle période."
        }
        return errors.isEmpty ? nil : Refusal(errors)
    }

    static func validateDay(_ f: FormState<DayKey>, field: GleaningField, now: Date) -> Refusal<DayKey>? {
        var errors: [DayKey: String] = [:]
        if let day = Day.parse(f[.day]) {
            if day < Day.of(now) { errors[.day] = "Ce jour est passé." }
            if day < field.seasonFrom || day > field.seasonTo {
                errors[.day] = "En dehors de la saison autorisée (du \(Day.label(field.seasonFrom)) au \(Day.label(field.seasonTo)))."
            }
        } else {
            errors[.day] = "Une date, par exemple 2026-10-12."
        }
        let start = SeriesService.minutes(f[.de]), end = SeriesService.minutes(f[.a])
        if start == nil { errors[.de] = "Une heure, par exemple 09:00." }
        if end == nil { errors[.a] = "Une heure, par exemple 12:00." }
        if let s = start, let e = end, e <= s { errors[.a] = "La fin doit venir après le début." }
        if let n = Int(f.trimmed(.pickers)) {
            if n < 1 || n > 200 { errors[.pickers] = "Entre 1 et 200 glaneur·ses." }
        } else {
            errors[.pickers] = "Combien de glaneur·ses, par exemple 12."
        }
        if f.trimmed(.leader).isEmpty { errors[.leader] = "Qui encadre la journée (nom et téléphone) ?" }
        return errors.isEmpty ? nil : Refusal(errors)
    }

    /// Takes a place: the counter goes up only below capacity (conditional update, and the CHECK behind it), in the
    /// same transaction as the sign-up.
    static func signUp(_ day: GleaningDay, _ viewer: Viewer, organization: UUID?, on db: any Database) async throws {
        let id = try day.requireID()
        do {
            try await db.audited(
                SurplusModule.gleaningSignup, about: .account(viewer.userID), by: viewer, summary: "Inscription au glanage du \(Day.label(day.day))"
            ) {
                tx in
                let rows = try await SurplusSQL.returningIDs(
                    tx, "UPDATE gleaning_days SET signed_up = signed_up + 1 WHERE id = \(bind: id) AND signed_up < pickers_needed RETURNING id")
                guard !rows.isEmpty else { throw Abort(.conflict, reason: "Complet : toutes les places de cette journée sont prises.") }
                let s = GleaningSignup()
                (s.$day.id, s.$user.id, s.$organization.id) = (id, viewer.userID, organization)
                try await s.create(on: tx)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Abort(.conflict, reason: "Vous êtes déjà inscrit·e, ou la journée est complète.")
        } catch  where DatabaseFailure.isDeadlock(error) {
            throw Abort(.conflict, reason: "Beaucoup d'inscriptions en même temps : réessayez dans un instant.")
        }
    }

    static func cancel(_ day: GleaningDay, _ viewer: Viewer, on db: any Database) async throws {
        let id = try day.requireID()
        try await db.audited(SurplusModule.gleaningSignup, about: .account(viewer.userID), by: viewer, summary: "Désinscription du glanage") { tx in
            guard let s = try await GleaningSignup.query(on: tx).filter(\.$day.$id == id).filter(\.$user.$id == viewer.userID).first() else {
                throw Abort(.notFound, reason: "Vous n'êtes pas inscrit·e à cette journée.")
            }
            try await s.delete(on: tx)
            _ = try await SurplusSQL.returningIDs(
                tx, "UPDATE gleaning_days SET signed_up = signed_up - 1 WHERE id = \(bind: id) AND signed_up > 0 RETURNING id")
        }
    }

    /// After the day: who came, and the kg for each destination, which become lots at the farm, to be collected
    /// within a day (dispatched like any other).
    static func report(
        _ day: GleaningDay, field: GleaningField, present: Set<UUID>, destinations: [(UUID, Double)], by viewer: Viewer, now: Date, on db: any Database
    ) async throws -> Int {
        let dayID = try day.requireID()
        let total = destinations.reduce(0) { $0 + $1.1 }
        let names = Dictionary(
            try await Organization.query(on: db).filter(\.$id ~~ destinations.map(\.0)).all().compactMap { o in o.id.map { ($0, o.name) } },
            uniquingKeysWith: { a, _ in a })
        let end = Recurrence.moment(day.day, minutes: day.endsAt)
        try await db.audited(
            SurplusModule.gleaningReport, about: .structure(field.$organization.id), by: viewer,
            summary: "Glanage du \(Day.label(day.day)) : \(Format.number(total)) kg"
        ) { tx in
            guard day.gleanedKg == nil else { throw Abort(.conflict, reason: "Le bilan de cette journée est déjà fait.") }
            for s in try await GleaningSignup.query(on: tx).filter(\.$day.$id == dayID).all() {
                s.status = present.contains(try s.requireID()) ? .present : .absent
                try await s.save(on: tx)
            }
            day.gleanedKg = total
            try await day.save(on: tx)
            for (org, kg) in destinations where kg > 0 {
                let lot = Lot()
                lot.$organization.id = field.$organization.id
                lot.$createdBy.id = viewer.userID
                (lot.product, lot.category, lot.kg, lot.temperature, lot.dateKind) = ("Glanage : \(field.crop)", .fruitsLegumes, kg, .ambiant, .ddm)
                lot.date = Day.of(Day.start(of: day.day).addingTimeInterval(7 * 86_400 + 43_200))
                (lot.pickupFrom, lot.pickupTo) = (end, end.addingTimeInterval(36 * 3_600))
                lot.note = "Glané le \(Day.label(day.day)) pour \(names[org] ?? "une structure du territoire") — \(field.place)"
                try await lot.create(on: tx)
                try await LotEvent(
                    lot: try lot.requireID(), kind: .declared, at: now, kg: kg, organization: field.$organization.id, user: viewer.userID,
                    note: "Glanage, destiné à \(names[org] ?? "une structure")"
                ).create(on: tx)
            }
        }
        return destinations.filter { $0.1 > 0 }.count
    }
}

enum GleaningController {
    @Sendable static func list(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let mine = Array(viewer.memberships.keys)
        let territories =
            try await OrganizationTerritory.query(on: req.db).filter(\.$organization.$id ~~ mine).all().map { $0.$territory.id }
            + Array(viewer.animatedTerritoryIDs)
        let orgs = try await OrganizationTerritory.query(on: req.db).filter(\.$territory.$id ~~ territories).all().map { $0.$organization.id } + mine
        let fields = try await GleaningField.query(on: req.db).filter(\.$organization.$id ~~ orgs).filter(\.$seasonTo >= Day.of(req.clock.now))
            .with(\.$organization).sort(\.$seasonFrom).all()
        let days = try await GleaningDay.query(on: req.db).filter(\.$field.$id ~~ fields.compactMap(\.id)).filter(\.$day >= Day.of(req.clock.now))
            .with(\.$field) { $0.with(\.$organization) }.sort(\.$day).all()
        let mySignups = Set(try await GleaningSignup.query(on: req.db).filter(\.$user.$id == viewer.userID).all().map { $0.$day.id })
        let model = GleaningListPage.Model(fields: fields, days: days, mine: mySignups, canOffer: viewer.belongsToValidatedStructure)
        return GleaningListPage.View(context: PageContext(req), model: model).response(on: req)
    }

    @Sendable static func newField(req: Request) async throws -> Response {
        var form = FormState<GleaningService.FieldKey>()
        let now = req.clock.now
        (form.values[.season_from], form.values[.season_to]) = (Day.of(now), Day.of(now.addingTimeInterval(60 * 86_400)))
        return try await fieldForm(req, form, status: .ok)
    }

    static func fieldForm(_ req: Request, _ form: FormState<GleaningService.FieldKey>, status: HTTPResponseStatus) async throws -> Response {
        let structures = try await DirectoryFace.validatedOrganizations(of: try req.requireViewer(), on: req.db)
        return GleaningFieldFormPage.View(context: PageContext(req), model: .init(structures: structures, form: form)).response(status: status, on: req)
    }

    @Sendable static func createField(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        var form = FormState<GleaningService.FieldKey>(req)
        guard let org = try await SurplusService.structure(of: viewer, chosenIn: &form, at: .organization, on: req.db) else {
            return try await fieldForm(req, form, status: .unprocessableEntity)
        }
        if let failure = GleaningService.validateField(form, now: req.clock.now) {
            form.refuse(failure)
            return try await fieldForm(req, form, status: .unprocessableEntity)
        }
        let field = GleaningField()
        field.$organization.id = try org.requireID()
        field.$createdBy.id = viewer.userID
        (field.crop, field.expectedKg, field.place) = (
            String(form.trimmed(.crop).prefix(120)), DonationRules.number(form[.expected_kg]) ?? 0, String(form.trimmed(.place).prefix(300))
        )
        (field.seasonFrom, field.seasonTo) = (Day.parse(form[.season_from]) ?? "", Day.parse(form[.season_to]) ?? "")
        (field.authorisation, field.note) = (String(form.trimmed(.authorisation).prefix(300)), String(form.trimmed(.note).prefix(1000)))
        try await req.db.audited(SurplusModule.gleaningField, about: .structure(field.$organization.id), by: viewer, summary: "Champ à glaner : \(field.crop)")
        {
            tx in try await field.create(on: tx)
        }
        return Redirect.to(SurplusURL.gleaningField(try field.requireID()), on: req, notice: "Champ proposé : ajoutez maintenant une journée de glanage.")
    }

    static func field(_ req: Request, _ path: Path1<UUID>) async throws -> GleaningField {
        guard let f = try await GleaningField.query(on: req.db).filter(\.$id == (try path.value(of: req))).with(\.$organization).first() else {
            throw Abort(.notFound, reason: "Ce champ n'existe pas.")
        }
        return f
    }

    @Sendable static func showField(req: Request) async throws -> Response {
        try await fieldPage(req, try await field(req, SurplusURL.gleaningField), form: FormState(), status: .ok)
    }

    static func fieldPage(_ req: Request, _ f: GleaningField, form: FormState<GleaningService.DayKey>, status: HTTPResponseStatus) async throws -> Response {
        let viewer = try req.requireViewer()
        let days = try await GleaningDay.query(on: req.db).filter(\.$field.$id == f.requireID()).sort(\.$day).all()
        var form = form
        if form.values.isEmpty { (form.values[.de], form.values[.a], form.values[.pickers]) = ("09:00", "12:00", "10") }
        let model = GleaningFieldPage.Model(field: f, days: days, owner: viewer.memberships[f.$organization.id] != nil, form: form)
        return GleaningFieldPage.View(context: PageContext(req), model: model).response(status: status, on: req)
    }

    @Sendable static func addDay(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let f = try req.record(GleaningFieldScope.self)
        var form = FormState<GleaningService.DayKey>(req)
        if let failure = GleaningService.validateDay(form, field: f, now: req.clock.now) {
            form.refuse(failure)
            return try await fieldPage(req, f, form: form, status: .unprocessableEntity)
        }
        let day = GleaningDay()
        day.$field.id = try f.requireID()
        (day.day, day.startsAt, day.endsAt) = (Day.parse(form[.day]) ?? "", SeriesService.minutes(form[.de]) ?? 540, SeriesService.minutes(form[.a]) ?? 720)
        (day.pickersNeeded, day.leader, day.equipment) = (
            Int(form.trimmed(.pickers)) ?? 1, String(form.trimmed(.leader).prefix(200)), String(form.trimmed(.equipment).prefix(300))
        )
        try await req.db.audited(
            SurplusModule.gleaningField, about: .structure(f.$organization.id), by: viewer, summary: "Journée de glanage : \(Day.label(day.day))"
        ) {
            tx in try await day.create(on: tx)
        }
        return Redirect.to(SurplusURL.gleaningDay(try day.requireID()), on: req, notice: "Journée ajoutée : les bénévoles du territoire peuvent s'inscrire.")
    }

    static func day(_ req: Request, _ path: Path1<UUID>) async throws -> GleaningDay {
        guard let d = try await GleaningDay.query(on: req.db).filter(\.$id == (try path.value(of: req))).with(\.$field) { $0.with(\.$organization) }.first()
        else {
            throw Abort(.notFound, reason: "Cette journée n'existe pas.")
        }
        return d
    }

    @Sendable static func showDay(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let d = try await day(req, SurplusURL.gleaningDay)
        let signups = try await GleaningSignup.query(on: req.db).filter(\.$day.$id == d.requireID()).with(\.$user).with(\.$organization).sort(\.$createdAt)
            .all()
        let owner = viewer.memberships[d.field.$organization.id] != nil
        let recipients = owner ? try await recipientChoices(d.field, on: req.db) : []
        let model = GleaningDayPage.Model(
            day: d, signups: owner ? signups : [], signedUp: signups.contains { $0.$user.id == viewer.userID }, owner: owner,
            structures: try await DirectoryFace.validatedOrganizations(of: viewer, on: req.db), recipients: recipients, past: d.day <= Day.of(req.clock.now))
        return GleaningDayPage.View(context: PageContext(req), model: model).response(on: req)
    }

    /// The food-aid structures of the field's territories, where gleaned food may go.
    static func recipientChoices(_ field: GleaningField, on db: any Database) async throws -> [(UUID, String)] {
        let territories = try await DirectoryFace.territories(of: field.$organization.id, on: db)
        let ids = try await OrganizationTerritory.query(on: db).filter(\.$territory.$id ~~ Array(territories)).all().map { $0.$organization.id }
        return try await Organization.query(on: db).filter(\.$id ~~ ids).filter(\.$category == Category.aideAlimentaire.rawValue)
            .filter(\.$status == OrganizationStatus.validated.rawValue).sort(\.$name).all().compactMap { o in o.id.map { ($0, o.name) } }
    }

    @Sendable static func signUp(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let d = try await day(req, SurplusURL.gleaningSignUp)
        guard d.day >= Day.of(req.clock.now) else { throw Abort(.conflict, reason: "Cette journée est passée.") }
        let chosen = ((try? req.content.get(String.self, at: "structure")) ?? "").flatMap(UUID.init(uuidString:))
        let org = chosen.flatMap { viewer.memberships[$0] != nil ? $0 : nil }
        try await GleaningService.signUp(d, viewer, organization: org, on: req.db)
        return Redirect.to(SurplusURL.gleaningDay(try d.requireID()), on: req, notice: "Inscrit·e ! Rendez-vous le \(Day.label(d.day)) : \(d.field.place).")
    }

    @Sendable static func cancel(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let d = try await day(req, SurplusURL.gleaningCancel)
        try await GleaningService.cancel(d, viewer, on: req.db)
        return Redirect.to(SurplusURL.gleaningDay(try d.requireID()), on: req, notice: "Désinscription faite : votre place est libérée.")
    }

    @Sendable static func report(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let d = try req.record(GleaningDayScope.self)
        let present = Set(((try? req.content.get([String].self, at: "presents")) ?? []).compactMap(UUID.init(uuidString:)))
        let allowed = Set(try await recipientChoices(d.field, on: req.db).map(\.0))
        var destinations: [(UUID, Double)] = []
        for i in 1...4 {
            let org = ((try? req.content.get(String.self, at: "destination\(i)")) ?? "").flatMap(UUID.init(uuidString:))
            let kgText = (try? req.content.get(String.self, at: "kg\(i)")) ?? ""
            guard let org, !kgText.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            guard allowed.contains(org), let kg = DonationRules.number(kgText), kg > 0, kg <= DonationRules.maxKg else {
                throw Abort(
                    .unprocessableEntity, reason: "Ligne \(i) : choisissez une structure d'aide alimentaire du territoire et des kilos entre 0 et 40 000.")
            }
            destinations.append((org, kg))
        }
        let made = try await GleaningService.report(d, field: d.field, present: present, destinations: destinations, by: viewer, now: req.clock.now, on: req.db)
        return Redirect.to(
            SurplusURL.gleaningDay(try d.requireID()), on: req,
            notice: "Bilan enregistré : \(French.count(made, "lot proposé", plural: "lots proposés")) à la prochaine répartition.")
    }
}
