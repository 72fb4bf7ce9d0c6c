import Fluent
import Foundation
import Vapor

extension Lot {
    struct DTO: Content {
        var id: UUID
        var organization_id: UUID
        var category: String
        var product: String
        var kg: Double
        var allocated_kg: Double
        var temperature: String
        var date_kind: String
        var date: String
        var lot_number: String
        var frozen_on: String?
        var pickup_from: String
        var pickup_to: String
        var status: String
    }
    func dto() throws -> DTO {
        DTO(
            id: try requireID(), organization_id: $organization.id, category: category.rawValue, product: product, kg: kg, allocated_kg: allocatedKg,
            temperature: temperature.rawValue, date_kind: dateKind.rawValue, date: date, lot_number: lotNumber, frozen_on: frozenOn,
            pickup_from: pickupFrom.ISO8601Format(), pickup_to: pickupTo.ISO8601Format(), status: status.rawValue)
    }
    struct Input: Content {
        var organization_id: UUID?
        var category: String
        var product: String?
        var kg: Double
        var temperature: String
        var date_kind: String
        var date: String
        var lot_number: String?
        var frozen_on: String?
        var pickup_from: String
        var pickup_to: String
    }
}

extension Need {
    struct DTO: Content {
        var id: UUID
        var organization_id: UUID
        var category: String
        var kg: Double
        var allocated_kg: Double
        var delivery_from: String
        var delivery_to: String
        var people_served: Int
        var status: String
    }
    func dto() throws -> DTO {
        DTO(
            id: try requireID(), organization_id: $organization.id, category: category, kg: kg, allocated_kg: allocatedKg,
            delivery_from: deliveryFrom.ISO8601Format(), delivery_to: deliveryTo.ISO8601Format(), people_served: peopleServed, status: status.rawValue)
    }
    struct Input: Content {
        var organization_id: UUID?
        var category: String
        var kg: Double
        var delivery_from: String
        var delivery_to: String
        var people_served: Int
    }
}

extension LotEvent {
    struct DTO: Content {
        var kind: String
        var at: String
        var kg: Double
        var organization_id: UUID?
        var temperature_c: Double?
        var need_id: UUID?
        var dispatch_id: UUID?
        var note: String
    }
    func dto() -> DTO {
        DTO(
            kind: kind.rawValue, at: at.ISO8601Format(), kg: kg, organization_id: $organization.id, temperature_c: temperatureC, need_id: needID,
            dispatch_id: dispatchID, note: note)
    }
}

extension Dispatch {
    struct Input: Content {
        var territory: String
        var day: String
        var seconds: Double?
        var lot_ids: [UUID]?
        var need_ids: [UUID]?
        var vehicle_ids: [UUID]?
        /// Shared cold rooms and stores that may keep what no recipient takes today.
        var hub_ids: [UUID]?
    }
    struct DTO: Content {
        var id: UUID
        var territory: String
        var day: String
        var status: String
        var accepted: Bool
        var failure: String?
        var plan: DispatchPlan?
    }
    func dto(territory code: String) throws -> DTO {
        // The contract's four states: an accepted plan is a done one, marked accepted.
        let shown = status == .accepted ? Status.done : status
        return DTO(
            id: try requireID(), territory: code, day: day, status: shown.rawValue, accepted: status == .accepted, failure: failure,
            plan: DispatchService.plan(of: self))
    }
}

extension Delivery {
    struct DTO: Content {
        var id: UUID
        var lot_id: UUID
        var need_id: UUID
        var kg: Double
        var tour: Int?
        var status: String
        var collected_kg: Double?
        var delivered_kg: Double?
        var refused_kg: Double
        var lost_kg: Double
        var temperature_c: Double?
        var note: String
    }
    func dto() throws -> DTO {
        DTO(
            id: try requireID(), lot_id: $lot.id, need_id: $need.id, kg: kg, tour: tour, status: status.rawValue, collected_kg: collectedKg,
            delivered_kg: deliveredKg, refused_kg: refusedKg, lost_kg: lostKg, temperature_c: temperatureC, note: note)
    }
}

