import Fluent
import Foundation
import Vapor

/// Route sheets: printed one page per tour, and on the driver's phone where each stop is marked as it happens.
enum RouteSheetController {

    static func sheets(for d: Dispatch, only: Int?, on db: any Database) async throws -> [RouteSheet] {
        guard let plan = DispatchService.plan(of: d) else { return [] }
        let id = try d.requireID()
        let rows = try await Delivery.query(on: db).filter(\.$dispatch.$id == id).with(\.$lot).with(\.$need) { $0.with(\.$organization) }.all()
        let byPair = Dictionary(rows.map { (DispatchService.Pair(lot: $0.$lot.id, need: $0.$need.id), $0) }, uniquingKeysWith: { a, _ in a })
        let lots = Dictionary(rows.map { ($0.$lot.id, $0.lot) }, uniquingKeysWith: { a, _ in a })
        let recipients = Dictionary(rows.map { ($0.$need.id, $0.need.organization.name) }, uniquingKeysWith: { a, _ in a })
        let orgIDs = Array(Set(plan.tours.flatMap { $0.stops.map(\.organization_id) }))
        let places = Dictionary(
            try await Organization.query(on: db).filter(\.$id ~~ orgIDs).with(\.$contacts).all().compactMap { o in o.id.map { ($0, o) } },
            uniquingKeysWith: { a, _ in a })
        let vans = try await DispatchController.vanNames(plan.tours.map(\.vehicle_id), on: db)
        return plan.tours.enumerated().filter { only == nil || only == $0.offset }.map { i, tour in
            RouteSheet(
                number: i + 1, vehicle: vans[tour.vehicle_id] ?? "Véhicule", departure: ISODate.parse(tour.departure), back: ISODate.parse(tour.back),
                km: tour.km, stops: RouteSheet.stops(of: tour, deliveries: byPair, lots: lots, places: places, recipients: recipients))
        }
    }

    @Sendable static func sheet(req: Request) async throws -> Response {
        let tour = try req.record(TourScope.self)
        return try await page(req, dispatch: tour.dispatch, number: tour.number, errors: [:], status: .ok)
    }

    /// One tour's sheet, for its drivers: the routes that show it are guarded by `TourScope` or `DeliveryScope`.
    static func page(_ req: Request, dispatch d: Dispatch, number: Int, errors: [UUID: [DeliveryRules.Field: String]], status: HTTPResponseStatus) async throws
        -> Response
    {
        guard let sheet = try await sheets(for: d, only: number - 1, on: req.db).first else { throw Abort(.notFound, reason: "Cette tournée n'existe pas.") }
        let model = RouteSheetPage.Model(dispatch: d, sheets: [sheet], marking: true, errors: errors)
        return RouteSheetPage.View(context: PageContext(req), model: model).response(status: status, on: req)
    }

    /// Every tour of the day, to print (one page each).
    @Sendable static func all(req: Request) async throws -> Response {
        let d = try req.record(DispatchScope.self)
        guard d.status == .accepted else { throw Abort(.notFound, reason: "Les feuilles de route existent une fois le plan accepté.") }
        let model = RouteSheetPage.Model(dispatch: d, sheets: try await sheets(for: d, only: nil, on: req.db), marking: false, errors: [:])
        return RouteSheetPage.View(context: PageContext(req), model: model).response(on: req)
    }

    /// A recipient refuses a planned delivery, all of it, with its reason, before the tour.
    @Sendable static func refuse(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let delivery = try req.record(DeliveryRecipientScope.self)
        let reason = ((try? req.content.get(String.self, at: "motif")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            return Redirect.to(SurplusURL.board.path + "#livraisons", on: req, notice: "Dites pourquoi vous refusez (pas de place, pas ce qu'il nous faut…).")
        }
        try await DeliveryService.refuseAhead(delivery, reason: String(reason.prefix(300)), by: viewer, now: req.clock.now, on: req.db)
        return Redirect.to(SurplusURL.board.path + "#livraisons", on: req, notice: "Livraison refusée : le don pourra aller à une autre structure.")
    }

    @Sendable static func mark(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let delivery = try req.record(DeliveryScope.self)
        let d = delivery.dispatch
        let form = FormState<DeliveryRules.Field>(req)
        let number = (delivery.tour ?? 0) + 1
        let back = SurplusURL.routeSheet(try d.requireID(), number) + "#livraison-\(try delivery.requireID())"
        func again(_ failure: Refusal<DeliveryRules.Field>) async throws -> Response {
            try await page(req, dispatch: d, number: number, errors: [try delivery.requireID(): failure.errors], status: .unprocessableEntity)
        }
        let step = form[.etape]
        if ["collecte", "absent"].contains(step), delivery.status != .planned { throw Abort(.conflict, reason: "Ce chargement est déjà noté.") }
        if step == "livraison", delivery.status != .collected {
            throw Abort(.conflict, reason: delivery.status == .planned ? "Notez d'abord le chargement de ce lot." : "Cette livraison est déjà notée.")
        }
        switch step {
        case "collecte":
            switch DeliveryRules.collect(planned: delivery.kg, kg: form[.kg], temperature: form[.temperature]) {
            case .failure(let f): return try await again(f)
            case .success(let c): try await DeliveryService.collect(delivery, c, by: viewer, now: req.clock.now, on: req.db)
            }
            return Redirect.to(back, on: req, notice: "Chargement noté : \(delivery.lot.product).")
        case "absent":
            let reason = form.trimmed(.reason)
            guard !reason.isEmpty else {
                return try await again(Refusal(.reason, "Dites ce qui s'est passé (absent, abîmé, refusé au chargement…)."))
            }
            try await DeliveryService.missing(delivery, reason: String(reason.prefix(300)), by: viewer, now: req.clock.now, on: req.db)
            return Redirect.to(back, on: req, notice: "Noté : rien chargé pour \(delivery.lot.product).")
        case "livraison":
            switch DeliveryRules.handOver(
                collected: delivery.collectedKg ?? 0, delivered: form[.delivered], refused: form[.refused], lost: form[.lost], reason: form[.reason],
                temperature: form[.temperature])
            {
            case .failure(let f): return try await again(f)
            case .success(let h): try await DeliveryService.handOver(delivery, h, by: viewer, now: req.clock.now, on: req.db)
            }
            return Redirect.to(back, on: req, notice: "Livraison notée : \(delivery.lot.product).")
        default:
            throw Abort(.badRequest, reason: "Étape inconnue.")
        }
    }
}
