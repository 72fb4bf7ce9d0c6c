import Fluent
import Foundation
import Vapor

/// The animator's dispatch desk: choose the day and the vans, follow the run, read the plan, accept it.
enum DispatchController {
    /// What a day looks like before running: lots, needs and vans of the territory.
    @Sendable static func form(req: Request) async throws -> Response {
        let code = try SurplusURL.newDispatch.value(of: req)
        let (territory, _) = try await Territory.require(code: code, on: req.db)
        // Tomorrow by default: the day is planned the evening before.
        let day = req.query[String.self, at: "jour"].flatMap(Day.parse) ?? Day.of(req.clock.now.addingTimeInterval(86_400))
        return try await page(req, territory, day: day, error: nil, status: .ok)
    }

    static func page(_ req: Request, _ territory: Territory, day: String, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let probe = Dispatch()
        (probe.$territory.id, probe.day) = (try territory.requireID(), day)
        let (problem, leftOut) = try await DispatchService.problem(for: probe, now: req.clock.now, on: req.db)
        let names = try await vanNames(problem.vanRows.map(\.id) + leftOut.map(\.vehicle_id), on: req.db)
        let territoryOrgs = try await OrganizationTerritory.query(on: req.db).filter(\.$territory.$id == territory.requireID()).all().map {
            $0.$organization.id
        }
        let hubs = try await DispatchService.hubs(organizations: territoryOrgs, day: day, on: req.db)
        let hubNames = try await vanNames(hubs.compactMap(\.resource.id), on: req.db)
        let recent = try await Dispatch.query(on: req.db).filter(\.$territory.$id == territory.requireID()).sort(\.$createdAt, .descending).range(..<10).all()
        // Food lost this week: lots that reached their DLC without a taker, for the animator to follow up.
        let expired = try await Lot.query(on: req.db).filter(\.$organization.$id ~~ territoryOrgs).filter(\.$status == .expired)
            .filter(\.$date >= Day.of(req.clock.now.addingTimeInterval(-8 * 86_400))).with(\.$organization).sort(\.$date, .descending).range(..<50).all()
        let model = DispatchFormPage.Model(
            territory: TerritorySummary(code: territory.code, name: territory.name), day: day, lots: problem.lotRows.count,
            lotKg: problem.lotRows.reduce(0) { $0 + $1.kg }, needs: problem.needRows.count, needKg: problem.needRows.reduce(0) { $0 + $1.kg },
            vans: problem.vanRows.map { ($0.id, names[$0.id] ?? "Véhicule", $0.capacityKg, $0.refrigerated) },
            leftOut: leftOut.map { (names[$0.vehicle_id] ?? "Véhicule", $0.reason) }, recent: recent, expired: expired,
            hubs: hubs.compactMap { h in
                h.resource.id.map { ($0, hubNames[$0] ?? h.resource.name, "\(Format.number(h.freeUnits)) \(h.resource.unit) libres") }
            }, error: error)
        return DispatchFormPage.View(context: PageContext(req), model: model).response(status: status, on: req)
    }

    static func vanNames(_ ids: [UUID], on db: any Database) async throws -> [UUID: String] {
        Dictionary(
            try await SharedResource.query(on: db).filter(\.$id ~~ ids).with(\.$organization).all().compactMap { r in
                r.id.map { ($0, "\(r.name) (\(r.organization.name))") }
            }, uniquingKeysWith: { a, _ in a })
    }

    @Sendable static func run(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let code = try SurplusURL.newDispatch.value(of: req)
        let (territory, _) = try await Territory.require(code: code, on: req.db)
        let dayText = (try? req.content.get(String.self, at: "jour")) ?? ""
        guard let day = Day.parse(dayText), day >= Day.of(req.clock.now) else {
            return try await page(req, territory, day: Day.of(req.clock.now), error: "Choisissez aujourd'hui ou un jour à venir.", status: .unprocessableEntity)
        }
        let vans = ((try? req.content.get([String].self, at: "vehicules")) ?? []).compactMap(UUID.init(uuidString:))
        let seconds = ((try? req.content.get(String.self, at: "secondes")).flatMap(DonationRules.number) ?? 5)
        guard seconds >= 0.5, seconds <= 120 else {
            return try await page(req, territory, day: day, error: "Entre 0,5 et 120 secondes de calcul.", status: .unprocessableEntity)
        }
        // No van ticked while some are free: the animator wants none of them (recipients come and collect).
        let hubs = ((try? req.content.get([String].self, at: "stockages")) ?? []).compactMap(UUID.init(uuidString:))
        let selection = DispatchSelection(lot_ids: nil, need_ids: nil, vehicle_ids: vans.isEmpty ? [UUID()] : vans, hub_ids: hubs)
        let d = try await DispatchService.queue(territory: territory, day: day, seconds: seconds, selection: selection, by: viewer, on: req.db)
        return Redirect.to(SurplusURL.dispatch(try d.requireID()), on: req, notice: "Calcul lancé : le plan s'affiche ici dès qu'il est prêt.")
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let d = try req.record(DispatchScope.self)
        return try await showPage(req, d, status: .ok)
    }

