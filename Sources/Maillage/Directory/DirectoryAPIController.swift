import Fluent
import Foundation
import Vapor

/// One search result (the API writes it with `JSONWriter`; this type documents the shape and decodes it in tests).
struct OrganizationSummaryDTO: Content {
    var id: UUID
    var name: String
    var category: String
    var category_label: String
    var commune: String
    var postal_code: String
    var departement: String
    var latitude: Double
    var longitude: Double
    var distance_km: Double?
    var url: String

    init(_ hit: DirectoryHit) {
        let e = hit.entry
        id = e.id; name = e.name; category = e.category.rawValue; category_label = e.category.label
        commune = e.commune; postal_code = e.postalCode; departement = e.departement
        latitude = e.point.latitude; longitude = e.point.longitude
        distance_km = hit.distanceKm.map { ($0 * 10).rounded() / 10 }
        url = DirectoryURL.organization(e.id)
    }
}

struct OrganizationPageDTO: Content {
    var items: [OrganizationSummaryDTO]
    var total: Int
    var page: Int
    var per: Int
}

struct TerritoryDTO: Content {
    var id: UUID
    var code: String
    var name: String
    var kind: String
}

struct OrganizationDTO: Content {
    struct CapacityDTO: Content { var temperature: String; var capacity_kg: Double; var note: String }
    struct ContactDTO: Content { var name: String; var role: String; var email: String?; var phone: String? }

    var id: UUID
    var name: String
    var category: String
    var category_label: String
    var status: String
    var description: String
    var services: String
    var address: String
    var postal_code: String
    var commune: String
    var insee_code: String?
    var latitude: Double
    var longitude: Double
    var siret: String?
    var email: String?
    var phone: String?
    var website: String?
    var opening_hours: String
    var territories: [TerritoryDTO]
    var capacities: [CapacityDTO]
    var contacts: [ContactDTO]
    var created_at: String?
    var updated_at: String?

    init(_ org: Organization, showContactDetails: Bool) throws {
        id = try org.requireID()
        name = org.name; category = org.category; category_label = org.categoryValue?.label ?? org.category
        status = org.status; description = org.summary; services = org.services; address = org.address
        postal_code = org.postalCode; commune = org.commune; insee_code = org.inseeCode
        latitude = org.latitude; longitude = org.longitude; siret = org.siret; email = org.email; phone = org.phone
        website = org.website; opening_hours = org.openingHours
        territories = (org.$territories.value ?? []).compactMap { t in t.id.map { TerritoryDTO(id: $0, code: t.code, name: t.name, kind: t.kind) } }
        capacities = (org.$capacities.value ?? []).map { CapacityDTO(temperature: $0.temperature, capacity_kg: $0.capacityKg, note: $0.note) }
        contacts = (org.$contacts.value ?? []).map {
            ContactDTO(name: $0.name, role: $0.role, email: showContactDetails ? $0.email : nil, phone: showContactDetails ? $0.phone : nil)
        }
        created_at = org.createdAt.map { $0.ISO8601Format() }; updated_at = org.updatedAt.map { $0.ISO8601Format() }
    }
}

/// `/api/v1`: the directory for scripts and other tools, authenticated by personal tokens for writes.
enum DirectoryAPIController {
    /// The search is the hot path: its JSON is written directly (same shape as `OrganizationPageDTO`).
    @Sendable static func list(req: Request) async throws -> Response {
        let params = try req.query.decode(DirectorySearchParams.self)
        let (query, _) = try DirectorySearch.parse(params, now: req.clock.now).get()
        let result = try await req.directoryIndex.current(on: req.db).search(query)
        var json = JSONWriter()
        json.beginObject()
        json.beginArray(key: "items")
        for hit in result.hits {
            let e = hit.entry
            json.beginObject()
            json.field("id", e.idString)
            json.field("name", e.name)
            json.field("category", e.category.rawValue)
            json.field("category_label", e.category.label)
            json.field("commune", e.commune)
            json.field("postal_code", e.postalCode)
            json.field("departement", e.departement)
            json.field("latitude", e.point.latitude)
            json.field("longitude", e.point.longitude)
            if let d = hit.distanceKm { json.field("distance_km", (d * 10).rounded() / 10) }
            json.field("url", e.url)
            json.endObject()
        }
        json.endArray()
        json.field("total", result.total)
        json.field("page", result.page)
        json.field("per", result.per)
        json.endObject()
        let response = Response(status: .ok, body: .init(string: json.text))
        response.headers.contentType = .json
        return response
    }

    @Sendable static func show(req: Request) async throws -> OrganizationDTO {
        let id = try requireID(req)
        let org = try await OrganizationService.find(id, on: req.db)
        guard Permissions.canSee(org.scope, status: org.statusValue, req.viewer) else {
            throw Abort(.notFound, reason: "Cette structure n'existe pas (ou plus).")
        }
        return try OrganizationDTO(org, showContactDetails: Permissions.canSeeContactDetails(of: org.scope, req.viewer))
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let input = try req.jsonBody(OrganizationInput.self)
        let valid = try OrganizationRules.validate(input).get()
        let org = try await OrganizationService.create(valid, by: viewer, on: req.db, index: req.directoryIndex, change: req.change)
        let created = try await OrganizationService.find(try org.requireID(), on: req.db)
        let response = Response(status: .created)
        try response.content.encode(OrganizationDTO(created, showContactDetails: true), as: .json)
        response.headers.replaceOrAdd(name: .location, value: DirectoryURL.apiOrganization(try org.requireID()))
        return response
    }

    @Sendable static func update(req: Request) async throws -> OrganizationDTO {
        let viewer = try req.requireViewer()
        let id = try requireID(req)
        let org = try await OrganizationService.find(id, on: req.db)
        guard Permissions.canSee(org.scope, status: org.statusValue, viewer) else { throw Abort(.notFound) }
        guard Permissions.canEdit(org.scope, viewer) else {
            throw Abort(.forbidden, reason: "Seuls les membres de cette structure et les animateurs de son territoire peuvent la modifier.")
        }
        let patch = try req.jsonBody(OrganizationInput.self)
        let valid = try OrganizationRules.validate(org.asInput.overlaid(with: patch), previousHours: org.openingHours).get()
        try await OrganizationService.update(org, with: valid, by: viewer, on: req.db, index: req.directoryIndex, change: req.change)
        return try OrganizationDTO(try await OrganizationService.find(id, on: req.db), showContactDetails: true)
    }

    @Sendable static func territories(req: Request) async throws -> [TerritoryDTO] {
        try await Territory.query(on: req.db).sort(\.$code).all().compactMap { t in
            t.id.map { TerritoryDTO(id: $0, code: t.code, name: t.name, kind: t.kind) }
        }
    }

    static func requireID(_ req: Request) throws -> UUID {
        guard let raw = req.parameters.get("id"), let id = UUID(uuidString: raw) else {
            throw Abort(.notFound, reason: "Identifiant de structure invalide.")
        }
        return id
    }
}