extension Recall {
    struct Input: Content {
        var territory: String
        var product: String
        var lot_numbers: String?
        var date_from: String?
        var date_to: String?
        var reason: String?
        var instructions: String?
        var source: String?
    }
    struct Notice: Content {
        var organization_id: UUID
        var role: String
        var kg: Double
        var acknowledged_at: String?
    }
    struct DTO: Content {
        var id: UUID
        var product: String
        var lot_numbers: String
        var date_from: String
        var date_to: String
        var reason: String
        var instructions: String
        var created_at: String?
        var notices: [Notice]
    }
    func dto(_ notices: [RecallNotice]) throws -> DTO {
        DTO(
            id: try requireID(), product: product, lot_numbers: lotNumbers, date_from: dateFrom, date_to: dateTo, reason: reason, instructions: instructions,
            created_at: createdAt?.ISO8601Format(),
            notices: notices.map { .init(organization_id: $0.$organization.id, role: $0.role, kg: $0.kg, acknowledged_at: $0.acknowledgedAt?.ISO8601Format()) })
    }
}

extension LotSeries {
    struct Input: Content {
        var organization_id: UUID?
        var product: String
        var category: String
        var kg: Double
        var temperature: String
        var date_kind: String
        var shelf_days: Int
        /// "25": Tuesday and Friday (1 = Monday … 7 = Sunday).
        var weekdays: String
        var pickup_start: String
        var pickup_end: String
        var starts_on: String?
        var until: String?
    }
    struct DTO: Content {
        var id: UUID
        var organization_id: UUID
        var product: String
        var category: String
        var kg: Double
        var temperature: String
        var date_kind: String
        var shelf_days: Int
        var weekdays: String
        var pickup_start: Int
        var pickup_end: Int
        var starts_on: String
        var until: String?
        var active: Bool
    }
    func dto() throws -> DTO {
        DTO(
            id: try requireID(), organization_id: $organization.id, product: product, category: category.rawValue, kg: kg, temperature: temperature.rawValue,
            date_kind: dateKind.rawValue, shelf_days: shelfDays, weekdays: weekdays, pickup_start: pickupStart, pickup_end: pickupEnd, starts_on: startsOn,
            until: until, active: active)
    }
}

/// `/api/v1/lots`, `/api/v1/needs`, `/api/v1/dispatches`, `/api/v1/recalls`, `/api/v1/series`: the contract of issue 15.
enum SurplusAPIController {
    @Sendable static func deliveries(req: Request) async throws -> [Delivery.DTO] {
        let d = try req.record(DispatchScope.self)
        return try await Delivery.query(on: req.db).filter(\.$dispatch.$id == d.requireID()).all().map { try $0.dto() }
    }

    @Sendable static func recalls(req: Request) async throws -> [Recall.DTO] {
        let viewer = try req.requireViewer()
        let (_, territoryID) = try await Territory.require(code: req.query[String.self, at: "territory"] ?? "", on: req.db)
        guard Permissions.animates(territoryID, viewer) else { throw Abort(.forbidden, reason: "Réservé à l'animation du territoire.") }
        let recalls = try await Recall.query(on: req.db).filter(\.$territory.$id == territoryID).sort(\.$createdAt, .descending).range(..<200).all()
        let notices = Dictionary(
            grouping: try await RecallNotice.query(on: req.db).filter(\.$recall.$id ~~ recalls.compactMap(\.id)).all(), by: \.$recall.id)
        return try recalls.map { try $0.dto(notices[try $0.requireID()] ?? []) }
    }

