import Fluent
import Foundation
import SQLKit
import Vapor

/// Resources: who may list, edit and answer for them, and who may ask.
enum ResourceService {
    static func find(_ id: UUID, on db: any Database) async throws -> SharedResource {
        guard let r = try await SharedResource.query(on: db).filter(\.$id == id).with(\.$organization).first() else {
            throw Abort(.notFound, reason: "Cette ressource n'existe pas (ou plus).")
        }
        return r
    }

    /// Members of the owner structure answer requests and edit the resource.
    static func isOwner(_ r: SharedResource, _ viewer: Viewer?) -> Bool {
        guard let viewer else { return false }
        return viewer.isAdmin || viewer.memberships[r.$organization.id] != nil
    }

    static func requireOwner(_ r: SharedResource, _ viewer: Viewer) throws {
        guard isOwner(r, viewer) else {
            throw Abort(.forbidden, reason: "Seuls les membres de la structure qui prête « \(r.name) » répondent aux demandes.")
        }
    }

    static func territories(of organizationID: UUID, on db: any Database) async throws -> Set<UUID> {
        try await DirectoryFace.territories(of: organizationID, on: db)
    }

    /// The owner structure and the territory's animators see who booked and why.
    static func seesDetails(_ r: SharedResource, _ viewer: Viewer?, on db: any Database) async throws -> Bool {
        guard let viewer else { return false }
        if isOwner(r, viewer) { return true }
        return !(try await territories(of: r.$organization.id, on: db)).isDisjoint(with: viewer.animatedTerritoryIDs)
    }

    /// The validated structures the person belongs to, by name.
    static func validatedOrganizations(of viewer: Viewer, on db: any Database) async throws -> [(UUID, String)] {
        try await DirectoryFace.validatedOrganizations(of: viewer, on: db)
    }

    /// The structure a request is made for: one the person belongs to, validated, in the resource's territory,
    /// and not the owner (its members book their own resource directly, not through a request).
    static func requester(for r: SharedResource, viewer: Viewer, chosen: UUID?, on db: any Database) async throws -> UUID {
        let candidates = chosen.map { [$0] } ?? Array(viewer.memberships.keys).sorted { $0.uuidString < $1.uuidString }
        let territories = try await territories(of: r.$organization.id, on: db)
        var reason = "Pour demander une ressource, il faut être membre d'une structure validée du même territoire."
        for id in candidates {
            guard viewer.memberships[id] != nil else {
                reason = "Vous n'êtes pas membre de cette structure."
                continue
            }
            if id == r.$organization.id {
                reason = "C'est une ressource de votre structure : réservez-la depuis sa page, sans demande."
                continue
            }
            guard let org = try await Organization.find(id, on: db), org.statusValue == .validated else { continue }
            if !(try await Self.territories(of: id, on: db)).isDisjoint(with: territories) { return id }
        }
        throw Abort(.forbidden, reason: reason)
    }

