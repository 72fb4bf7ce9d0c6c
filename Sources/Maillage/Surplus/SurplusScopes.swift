import Fluent
import Foundation
import Vapor

/// The records that decide who may act on the surplus exchange's routes (issue 21). The route table names them
/// (`routes.member(of: LotScope.self)`); `RecordGuard` loads the record once and answers 404 / 403 before any
/// handler runs. Where only some of a record's people may do a thing (the donor alone answers a defect), that rule
/// is a scope of its own over the same record.

/// A lot: its donor's members and the animators of the donor's territories manage it; the structures it went to
/// read it; while it is offered, so do the validated structures of its territories (to take it).
enum LotScope: RecordScope {
    static let notFound = "Ce lot n'existe pas (ou plus)."
    static func forbidden(_ lot: Lot) -> String { "Seule la structure qui donne (ou l'animation du territoire) gère ce lot." }

    static func load(_ req: Request) async throws -> Lot? {
        guard let id = id(req) else { return nil }
        return try await Lot.find(id, on: req.db)
    }

    static func parties(of lot: Lot, on db: any Database) async throws -> RecordParties {
        let recipients = try await Delivery.query(on: db).filter(\.$lot.$id == lot.requireID()).with(\.$need).all().map { $0.need.$organization.id }
        return RecordParties(
            owners: [lot.$organization.id], parties: Set(recipients), territories: try await DirectoryFace.territories(of: lot.$organization.id, on: db))
    }

    static func reads(_ lot: Lot, _ parties: RecordParties, _ viewer: Viewer, on db: any Database) async throws -> Bool {
        guard lot.status == .offered, viewer.belongsToValidatedStructure else { return false }
        for organization in viewer.memberships.keys where !(try await DirectoryFace.territories(of: organization, on: db)).isDisjoint(with: parties.territories)
        {
            return true
        }
        return false
    }
}

/// A lot, for its donor alone: its members answer a reported defect.
enum LotDonorScope: RecordScope {
    static let notFound = LotScope.notFound
    static func forbidden(_ lot: Lot) -> String { "Seule la structure qui a donné répond." }
    static func load(_ req: Request) async throws -> Lot? { try await LotScope.load(req) }
    static func parties(of lot: Lot, on db: any Database) async throws -> RecordParties { RecordParties(owners: [lot.$organization.id]) }
}

/// A lot, for the structures that received it (through a tour or an urgent offer): they report a defect.
enum LotReceiptScope: RecordScope {
    static let notFound = LotScope.notFound
    static func forbidden(_ lot: Lot) -> String { "Seules les structures qui ont reçu ce lot signalent un défaut." }
    static func load(_ req: Request) async throws -> Lot? { try await LotScope.load(req) }

    static func parties(of lot: Lot, on db: any Database) async throws -> RecordParties {
        let id = try lot.requireID()
        let delivered = try await Delivery.query(on: db).filter(\.$lot.$id == id).with(\.$need).all().map { $0.need.$organization.id }
        let urgent = try await UrgentOffer.query(on: db).filter(\.$lot.$id == id).filter(\.$status == .accepted).all().map { $0.$organization.id }
        return RecordParties(owners: Set(delivered + urgent))
    }
}

/// A need: the structure that expressed it closes it.
enum NeedScope: RecordScope {
    static let notFound = "Ce besoin n'existe pas (ou plus)."
    static func forbidden(_ need: Need) -> String { "Seule la structure qui l'a exprimé clôt un besoin." }

    static func load(_ req: Request) async throws -> Need? {
        guard let id = id(req) else { return nil }
        return try await Need.find(id, on: req.db)
    }

    static func parties(of need: Need, on db: any Database) async throws -> RecordParties { RecordParties(owners: [need.$organization.id]) }
}

/// A recurring pickup: the giving structure and its territories' animators manage it.
enum SeriesScope: RecordScope {
    static let notFound = "Cette ramasse n'existe pas."
    static func forbidden(_ s: LotSeries) -> String { "Seule la structure qui donne gère ses ramasses." }