    static func showPage(_ req: Request, _ d: Dispatch, error: String? = nil, status: HTTPResponseStatus) async throws -> Response {
        let territory = try await d.$territory.get(on: req.db)
        let plan = DispatchService.plan(of: d)
        let lotIDs = Set((plan?.allocations.map(\.lot_id) ?? []) + (plan?.unallocated.map(\.lot_id) ?? []))
        let lots = Dictionary(
            try await Lot.query(on: req.db).filter(\.$id ~~ Array(lotIDs)).with(\.$organization).all().compactMap { l in l.id.map { ($0, l) } },
            uniquingKeysWith: { a, _ in a })
        let needIDs = plan?.needs.map(\.need_id) ?? []
        let needs = Dictionary(
            try await Need.query(on: req.db).filter(\.$id ~~ needIDs).with(\.$organization).all().compactMap { n in n.id.map { ($0, n) } },
            uniquingKeysWith: { a, _ in a })
        let vans = try await vanNames((plan?.tours.map(\.vehicle_id) ?? []) + (plan?.vehicles_left_out.map(\.vehicle_id) ?? []), on: req.db)
        // `?tournee=N` shows the stops of tour N; small days show them all.
        let tour = try req.queryInt("tournee", in: 0...1_000, default: 0)
        let resources = try await SharedResource.query(on: req.db).filter(\.$id ~~ (plan?.tours.map(\.vehicle_id) ?? [])).all()
        let depots = Dictionary(resources.compactMap { r in r.id.map { ($0, r.$organization.id) } }, uniquingKeysWith: { a, _ in a })
        let placeIDs = Set((plan?.tours.flatMap { $0.stops.map(\.organization_id) } ?? []) + depots.values)
        let places = Dictionary(
            try await Organization.query(on: req.db).filter(\.$id ~~ Array(placeIDs)).all().compactMap { o in
                o.id.map { ($0, TourMap.Place(latitude: o.latitude, longitude: o.longitude, name: o.name)) }
            }, uniquingKeysWith: { a, _ in a })
        let booked = try await DispatchBooking.query(on: req.db).filter(\.$dispatch.$id == d.requireID()).sort(\.$createdAt).all()
        var model = DispatchPage.Model(
            dispatch: d, territory: TerritorySummary(code: territory.code, name: territory.name), plan: plan, lots: lots, needs: needs, vans: vans,
            error: error, places: places, depots: depots, page: try req.queryInt("page", in: 1...1_000, default: 1),
            shownTour: tour > 0 ? tour - 1 : nil)
        for b in booked {
            let line = DispatchPage.Model.BookingLine(status: b.status, sentence: b.sentence)
            if let tour = b.tour { model.vanBookings[tour] = line } else { model.roomBookings.append(line) }
        }
        return DispatchPage.View(context: PageContext(req), model: model).response(status: status, on: req)
    }

    @Sendable static func accept(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let d = try req.record(DispatchScope.self)
        do {
            _ = try await DispatchService.accept(d, by: viewer, now: req.clock.now, on: req.db)
        } catch let abort as AbortError where abort.status == .conflict {
            return try await showPage(req, try await DispatchService.find(try d.requireID(), on: req.db), error: abort.reason, status: .conflict)
        }
        return Redirect.to(
            SurplusURL.dispatch(try d.requireID()), on: req,
            notice: try await acceptedNotice(d, on: req.db))
    }