    @Sendable static func createRecall(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let input = try req.jsonBody(Recall.Input.self)
        guard let territory = try await Territory.find(code: input.territory, on: req.db) else {
            throw ValidationFailure(fields: ["territory": "Territoire inconnu : le code d'un département est attendu (par exemple 11)."])
        }
        guard Permissions.animates(territory.id, viewer) else {
            throw Abort(.forbidden, reason: "Seuls les animateur·rices du territoire saisissent un rappel.")
        }
        let form = FormState<RecallService.Field>(values: [
            .product: input.product, .lot_numbers: input.lot_numbers ?? "", .date_from: input.date_from ?? "", .date_to: input.date_to ?? "",
            .reason: input.reason ?? "", .instructions: input.instructions ?? "", .source: input.source ?? "",
        ])
        let criteria = try RecallService.validate(form).get()
        let recall = try await RecallService.create(
            form, criteria: criteria, territory: territory, by: viewer, now: req.clock.now, base: req.publicBaseURL, on: req.db)
        let response = Response(status: .created)
        try response.content.encode(try recall.dto(try await RecallNotice.query(on: req.db).filter(\.$recall.$id == recall.requireID()).all()), as: .json)
        response.headers.replaceOrAdd(name: .location, value: SurplusURL.recall(try recall.requireID()))
        return response
    }

    @Sendable static func series(req: Request) async throws -> [LotSeries.DTO] {
        let viewer = try req.requireViewer()
        return try await LotSeries.query(on: req.db).filter(\.$organization.$id ~~ Array(viewer.memberships.keys)).sort(\.$createdAt).all().map { try $0.dto() }
    }

    @Sendable static func createSeries(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let input = try req.jsonBody(LotSeries.Input.self)
        let org = try await SurplusService.structure(of: viewer, chosen: input.organization_id, on: req.db)
        var values: [SeriesService.Field: String] = [
            .product: input.product, .category: input.category, .kg: input.kg.isFinite ? String(input.kg) : "", .temperature: input.temperature,
            .date_kind: input.date_kind, .shelf_days: String(input.shelf_days), .de: input.pickup_start, .a: input.pickup_end,
            .debut: input.starts_on ?? "", .fin: input.until ?? "",
        ]
        let days: [SeriesService.Field] = [.jour1, .jour2, .jour3, .jour4, .jour5, .jour6, .jour7]
        for c in input.weekdays.prefix(7) { if let d = c.wholeNumberValue, (1...7).contains(d) { values[days[d - 1]] = "1" } }
        let fastest = try await SurplusService.fastestRedistribution(near: try org.requireID(), on: req.db)
        // The form's field names, read back as the API's.
        let names: [SeriesService.Field: String] = [.jour1: "weekdays", .de: "pickup_start", .a: "pickup_end", .debut: "starts_on", .fin: "until"]
        let valid: SeriesService.Valid
        switch SeriesService.validate(FormState(values: values), now: req.clock.now, fastestHours: fastest) {
        case .success(let v): valid = v
        case .failure(let f): throw ValidationFailure(f, named: names)
        }
        let s = try await SeriesService.create(valid, for: org, by: viewer, note: "", now: req.clock.now, on: req.db)
        let response = Response(status: .created)
        try response.content.encode(try s.dto(), as: .json)
        response.headers.replaceOrAdd(name: .location, value: SurplusURL.series(try s.requireID()))
        return response
    }

