import Fluent
import Foundation
import Vapor

/// The records that decide who may act on Sharing's routes (issue 21): the route table names them, `RecordGuard`
/// loads them once and answers 404 / 403 before any handler runs.

/// A shared resource: the lending structure's members change it, plan its closures and its breakdowns.
enum ResourceScope: RecordScope {
    static let notFound = "Cette ressource n'existe pas (ou plus)."
    static func forbidden(_ r: SharedResource) -> String { "Seuls les membres de la structure qui prête « \(r.name) » la modifient." }

    static func load(_ req: Request) async throws -> SharedResource? {
        guard let id = id(req) else { return nil }
        return try await SharedResource.query(on: req.db).filter(\.$id == id).with(\.$organization).first()
    }

    static func parties(of r: SharedResource, on db: any Database) async throws -> RecordParties { RecordParties(owners: [r.$organization.id]) }
}

/// A booking with its resource, as the booking routes need both.
struct BookedResource: Sendable {
    let booking: Booking
    let resource: SharedResource
    var pair: (Booking, SharedResource) { (booking, resource) }

    static func load(_ req: Request) async throws -> BookedResource? {
        guard let id = ResourceScope.id(req), let booking = try await Booking.find(id, on: req.db),
            let resource = try await SharedResource.query(on: req.db).filter(\.$id == booking.$resource.id).with(\.$organization).first()
        else { return nil }
        return BookedResource(booking: booking, resource: resource)
    }
}

/// A booking, for both structures: the borrower and the lender cancel it and note the pick-up.
enum BookingScope: RecordScope {
    static let notFound = "Cette réservation n'existe pas."
    static func forbidden(_ b: BookedResource) -> String { "Seules les deux structures concernées agissent sur une réservation." }
    static func load(_ req: Request) async throws -> BookedResource? { try await BookedResource.load(req) }

    static func parties(of b: BookedResource, on db: any Database) async throws -> RecordParties {
        RecordParties(owners: [b.resource.$organization.id], parties: [b.booking.$organization.id])
    }
}

/// A booking, for the lender alone: its members accept or refuse the request.
enum BookingAnswerScope: RecordScope {
    static let notFound = BookingScope.notFound
    static func forbidden(_ b: BookedResource) -> String {
        "Seuls les membres de la structure qui prête « \(b.resource.name) » répondent aux demandes."
    }
    static func load(_ req: Request) async throws -> BookedResource? { try await BookedResource.load(req) }

    static func parties(of b: BookedResource, on db: any Database) async throws -> RecordParties {
        RecordParties(owners: [b.resource.$organization.id])
    }
}

/// A planned closure of a resource: the lender removes it.
enum ClosureScope: RecordScope {
    struct Closed: Sendable {
        let closure: ResourceClosure
        let resource: SharedResource
        var pair: (ResourceClosure, SharedResource) { (closure, resource) }
    }

    static let notFound = "Cette fermeture n'existe plus."
    static func forbidden(_ c: Closed) -> String { ResourceScope.forbidden(c.resource) }

    static func load(_ req: Request) async throws -> Closed? {
        guard let id = id(req), let closure = try await ResourceClosure.find(id, on: req.db),
            let resource = try await SharedResource.query(on: req.db).filter(\.$id == closure.$resource.id).with(\.$organization).first()
        else { return nil }
        return Closed(closure: closure, resource: resource)
    }

    static func parties(of c: Closed, on db: any Database) async throws -> RecordParties { RecordParties(owners: [c.resource.$organization.id]) }
}