    /// What accepting did: the vans booked, and those waiting for their owner's answer.
    static func acceptedNotice(_ d: Dispatch, on db: any Database) async throws -> String {
        let waiting = try await DispatchBooking.query(on: db).filter(\.$dispatch.$id == d.requireID()).filter(\.$status == .pending).count()
        guard waiting > 0 else { return "Plan accepté : les lots sont réservés, les véhicules réservés et les feuilles de route prêtes." }
        return "Plan accepté : les lots sont réservés et les feuilles de route prêtes ; "
            + French.count(waiting, "véhicule ou chambre froide attend", plural: "véhicules ou chambres froides attendent")
            + " la réponse de sa structure."
    }

    /// One adjustment of the animator's, then the day is planned again with it.
    @Sendable static func adjust(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let d = try req.record(DispatchScope.self)
        func field(_ name: String) -> String { (try? req.content.get(String.self, at: name)) ?? "" }
        let lot = UUID(uuidString: field("lot"))
        let choice = field("choix").split(separator: ":", maxSplits: 1).map(String.init)
        let change: DispatchService.Adjustment
        if let vehicle = UUID(uuidString: field("vehicule")) {
            change = .dropVehicle(vehicle)
        } else if let lot, choice.count == 2, let need = UUID(uuidString: choice[1]), ["garder", "exclure"].contains(choice[0]) {
            change = choice[0] == "garder" ? .pin(lot: lot, need: need) : .exclude(lot: lot, need: need)
        } else {
            return try await showPage(req, d, error: "Choisissez un ajustement dans la liste.", status: .unprocessableEntity)
        }
        let next = try await DispatchService.adjust(d, change, by: viewer, on: req.db)
        return Redirect.to(SurplusURL.dispatch(try next.requireID()), on: req, notice: "Ajustement pris en compte : la répartition est recalculée.")
    }

    @Sendable static func csv(req: Request) async throws -> Response {
        let d = try req.record(DispatchScope.self)
        guard let plan = DispatchService.plan(of: d) else { throw Abort(.notFound, reason: "Le plan n'est pas prêt.") }
        var file = CSVFile(CSVFile.dialect(of: req), header: ["lot_id", "need_id", "kg", "tournee", "statut", "raison"])
        for a in plan.allocations {
            file.add([
                .text(a.lot_id.uuidString), .text(a.need_id.uuidString), .decimal(a.kg, digits: 1), .text(a.tour.map { String($0 + 1) } ?? ""),
                .text("attribué"), .text(""),
            ])
        }
        for u in plan.unallocated {
            file.add([.text(u.lot_id.uuidString), .text(""), .decimal(u.kg, digits: 1), .text(""), .text("non placé"), .text(u.reason)])
        }
        return file.response(filename: "repartition-\(d.day).csv")
    }

    /// The tours as GeoJSON lines (longitude, latitude), one feature per tour, for any GIS or map.
    @Sendable static func geoJSON(req: Request) async throws -> Response {
        let d = try req.record(DispatchScope.self)
        guard let plan = DispatchService.plan(of: d) else { throw Abort(.notFound, reason: "Le plan n'est pas prêt.") }
        let orgIDs = Set(plan.tours.flatMap { $0.stops.map(\.organization_id) })
        let places = Dictionary(
            try await Organization.query(on: req.db).filter(\.$id ~~ Array(orgIDs)).all().compactMap { o in o.id.map { ($0, [o.longitude, o.latitude]) } },
            uniquingKeysWith: { a, _ in a })
        var features: [GeoFeature] = []
        for (i, tour) in plan.tours.enumerated() {
            var line: [[Double]] = []
            var last: UUID?
            for stop in tour.stops where stop.organization_id != last {
                last = stop.organization_id
                if let p = places[stop.organization_id] { line.append(p) }
            }
            features.append(.init(properties: .init(tour: i + 1, vehicle_id: tour.vehicle_id, km: tour.km), geometry: .init(coordinates: line)))
        }
        let body = String(decoding: try JSONEncoder().encode(GeoCollection(features: features)), as: UTF8.self)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "geo+json")
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }
}

/// GeoJSON (RFC 7946) of the tours.
private struct GeoCollection: Encodable {
    var type = "FeatureCollection"
    var features: [GeoFeature]
}
private struct GeoFeature: Encodable {
    struct Properties: Encodable {
        var tour: Int
        var vehicle_id: UUID
        var km: Double
    }
    struct Line: Encodable {
        var type = "LineString"
        var coordinates: [[Double]]
    }
    var type = "Feature"
    var properties: Properties
    var geometry: Line
}