    /// Checks the fields of a resource and writes them on `r`; a French message per wrong field otherwise.
    static func apply(_ input: ResourceInput, to r: SharedResource) throws {
        var errors: [ResourceInput.Field: String] = [:]
        let kind = ResourceKind(rawValue: input.kind)
        if kind == nil { errors[.kind] = "Choisissez le type de ressource." }
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.count < 3 || name.count > 120 { errors[.name] = "Un nom de 3 à 120 caractères, par exemple « Camion frigorifique 12 m³ »." }
        if !(input.capacity > 0) || !input.capacity.isFinite || input.capacity > 1_000_000 {
            errors[.capacity] = "Une capacité de plus de 0 (palettes, kg, places…)."
        }
        let unit = (input.unit ?? kind?.defaultUnit ?? "").trimmingCharacters(in: .whitespaces)
        if unit.isEmpty || unit.count > 30 { errors[.unit] = "L'unité de la capacité, par exemple palettes ou kg." }
        let buffer = input.buffer_minutes ?? 0
        if !(0...1440).contains(buffer) { errors[.buffer_minutes] = "Un temps entre deux réservations de 0 à 1 440 minutes (un jour)." }
        if (input.description ?? "").count > 2000 { errors[.description] = "2 000 caractères au plus." }
        let days = String(Set((input.open_days ?? "1234567").compactMap(\.wholeNumberValue)).filter { (1...7).contains($0) }.sorted().map(String.init).joined())
        if days.isEmpty { errors[.open_days] = "Cochez au moins un jour où l'on peut prendre et rendre la ressource." }
        let opens = input.opens_at ?? 0, closes = input.closes_at ?? 1440
        if !(0...1439).contains(opens) || !(1...1440).contains(closes) || closes <= opens {
            errors[.closes_at] = "L'heure de fermeture vient après celle d'ouverture (de 0 h à minuit)."
        }
        if let quota = input.quota_hours, !(1...744).contains(quota) {
            errors[.quota_hours] = "Un quota de 1 à 744 heures par mois, ou rien pour ne pas en fixer."
        }
        if let delay = input.checkin_minutes, !(5...1440).contains(delay) {
            errors[.checkin_minutes] = "Un délai de 5 à 1 440 minutes, ou rien pour ne jamais libérer une réservation."
        }
        guard errors.isEmpty, let kind else { throw Refusal(errors) }
        if r.id != nil, r.kind != kind.rawValue {
            throw Refusal(ResourceInput.Field.kind, "Le type d'une ressource ne change pas : partagez-en une nouvelle.")
        }
        r.$organization.id = input.organization_id
        (r.kind, r.name, r.summary, r.capacity, r.unit) = (
            kind.rawValue, name, (input.description ?? "").trimmingCharacters(in: .whitespacesAndNewlines), input.capacity, unit
        )
        r.refrigerated = input.refrigerated ?? [.coldRoom, .freezer].contains(kind)
        (r.bufferMinutes, r.needsApproval, r.pendingHolds) = (buffer, input.needs_approval ?? true, input.pending_holds ?? false)
        (r.openDays, r.opensAt, r.closesAt, r.quotaHours, r.checkinMinutes) = (days, opens, closes, input.quota_hours, input.checkin_minutes)
    }

    static func create(_ input: ResourceInput, by viewer: Viewer, on db: any Database) async throws -> SharedResource {
        guard viewer.memberships[input.organization_id] != nil || viewer.isAdmin else {
            throw Abort(.forbidden, reason: "Seuls les membres d'une structure partagent ses ressources.")
        }
        guard let org = try await Organization.find(input.organization_id, on: db), org.statusValue == .validated else {
            throw Refusal(ResourceInput.Field.organization_id, "Structure inconnue ou pas encore validée.")
        }
        let r = SharedResource()
        try apply(input, to: r)
        r.calendarToken = SecretToken.generate()
        try await db.audited(SharingModule.resourceCreated, about: .structure(input.organization_id), by: viewer, summary: "« \(r.name) » partagée") { tx in
            try await r.create(on: tx)
        }
        return r
    }