    static func load(_ req: Request) async throws -> LotSeries? {
        guard let id = id(req) else { return nil }
        return try await LotSeries.find(id, on: req.db)
    }

    static func parties(of s: LotSeries, on db: any Database) async throws -> RecordParties {
        RecordParties(owners: [s.$organization.id], territories: try await DirectoryFace.territories(of: s.$organization.id, on: db))
    }
}

/// A dispatch: its territory's animators see and accept it (`animator(of:)`); the structures whose vans drive its
/// tours read what they carry (`party(to:)`).
enum DispatchScope: RecordScope {
    static let notFound = "Cette répartition n'existe pas."
    static func forbidden(_ d: Dispatch) -> String { "Seuls les animateur·rices de ce territoire voient et acceptent ses répartitions." }

    static func load(_ req: Request) async throws -> Dispatch? {
        guard let id = id(req) else { return nil }
        return try await Dispatch.find(id, on: req.db)
    }

    static func parties(of d: Dispatch, on db: any Database) async throws -> RecordParties {
        RecordParties(owners: [], parties: try await DispatchScope.vanOwners(of: d, on: db), territories: [d.$territory.id])
    }

    /// The structures whose vans drive the plan's tours (all tours, or one).
    static func vanOwners(of d: Dispatch, tour: Int? = nil, on db: any Database) async throws -> Set<UUID> {
        guard let plan = DispatchService.plan(of: d) else { return [] }
        let vans = plan.tours.enumerated().filter { tour == nil || $0.offset == tour }.map(\.element.vehicle_id)
        guard !vans.isEmpty else { return [] }
        return Set(try await SharedResource.query(on: db).filter(\.$id ~~ vans).all().map { $0.$organization.id })
    }
}

/// One tour of an accepted dispatch (`/dons/repartitions/:id/tournees/:tour`): its drivers are the members of the
/// van's structure; the territory's animators too.
enum TourScope: RecordScope {
    struct Tour: Sendable {
        let dispatch: Dispatch
        /// From 1, as the path and the printed sheet count.
        let number: Int
    }

    static let notFound = "Cette feuille de route n'existe pas : elles existent une fois le plan accepté."
    static func forbidden(_ t: Tour) -> String {
        "Cette feuille de route est pour les chauffeur·es de la structure du véhicule et l'animation du territoire."
    }

    static func load(_ req: Request) async throws -> Tour? {
        guard let id = id(req), let number = req.parameters.get("tour").flatMap(Int.init(pathComponent:)),
            let d = try await Dispatch.find(id, on: req.db), d.status == .accepted
        else { return nil }
        return Tour(dispatch: d, number: number)
    }

    static func parties(of t: Tour, on db: any Database) async throws -> RecordParties {
        RecordParties(owners: try await DispatchScope.vanOwners(of: t.dispatch, tour: t.number - 1, on: db), territories: [t.dispatch.$territory.id])
    }
}

/// One row of a tour: its drivers mark it (while the dispatch stands accepted).
enum DeliveryScope: RecordScope {
    static let notFound = "Cette livraison n'existe pas."
    static func forbidden(_ d: Delivery) -> String { "Seul·es les chauffeur·es de cette tournée et l'animation du territoire la notent." }

    static func load(_ req: Request) async throws -> Delivery? {
        guard let id = id(req) else { return nil }
        return try await Delivery.query(on: req.db).filter(\.$id == id).with(\.$lot).with(\.$need).with(\.$dispatch).first()
    }

    static func parties(of delivery: Delivery, on db: any Database) async throws -> RecordParties {
        let d = delivery.dispatch
        guard d.status == .accepted else { return RecordParties(owners: []) }
        guard let tour = delivery.tour else { return RecordParties(owners: [], territories: [d.$territory.id]) }
        return RecordParties(owners: try await DispatchScope.vanOwners(of: d, tour: tour, on: db), territories: [d.$territory.id])
    }
}

