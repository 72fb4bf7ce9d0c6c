import Fluent
import Foundation
import Vapor

struct ResourceDTO: Content {
    var id: UUID
    var kind: String
    var kind_label: String
    var name: String
    var description: String
    var organization_id: UUID
    var capacity: Double
    var unit: String
    var refrigerated: Bool
    var buffer_minutes: Int
    var needs_approval: Bool
    var open_days: String
    var opens_at: Int
    var closes_at: Int
    var quota_hours: Int?
    var pending_holds: Bool
    var checkin_minutes: Int?

    init(_ r: SharedResource) throws {
        id = try r.requireID()
        kind = r.kind; kind_label = r.kindValue.label; name = r.name; description = r.summary
        organization_id = r.$organization.id; capacity = r.capacity; unit = r.unit; refrigerated = r.refrigerated
        buffer_minutes = r.bufferMinutes; needs_approval = r.needsApproval
        open_days = r.openDays; opens_at = r.opensAt; closes_at = r.closesAt; quota_hours = r.quotaHours; pending_holds = r.pendingHolds
        checkin_minutes = r.checkinMinutes
    }
}

struct ResourceInput: Content {
    /// The fields the rules of a resource refuse, by their API names.
    enum Field: String, FormKey {
        case organization_id, kind, name, description, capacity, unit, buffer_minutes, open_days, closes_at, quota_hours, checkin_minutes
    }

    var organization_id: UUID
    var kind: String
    var name: String
    var description: String?
    var capacity: Double
    var unit: String?
    var refrigerated: Bool?
    var buffer_minutes: Int?
    var needs_approval: Bool?
    /// "12345" for Monday to Friday; every day when absent.
    var open_days: String?
    /// Minutes since midnight; 0 and 1440 when absent.
    var opens_at: Int?
    var closes_at: Int?
    var quota_hours: Int?
    var pending_holds: Bool?
    var checkin_minutes: Int?
}

/// A booking as the API shows it: who asked and why only to the two structures and the territory's animators.
struct BookingDTO: Content {
    var id: UUID
    var resource_id: UUID
    var start: String
    var end: String
    var quantity: Double
    var status: String
    var organization_id: UUID?
    var purpose: String?
    var reason: String?
}

struct BookingInput: Content {
    var start: String
    var end: String
    var quantity: Double?
    var purpose: String?
    /// The asking structure, when the person belongs to several.
    var organization_id: UUID?
}

/// `/api/v1/resources` and `/api/v1/bookings`: the contract of issue 14.
enum SharingAPIController {
    @Sendable static func list(req: Request) async throws -> [ResourceDTO] {
        let kind = req.query[String.self, at: "kind"] ?? ""
        let territory = req.query[String.self, at: "territory"] ?? ""
        var errors: [String: String] = [:]
        if !kind.isEmpty, ResourceKind(rawValue: kind) == nil {
            errors["kind"] = "Type inconnu : " + ResourceKind.allCases.map(\.rawValue).joined(separator: ", ") + "."
        }
        if !territory.isEmpty, try await Territory.find(code: territory, on: req.db) == nil { errors["territory"] = "Territoire inconnu : \(territory)." }
        guard errors.isEmpty else { throw ValidationFailure(fields: errors) }
        return try await ResourceSearch.find(kind: ResourceKind(rawValue: kind), territory: territory.isEmpty ? nil : territory, on: req.db)
            .map { try ResourceDTO($0.resource) }
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let input = try req.jsonBody(ResourceInput.self)
        let resource = try await ResourceService.create(input, by: viewer, on: req.db)
        let response = Response(status: .created)
        try response.content.encode(ResourceDTO(resource), as: .json)
        response.headers.replaceOrAdd(name: .location, value: SharingURL.resource(try resource.requireID()))
        return response
    }

    @Sendable static func bookings(req: Request) async throws -> [BookingDTO] {
        let viewer = try req.requireViewer()
        let resource = try await ResourceService.find(try SharingURL.apiBookings.value(of: req), on: req.db)
        let insider = try await ResourceService.seesDetails(resource, viewer, on: req.db)
        return try await Booking.query(on: req.db).filter(\.$resource.$id == resource.requireID()).sort(\.$start).range(..<1000).all().compactMap { b in
            // Outsiders see when it is taken, not by whom nor what was refused.
            guard insider || b.statusValue == .accepted else { return nil }
            return try dto(b, details: insider || b.$organization.id == viewerOrg(viewer, b))
        }
    }

    @Sendable static func book(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let resource = try await ResourceService.find(try SharingURL.apiBookings.value(of: req), on: req.db)
        let input = try req.jsonBody(BookingInput.self)
        var errors: [String: String] = [:]
        let start = ISODate.parse(input.start), end = ISODate.parse(input.end)
        if start == nil { errors["start"] = "Date et heure ISO 8601 attendues, par exemple 2026-12-03T09:00:00+01:00." }
        if end == nil { errors["end"] = "Date et heure ISO 8601 attendues, par exemple 2026-12-03T12:00:00+01:00." }
        guard let start, let end, errors.isEmpty else { throw ValidationFailure(fields: errors) }
        let org = try await ResourceService.requester(for: resource, viewer: viewer, chosen: input.organization_id, on: req.db)
        let booking = try await BookingService.request(
            resource, for: org, by: viewer,
            .init(start: start, end: end, quantity: input.quantity ?? 1, purpose: input.purpose ?? ""), now: req.clock.now, on: req.db)
        try await ResourceNotices.requested(booking, resource, req)
        let response = Response(status: .created)
        try response.content.encode(try dto(booking, details: true), as: .json)
        return response
    }

    @Sendable static func accept(req: Request) async throws -> BookingDTO {
        let viewer = try req.requireViewer()
        let (booking, resource) = try req.record(BookingAnswerScope.self).pair
        let accepted = try await BookingService.accept(booking, of: resource, by: viewer, now: req.clock.now, on: req.db)
        try await ResourceNotices.decided(accepted, resource, req)
        return try dto(accepted, details: true)
    }

    static func dto(_ b: Booking, details: Bool) throws -> BookingDTO {
        BookingDTO(
            id: try b.requireID(), resource_id: b.$resource.id, start: b.start.ISO8601Format(), end: b.end.ISO8601Format(), quantity: b.quantity,
            status: b.status, organization_id: details ? b.$organization.id : nil, purpose: details ? b.purpose : nil,
            reason: details && !b.reason.isEmpty ? b.reason : nil)
    }

    private static func viewerOrg(_ viewer: Viewer, _ b: Booking) -> UUID? {
        viewer.memberships[b.$organization.id] != nil ? b.$organization.id : nil
    }
}
