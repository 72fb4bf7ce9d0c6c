import Fluent
import Foundation
import Logistics
import Vapor

/// "J'ai trop de dons" (seed 000): the best takers of an urgent lot at once, by the engine's own rules (category,
/// preferences, cold storage, the use-by margin, distance, delivery windows), closest first; the donor offers it to
/// some; the first to accept takes it.
enum UrgentOffers {
    struct Taker {
        var need: Need
        var kg: Double
        var km: Double
    }

    /// Open needs of the lot's territories that the allocator would feed from this lot alone, closest first.
    static func takers(for lot: Lot, now: Date, on db: any Database) async throws -> [Taker] {
        let territories = try await DirectoryFace.territories(of: lot.$organization.id, on: db)
        let orgIDs = try await OrganizationTerritory.query(on: db).filter(\.$territory.$id ~~ Array(territories)).all().map { $0.$organization.id }
            .filter { $0 != lot.$organization.id }
        let needs = try await Need.query(on: db).filter(\.$status == .open).filter(\.$organization.$id ~~ orgIDs).filter(\.$deliveryTo > now)
            .with(\.$organization).all().filter { $0.missingKg > 0.05 && $0.organization.statusValue == .validated }
        guard let donor = try await Organization.find(lot.$organization.id, on: db), let lotID = lot.id else { return [] }
        let recipients = Array(Set(needs.map { $0.$organization.id }))
        var storage: [UUID: [TemperatureClass: Double]] = [:]
        for c in try await Capacity.query(on: db).filter(\.$organization.$id ~~ recipients).all() {
            if let t = TemperatureClass(rawValue: c.temperature) { storage[c.$organization.id, default: [:]][t, default: 0] += c.capacityKg }
        }
        let profiles = Dictionary(
            try await RecipientProfile.query(on: db).filter(\.$organization.$id ~~ recipients).all().map { ($0.$organization.id, $0) },
            uniquingKeysWith: { a, _ in a })
        let place = DispatchProblem.Place(organization: donor.id ?? UUID(), latitude: donor.latitude, longitude: donor.longitude)
        let row = DispatchProblem.LotRow(
            id: lotID, place: place, category: lot.category.rawValue, kg: lot.freeKg, temperature: lot.temperature, dateKind: lot.dateKind, date: lot.date,
            pickupFrom: max(lot.pickupFrom, now), pickupTo: lot.pickupTo)
        var takers: [Taker] = []
        for need in needs {
            guard let id = need.id else { continue }
            let profile = profiles[need.$organization.id]
            let needRow = DispatchProblem.NeedRow(
                id: id, place: .init(organization: need.$organization.id, latitude: need.organization.latitude, longitude: need.organization.longitude),
                category: need.category == FoodCategory.any ? nil : need.category, kg: need.missingKg, deliveryFrom: need.deliveryFrom,
                deliveryTo: need.deliveryTo, peopleServed: need.peopleServed, storage: storage[need.$organization.id] ?? [:],
                refused: Set((profile?.preferenceMap ?? [:]).filter { $0.value == .refused }.keys.map(\.rawValue)),
                redistributesWithinHours: profile?.redistributesWithinHours, weight: 1)
            // The engine's day starts at the earlier of the two windows, so that both are in its minutes.
            let problem = DispatchProblem(day: Day.of(min(row.pickupFrom, need.deliveryFrom)), lots: [row], needs: [needRow], vans: [], now: now)
            guard
                let result = try? Allocator.allocate(
                    lots: problem.lots, needs: problem.needs, sites: problem.sites, settings: problem.settings(seconds: 1).allocation),
                let kg = result.shipments.first?.kg, kg > 0.05
            else { continue }
            let km = GeoPoint(latitude: donor.latitude, longitude: donor.longitude).distanceKm(to: need.organization.point)
            takers.append(Taker(need: need, kg: kg, km: km))
        }
        return takers.sorted { ($0.km, -$0.kg) < ($1.km, -$1.kg) }
    }