/// One row of a tour, for the structure it is delivered to: it refuses it ahead of the tour.
enum DeliveryRecipientScope: RecordScope {
    static let notFound = DeliveryScope.notFound
    static func forbidden(_ d: Delivery) -> String { "Seule la structure destinataire refuse une livraison." }
    static func load(_ req: Request) async throws -> Delivery? { try await DeliveryScope.load(req) }
    static func parties(of d: Delivery, on db: any Database) async throws -> RecordParties { RecordParties(owners: [d.need.$organization.id]) }
}

/// The hand-over slip of one donor in one accepted dispatch (`/dons/repartitions/:id/bordereaux/:donor`): for the
/// donor, the drivers of the dispatch and the territory's animators; hidden from everyone else.
enum SlipScope: RecordScope {
    struct Slip: Sendable {
        let dispatch: Dispatch
        let donor: UUID
    }

    static let notFound = "Ce bordereau n'existe pas."
    static func forbidden(_ s: Slip) -> String { notFound }

    static func load(_ req: Request) async throws -> Slip? {
        guard let dispatchID = id(req), let donor = id(req, "donor"), let d = try await Dispatch.find(dispatchID, on: req.db), d.status == .accepted else {
            return nil
        }
        return Slip(dispatch: d, donor: donor)
    }

    static func parties(of s: Slip, on db: any Database) async throws -> RecordParties {
        RecordParties(owners: [s.donor], parties: try await DispatchScope.vanOwners(of: s.dispatch, on: db), territories: [s.dispatch.$territory.id])
    }
}

/// An urgent offer: the structure it is made to answers it.
enum UrgentOfferScope: RecordScope {
    static let notFound = "Cette proposition n'existe pas."
    static func forbidden(_ o: UrgentOffer) -> String { "Cette proposition est faite à une autre structure." }

    static func load(_ req: Request) async throws -> UrgentOffer? {
        guard let id = id(req) else { return nil }
        return try await UrgentOffer.find(id, on: req.db)
    }

    static func parties(of o: UrgentOffer, on db: any Database) async throws -> RecordParties { RecordParties(owners: [o.$organization.id]) }
}

/// A field offered for gleaning: the farm adds its days.
enum GleaningFieldScope: RecordScope {
    static let notFound = "Ce champ n'existe pas."
    static func forbidden(_ f: GleaningField) -> String { "Seule l'exploitation qui propose le champ ajoute des journées." }

    static func load(_ req: Request) async throws -> GleaningField? {
        guard let id = id(req) else { return nil }
        return try await GleaningField.query(on: req.db).filter(\.$id == id).with(\.$organization).first()
    }

    static func parties(of f: GleaningField, on db: any Database) async throws -> RecordParties { RecordParties(owners: [f.$organization.id]) }
}

/// A gleaning day: the farm writes its report.
enum GleaningDayScope: RecordScope {
    static let notFound = "Cette journée n'existe pas."
    static func forbidden(_ d: GleaningDay) -> String { "Seule l'exploitation fait le bilan de la journée." }

    static func load(_ req: Request) async throws -> GleaningDay? {
        guard let id = id(req) else { return nil }
        return try await GleaningDay.query(on: req.db).filter(\.$id == id).with(\.$field) { $0.with(\.$organization) }.first()
    }

    static func parties(of d: GleaningDay, on db: any Database) async throws -> RecordParties { RecordParties(owners: [d.field.$organization.id]) }
}

/// A product recall: the animators of its territory and the structures it told read it; nobody else knows it.
enum RecallScope: RecordScope {
    static let notFound = "Ce rappel n'existe pas."
    static func forbidden(_ r: Recall) -> String { notFound }

    static func load(_ req: Request) async throws -> Recall? {
        guard let id = id(req) else { return nil }
        return try await Recall.find(id, on: req.db)
    }

    static func parties(of r: Recall, on db: any Database) async throws -> RecordParties {
        let told = try await RecallNotice.query(on: db).filter(\.$recall.$id == r.requireID()).all().map { $0.$organization.id }
        return RecordParties(owners: [], parties: Set(told), territories: [r.$territory.id])
    }
}