    /// One lot (the contract's object), or a list of up to 500 (a shop's or a food bank's system sending its day at
    /// once): all are checked first, then written in one transaction — every one or none, with each refusal named
    /// by its place in the list ("3.kg").
    @Sendable static func createLot(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let (inputs, batch) = try batchBody(req, Lot.Input.self)
        var valid: [(DonationRules.ValidLot, Organization)] = []
        var errors: [String: String] = [:]
        var orgs: [UUID?: Organization] = [:]
        var fastest: [UUID: Int?] = [:]
        for (i, input) in inputs.enumerated() {
            let prefix = batch ? "\(i)." : ""
            let org: Organization
            if let known = orgs[input.organization_id] {
                org = known
            } else {
                org = try await SurplusService.structure(of: viewer, chosen: input.organization_id, on: req.db)
                orgs[input.organization_id] = org
            }
            let orgID = try org.requireID()
            if fastest[orgID] == nil { fastest[orgID] = try await SurplusService.fastestRedistribution(near: orgID, on: req.db) }
            let draft = DonationRules.LotDraft(
                category: input.category, product: input.product ?? "", kg: input.kg.isFinite ? String(input.kg) : "", temperature: input.temperature,
                dateKind: input.date_kind, date: input.date, lotNumber: input.lot_number ?? "", frozenOn: input.frozen_on ?? "",
                pickupFrom: input.pickup_from, pickupTo: input.pickup_to)
            switch DonationRules.validate(draft, now: req.clock.now, fastestHours: fastest[orgID] ?? nil) {
            case .success(let v): valid.append((v, org))
            case .failure(let f): errors.merge(f.named(prefix: prefix)) { a, _ in a }
            }
        }
        guard errors.isEmpty else { throw ValidationFailure(fields: errors) }
        let lots = try await SurplusService.declare(valid, by: viewer, now: req.clock.now, on: req.db)
        if batch { return try created(try lots.map { try $0.dto() }, at: SurplusURL.board.path) }
        guard let lot = lots.first else { throw ValidationFailure(fields: ["lots": "La liste est vide."]) }
        return try created(lot.dto(), at: SurplusURL.lot(try lot.requireID()))
    }

    /// The body as one object or as a list of at most 500; `batch` says which.
    static func batchBody<T: Decodable>(_ req: Request, _ type: T.Type) throws -> ([T], batch: Bool) {
        if req.body.string?.drop(while: \.isWhitespace).first == "[" {
            let list = try req.jsonBody([T].self)
            guard (1...500).contains(list.count) else { throw ValidationFailure(fields: ["lots": "Entre 1 et 500 éléments par envoi."]) }
            return (list, true)
        }
        return ([try req.jsonBody(T.self)], false)
    }

    @Sendable static func lots(req: Request) async throws -> [Lot.DTO] {
        let viewer = try req.requireViewer()
        let (_, territoryID) = try await Territory.require(code: req.query[String.self, at: "territory"] ?? "", on: req.db)
        let orgs = try await OrganizationTerritory.query(on: req.db).filter(\.$territory.$id == territoryID).all().map { $0.$organization.id }
        // Offered lots to anyone of a validated structure; the structure's own and the animators see every status.
        let animator = Permissions.animates(territoryID, viewer)
        let rows = try await Lot.query(on: req.db).filter(\.$organization.$id ~~ orgs).sort(\.$pickupFrom).range(..<1_000).all()
        return try rows.filter { animator || viewer.memberships[$0.$organization.id] != nil || ($0.status == .offered && viewer.belongsToValidatedStructure) }
            .map { try $0.dto() }
    }

    @Sendable static func lot(req: Request) async throws -> Lot.DTO {
        try req.record(LotScope.self).dto()
    }

    @Sendable static func events(req: Request) async throws -> [LotEvent.DTO] {
        let lot = try req.record(LotScope.self)
        return try await LotEvent.query(on: req.db).filter(\.$lot.$id == lot.requireID()).sort(\.$at).all().map { $0.dto() }
    }