    static func offer(_ lot: Lot, to chosen: [Taker], by viewer: Viewer, now: Date, base: String, on db: any Database) async throws {
        let lotID = try lot.requireID()
        let rows = chosen.map { t -> UrgentOffer in
            let o = UrgentOffer()
            (o.$lot.id, o.$need.id, o.$organization.id, o.kg, o.km) = (lotID, t.need.id ?? UUID(), t.need.$organization.id, t.kg, t.km)
            return o
        }
        try await db.audited(
            SurplusModule.urgentOffered, about: .structure(lot.$organization.id), by: viewer,
            summary: "Don urgent « \(lot.product) » proposé à \(French.count(rows.count, "structure", plural: "structures"))"
        ) { tx in
            for o in rows {
                // Offered again to the same need: the earlier offer stands.
                if try await UrgentOffer.query(on: tx).filter(\.$lot.$id == lotID).filter(\.$need.$id == o.$need.id).first() == nil {
                    try await o.create(on: tx)
                }
            }
            try await LotEvent(
                lot: lotID, kind: .offered, at: now, kg: lot.freeKg, organization: lot.$organization.id, user: viewer.userID,
                note: "Don urgent proposé à \(French.count(rows.count, "structure", plural: "structures"))"
            ).create(on: tx)
        }
        for o in rows {
            try await Notifier.notify(
                try await AccountsFace.members(of: o.$organization.id, on: db), SurplusModule.urgentOffer,
                title: "Don urgent : \(Format.number(o.kg)) kg de \(lot.product)",
                body: "À \(Format.number(o.km.rounded())) km, à prendre jusqu'au \(Format.dateTime(lot.pickupTo)). Le premier qui accepte l'emporte.",
                link: SurplusURL.board.path + "#urgents", now: now, base: base, on: db)
        }
    }

    /// The first acceptance wins: the offer still open, the lot still has the kilos, the need still wants them, and
    /// no other offer of the lot accepted (partial unique index). The others are told it is gone.
    static func accept(_ offer: UrgentOffer, by viewer: Viewer, now: Date, base: String, on db: any Database) async throws {
        let id = try offer.requireID()
        let lotID = offer.$lot.id, needID = offer.$need.id, kg = offer.kg
        let lot = try await SurplusService.findLot(lotID, on: db)
        do {
            try await db.audited(
                SurplusModule.urgentAccepted, about: .structure(offer.$organization.id), by: viewer, summary: "Don urgent accepté : \(lot.product)"
            ) { tx in
                let won = try await SurplusSQL.returningIDs(
                    tx, "UPDATE urgent_offers SET status = 'accepted' WHERE id = \(bind: id) AND status = 'open' RETURNING id")
                guard !won.isEmpty else { throw Abort(.conflict, reason: "Trop tard : ce don est déjà parti chez une autre structure.") }
                let taken = try await SurplusSQL.returningIDs(
                    tx,
                    """
                    UPDATE lots SET allocated_kg = allocated_kg + \(bind: kg),
                        status = CASE WHEN allocated_kg + \(bind: kg) >= kg - 0.05 THEN 'reserved' ELSE status END
                    WHERE id = \(bind: lotID) AND status = 'offered' AND allocated_kg + \(bind: kg) <= kg + 0.000001 RETURNING id
                    """)
                guard !taken.isEmpty else { throw Abort(.conflict, reason: "Trop tard : ce don est déjà parti chez une autre structure.") }
                let need = try await SurplusSQL.returningIDs(
                    tx,
                    "UPDATE needs SET allocated_kg = allocated_kg + \(bind: kg) WHERE id = \(bind: needID) AND status = 'open' AND allocated_kg + \(bind: kg) <= kg + 0.000001 RETURNING id"
                )
                guard !need.isEmpty else { throw Abort(.conflict, reason: "Votre besoin est déjà rempli ou clos : ce don ne peut plus vous être attribué.") }
                _ = try await SurplusSQL.returningIDs(
                    tx, "UPDATE urgent_offers SET status = 'gone' WHERE lot_id = \(bind: lotID) AND status = 'open' RETURNING id")
                offer.status = .accepted
                (offer.$answeredBy.id, offer.answeredAt) = (viewer.userID, now)
                try await offer.save(on: tx)
                try await LotEvent(
                    lot: lotID, kind: .allocated, at: now, kg: kg, organization: offer.$organization.id, user: viewer.userID,
                    note: "Don urgent accepté : la structure vient le chercher", need: needID
                ).create(on: tx)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Abort(.conflict, reason: "Trop tard : ce don est déjà parti chez une autre structure.")
        } catch  where DatabaseFailure.isDeadlock(error) {
            throw Abort(.conflict, reason: "Trop tard : ce don est déjà parti chez une autre structure.")
        }
        let gone = try await UrgentOffer.query(on: db).filter(\.$lot.$id == lotID).filter(\.$status == .gone).all()
        let taker = try await Organization.find(offer.$organization.id, on: db)?.name ?? "une structure"
        for o in gone {
            try await Notifier.notify(
                try await AccountsFace.members(of: o.$organization.id, on: db), SurplusModule.urgentOffer, title: "Don urgent parti : \(lot.product)",
                body: "Une autre structure l'a accepté avant vous. Merci d'avoir regardé !", link: SurplusURL.board.path, now: now, base: base, on: db)
        }
        try await Notifier.notify(
            try await AccountsFace.members(of: lot.$organization.id, on: db), SurplusModule.urgentOffer, title: "Don urgent accepté : \(lot.product)",
            body: "\(taker) vient le chercher (\(Format.number(kg)) kg).", link: SurplusURL.lot(lotID), now: now, base: base, on: db)
    }

    static func decline(_ offer: UrgentOffer, by viewer: Viewer, now: Date, on db: any Database) async throws {
        let id = try offer.requireID()
        try await db.audited(SurplusModule.urgentAccepted, about: .structure(offer.$organization.id), by: viewer, summary: "Don urgent décliné") { tx in
            let rows = try await SurplusSQL.returningIDs(
                tx, "UPDATE urgent_offers SET status = 'declined' WHERE id = \(bind: id) AND status = 'open' RETURNING id")
            guard !rows.isEmpty else { throw Abort(.conflict, reason: "Cette proposition n'est plus ouverte.") }
        }
    }
}

/// The donor's urgent page and the recipients' answers.
enum UrgentController {
    @Sendable static func takers(req: Request) async throws -> Response {
        let lot = try req.record(LotScope.self)
        return try await page(req, lot, error: nil, status: .ok)
    }

