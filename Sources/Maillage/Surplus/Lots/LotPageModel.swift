import Fluent
import Foundation

extension LotPage.Model {
    /// What the lot's page shows to `viewer`, whose rights the route's `LotScope` guard read (`parties`).
    static func query(on db: any Database, lot: Lot, viewer: Viewer, parties: RecordParties, editErrors: [LotField: String] = [:]) async throws -> Self {
        let id = try lot.requireID()
        let events = try await LotEvent.query(on: db).filter(\.$lot.$id == id).with(\.$organization).with(\.$user).sort(\.$at).all()
        let deliveries = try await Delivery.query(on: db).filter(\.$lot.$id == id).with(\.$need) { $0.with(\.$organization) }.all()
        let donor = try await lot.$organization.get(on: db)
        let urgentTakers = try await UrgentOffer.query(on: db).filter(\.$lot.$id == id).filter(\.$status == .accepted).all().map { $0.$organization.id }
        let receivers = deliveries.filter { $0.status == .delivered || $0.status == .collected }.map { $0.need.$organization.id } + urgentTakers
        return Self(
            lot: try Facts(lot), donor: donor.name, steps: events.map(Step.init), recipients: deliveries.map(Recipient.init),
            canManage: Permissions.allows(.member, parties, viewer), editErrors: editErrors,
            canReport: receivers.contains { viewer.memberships[$0] != nil }, isDonor: viewer.memberships[lot.$organization.id] != nil)
    }
}

extension LotPage.Model.Facts {
    init(_ l: Lot) throws {
        (id, product, kg, allocatedKg, status, category) = (try l.requireID(), l.product, l.kg, l.allocatedKg, l.status, l.category)
        (temperature, dateKind, date, lotNumber, frozenOn) = (l.temperature, l.dateKind, l.date, l.lotNumber, l.frozenOn)
        (pickupFrom, pickupTo, note) = (l.pickupFrom, l.pickupTo, l.note)
    }
}

extension LotPage.Model.Step {
    /// From a step loaded with its structure and person.
    init(_ e: LotEvent) {
        (at, kind, place, kg, temperature, by, note) = (e.at, e.kind, e.organization?.name, e.kg, e.temperatureC, e.user?.name, e.note)
    }
}

extension LotPage.Model.Recipient {
    /// From a delivery loaded with its need's structure.
    init(_ d: Delivery) { (name, kg, status) = (d.need.organization.name, d.kg, d.status) }
}