    /// One need, or a list of up to 500 written all or none (like lots).
    @Sendable static func createNeed(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let (inputs, batch) = try batchBody(req, Need.Input.self)
        var valid: [(DonationRules.ValidNeed, Organization)] = []
        var errors: [String: String] = [:]
        var orgs: [UUID?: Organization] = [:]
        for (i, input) in inputs.enumerated() {
            let org: Organization
            if let known = orgs[input.organization_id] {
                org = known
            } else {
                org = try await SurplusService.structure(of: viewer, chosen: input.organization_id, on: req.db)
                orgs[input.organization_id] = org
            }
            let draft = DonationRules.NeedDraft(
                category: input.category, kg: input.kg.isFinite ? String(input.kg) : "", deliveryFrom: input.delivery_from, deliveryTo: input.delivery_to,
                peopleServed: String(input.people_served))
            switch DonationRules.validate(draft, now: req.clock.now) {
            case .success(let v): valid.append((v, org))
            case .failure(let f): errors.merge(f.named(prefix: batch ? "\(i)." : "")) { a, _ in a }
            }
        }
        guard errors.isEmpty else { throw ValidationFailure(fields: errors) }
        let needs = try await SurplusService.express(valid, by: viewer, on: req.db)
        if batch { return try created(try needs.map { try $0.dto() }, at: SurplusURL.board.path) }
        guard let need = needs.first else { throw ValidationFailure(fields: ["needs": "La liste est vide."]) }
        return try created(need.dto(), at: SurplusURL.board.path)
    }

    @Sendable static func needs(req: Request) async throws -> [Need.DTO] {
        let viewer = try req.requireViewer()
        let (_, territoryID) = try await Territory.require(code: req.query[String.self, at: "territory"] ?? "", on: req.db)
        let orgs = try await OrganizationTerritory.query(on: req.db).filter(\.$territory.$id == territoryID).all().map { $0.$organization.id }
        let animator = Permissions.animates(territoryID, viewer)
        return try await Need.query(on: req.db).filter(\.$organization.$id ~~ orgs).filter(\.$hub.$id == nil).sort(\.$deliveryFrom).range(..<1_000).all()
            .filter { animator || viewer.memberships[$0.$organization.id] != nil }.map { try $0.dto() }
    }

    @Sendable static func createDispatch(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let input = try req.jsonBody(Dispatch.Input.self)
        var errors: [String: String] = [:]
        let territory = try await Territory.find(code: input.territory, on: req.db)
        if territory == nil { errors["territory"] = "Territoire inconnu : le code d'un département est attendu (par exemple 11)." }
        let day = Day.parse(input.day)
        if day == nil { errors["day"] = "Jour attendu au format 2026-12-04." }
        let seconds = input.seconds ?? 5
        if !(seconds.isFinite && seconds >= 0.5 && seconds <= 120) { errors["seconds"] = "Entre 0,5 et 120 secondes de calcul." }
        if let day, day < Day.of(req.clock.now) { errors["day"] = "Ce jour est passé : choisissez aujourd'hui ou un jour à venir." }
        guard errors.isEmpty, let territory, let day else { throw ValidationFailure(fields: errors) }
        guard Permissions.animates(territory.id, viewer) else {
            throw Abort(.forbidden, reason: "Seuls les animateur·rices de ce territoire lancent ses répartitions.")
        }
        let d = try await DispatchService.queue(
            territory: territory, day: day, seconds: seconds,
            selection: DispatchSelection(lot_ids: input.lot_ids, need_ids: input.need_ids, vehicle_ids: input.vehicle_ids, hub_ids: input.hub_ids),
            by: viewer, on: req.db)
        let response = Response(status: .accepted)
        try response.content.encode(try d.dto(territory: territory.code), as: .json)
        response.headers.replaceOrAdd(name: .location, value: SurplusURL.apiDispatch(try d.requireID()))
        return response
    }

    @Sendable static func dispatch(req: Request) async throws -> Dispatch.DTO {
        let d = try req.record(DispatchScope.self)
        return try d.dto(territory: try await d.$territory.get(on: req.db).code)
    }

    @Sendable static func accept(req: Request) async throws -> Dispatch.DTO {
        let viewer = try req.requireViewer()
        let d = try req.record(DispatchScope.self)
        let accepted = try await DispatchService.accept(d, by: viewer, now: req.clock.now, on: req.db)
        return try accepted.dto(territory: try await d.$territory.get(on: req.db).code)
    }

    private static func created(_ body: some Content, at location: String) throws -> Response {
        let response = Response(status: .created)
        try response.content.encode(body, as: .json)
        response.headers.replaceOrAdd(name: .location, value: location)
        return response
    }
}