    static func page(_ req: Request, _ lot: Lot, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let takers = lot.status == .offered ? try await UrgentOffers.takers(for: lot, now: req.clock.now, on: req.db) : []
        let offers = try await UrgentOffer.query(on: req.db).filter(\.$lot.$id == lot.requireID()).with(\.$organization).all()
        let model = UrgentPage.Model(lot: lot, takers: Array(takers.prefix(12)), offers: offers, error: error)
        return UrgentPage.View(context: PageContext(req), model: model).response(status: status, on: req)
    }

    @Sendable static func offer(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let lot = try req.record(LotScope.self)
        guard lot.status == .offered else { throw Abort(.conflict, reason: "Ce lot n'est plus proposé.") }
        let chosen = Set(((try? req.content.get([String].self, at: "besoins")) ?? []).compactMap(UUID.init(uuidString:)))
        let takers = try await UrgentOffers.takers(for: lot, now: req.clock.now, on: req.db).filter { $0.need.id.map(chosen.contains) ?? false }
        guard !takers.isEmpty else {
            return try await page(req, lot, error: "Cochez au moins une structure à qui proposer ce don.", status: .unprocessableEntity)
        }
        try await UrgentOffers.offer(lot, to: takers, by: viewer, now: req.clock.now, base: req.publicBaseURL, on: req.db)
        return Redirect.to(
            SurplusURL.urgent(try lot.requireID()), on: req,
            notice: "Proposé à \(French.count(takers.count, "structure", plural: "structures")) : la première qui accepte l'emporte, vous serez prévenu·e.")
    }

    static func answerable(_ req: Request) throws -> (UrgentOffer, Viewer) { (try req.record(UrgentOfferScope.self), try req.requireViewer()) }

    @Sendable static func accept(req: Request) async throws -> Response {
        let (offer, viewer) = try answerable(req)
        try await UrgentOffers.accept(offer, by: viewer, now: req.clock.now, base: req.publicBaseURL, on: req.db)
        return Redirect.to(SurplusURL.lot(offer.$lot.id), on: req, notice: "C'est pour vous : passez le chercher dans le créneau indiqué.")
    }

    @Sendable static func decline(req: Request) async throws -> Response {
        let (offer, viewer) = try answerable(req)
        try await UrgentOffers.decline(offer, by: viewer, now: req.clock.now, on: req.db)
        return Redirect.to(SurplusURL.board.path, on: req, notice: "Proposition déclinée.")
    }
}