    /// The owner changes the resource. A smaller capacity must still hold what is booked from now on (the ledger's
    /// CHECK says so); requests that held their place stop holding it when the owner no longer wants that.
    static func update(_ r: SharedResource, with input: ResourceInput, by viewer: Viewer, now: Date, on db: any Database) async throws {
        try requireOwner(r, viewer)
        var input = input
        input.organization_id = r.$organization.id
        let heldBefore = r.pendingHolds
        try apply(input, to: r)
        let rid = try r.requireID()
        do {
            try await db.audited(SharingModule.resourceUpdated, about: .structure(r.$organization.id), by: viewer, summary: "« \(r.name) » modifiée") { tx in
                try await r.save(on: tx)
                if let sql = tx as? any SQLDatabase, !r.kindValue.isExclusive {
                    try await sql.raw(
                        "UPDATE resource_load SET capacity = \(bind: r.capacity) WHERE resource_id = \(bind: rid) AND slot_start >= \(bind: now.addingTimeInterval(-3_600))"
                    ).run()
                }
                if heldBefore, !r.pendingHolds {
                    for b in try await Booking.query(on: tx).filter(\.$resource.$id == rid).filter(\.$status == BookingStatus.pending.rawValue)
                        .filter(\.$holds == true).all()
                    {
                        try await BookingService.unhold(b, of: r, on: tx)
                    }
                }
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw BookingService.Conflict(
                reason: "Des réservations à venir occupent plus que \(Format.number(r.capacity)) \(r.unit) : annulez-en ou réduisez la capacité après elles.")
        }
    }
}

/// Finding resources: by kind and territory, the nearest first when a point is given.
enum ResourceSearch {
    struct Hit: Sendable {
        var resource: SharedResource
        var organization: Organization
        var distanceKm: Double?
    }

    static func find(kind: ResourceKind?, territory: String?, near: GeoPoint? = nil, on db: any Database) async throws -> [Hit] {
        var query = SharedResource.query(on: db).with(\.$organization)
        if let kind { query = query.filter(\.$kind == kind.rawValue) }
        var resources = try await query.sort(\.$name).all()
        if let territory, let t = try await Territory.find(code: territory, on: db), let tid = t.id {
            let orgs = Set(try await OrganizationTerritory.query(on: db).filter(\.$territory.$id == tid).all().map { $0.$organization.id })
            resources = resources.filter { orgs.contains($0.$organization.id) }
        }
        let hits = resources.filter { $0.organization.statusValue == .validated }.map { r in
            Hit(resource: r, organization: r.organization, distanceKm: near.map { r.organization.point.distanceKm(to: $0) })
        }
        guard near != nil else { return hits }
        return hits.sorted { ($0.distanceKm ?? 0) < ($1.distanceKm ?? 0) }
    }
}

/// Who hears of a request and of its answer.
enum ResourceNotices {
    static func members(of organizationID: UUID, on db: any Database) async throws -> [UUID] {
        try await AccountsFace.members(of: organizationID, on: db)
    }

    static func requested(_ b: Booking, _ r: SharedResource, _ req: Request) async throws {
        let asker = try await Organization.find(b.$organization.id, on: req.db)?.name ?? "Une structure"
        let accepted = b.statusValue == .accepted
        try await Notifier.notify(
            try await members(of: r.$organization.id, on: req.db), SharingModule.bookingToAnswer,
            title: accepted ? "\(asker) a réservé « \(r.name) »" : "\(asker) demande « \(r.name) »",
            body: "\(BookingService.period(b.start, b.end))\(b.purpose.isEmpty ? "" : " — \(b.purpose)")",
            link: SharingURL.resource(try r.requireID()), now: req.clock.now, base: req.publicBaseURL, on: req.db)
    }

    static func decided(_ b: Booking, _ r: SharedResource, _ req: Request) async throws {
        try await decided(b, r, now: req.clock.now, base: req.publicBaseURL, on: req.db)
    }

    /// The borrowing structure hears of the answer, cancellation or release; for a release, the owner too.
    static func decided(_ b: Booking, _ r: SharedResource, now: Date, base: String, on db: any Database, ownerToo: Bool = false) async throws {
        var people = try await members(of: b.$organization.id, on: db)
        if ownerToo { people += try await members(of: r.$organization.id, on: db) }
        try await Notifier.notify(
            people, SharingModule.bookingDecision,
            title: "« \(r.name) » : réservation \(b.statusValue.label.lowercased())",
            body: BookingService.period(b.start, b.end) + (b.reason.isEmpty ? "" : " — \(b.reason)"),
            link: SharingURL.resource(try r.requireID()), now: now, base: base, on: db)
    }
}
