import Fluent
import Foundation
import SQLKit
import Vapor

/// Lots and needs: who may declare them for which structure, writing them with their first traceability event, and
/// who sees what.
enum SurplusService {
    /// The structure a person declares for: one of theirs, validated (`chosen` when they belong to several).
    static func structure(of viewer: Viewer, chosen: UUID?, on db: any Database) async throws -> Organization {
        if let chosen {
            guard viewer.memberships[chosen] != nil || viewer.isAdmin else { throw Abort(.forbidden, reason: "Vous n'êtes pas membre de cette structure.") }
            guard let org = try await Organization.find(chosen, on: db), org.statusValue == .validated else {
                throw Abort(.forbidden, reason: "Cette structure n'est pas encore validée par l'animation de son territoire.")
            }
            return org
        }
        guard let first = try await DirectoryFace.validatedOrganizations(of: viewer, on: db).first, let org = try await Organization.find(first.0, on: db)
        else {
            throw Abort(.forbidden, reason: "Pour donner ou recevoir, il faut être membre d'une structure validée de l'annuaire.")
        }
        return org
    }

    /// The structure chosen in a form (or the person's own): nil, with the reason written at that field, when it
    /// may not be used.
    static func structure<Key: FormKey>(of viewer: Viewer, chosenIn form: inout FormState<Key>, at field: Key, on db: any Database) async throws
        -> Organization?
    {
        do {
            return try await structure(of: viewer, chosen: UUID(uuidString: form[field]), on: db)
        } catch let abort as AbortError {
            form.refuse(field, abort.reason)
            return nil
        }
    }

    private struct Fastest: Decodable { var hours: Int? }

    /// The shortest redistribution delay declared by a recipient in the structure's territories: what lets use-by
    /// food with less than 48 h left be given. One query: it runs on every lot declared.
    static func fastestRedistribution(near organizationID: UUID, on db: any Database) async throws -> Int? {
        guard let sql = db as? any SQLDatabase else { return nil }
        return try await sql.raw(
            """
            SELECT MIN(p.redistributes_within_hours) AS hours FROM recipient_profiles p
            JOIN organization_territories t ON t.organization_id = p.organization_id
            WHERE t.territory_id IN (SELECT territory_id FROM organization_territories WHERE organization_id = \(bind: organizationID))
            """
        ).first(decoding: Fastest.self)?.hours
    }

    static func declare(_ v: DonationRules.ValidLot, for org: Organization, by viewer: Viewer, note: String = "", now: Date, on db: any Database)
        async throws -> Lot
    {
        let lots = try await declare([(v, org)], by: viewer, note: note, now: now, on: db)
        guard let lot = lots.first else { throw Abort(.internalServerError, reason: "Lot non enregistré.") }
        return lot
    }

    /// Lots and their first traceability step, all in one transaction with one journal line per structure.
    static func declare(_ items: [(DonationRules.ValidLot, Organization)], by viewer: Viewer, note: String = "", now: Date, on db: any Database)
        async throws -> [Lot]
    {
        let lots = try items.map { v, org -> Lot in
            let lot = Lot()
            lot.id = UUID()
            lot.$organization.id = try org.requireID()
            lot.$createdBy.id = viewer.userID
            (lot.category, lot.product, lot.kg, lot.units, lot.temperature, lot.dateKind, lot.date) =
                (v.category, v.product, v.kg, v.units, v.temperature, v.dateKind, v.date)
            (lot.lotNumber, lot.frozenOn, lot.pickupFrom, lot.pickupTo, lot.note) = (v.lotNumber, v.frozenOn, v.pickupFrom, v.pickupTo, note)
            return lot
        }
        guard let first = lots.first else { return [] }
        let total = lots.reduce(0) { $0 + $1.kg }
        let summary =
            lots.count == 1
            ? "\(Format.number(first.kg)) kg de \(first.product) (\(first.temperature.label))" : "\(lots.count) lots, \(Format.number(total)) kg"
        try await db.audited(SurplusModule.lotDeclared, about: .structure(first.$organization.id), by: viewer, summary: summary) { tx in
            for lot in lots {
                try await lot.create(on: tx)
                try await LotEvent(lot: try lot.requireID(), kind: .declared, at: now, kg: lot.kg, organization: lot.$organization.id, user: viewer.userID)
                    .create(on: tx)
            }
        }
        return lots
    }

    static func express(_ v: DonationRules.ValidNeed, for org: Organization, by viewer: Viewer, note: String = "", on db: any Database) async throws -> Need {
        let needs = try await express([(v, org)], by: viewer, note: note, on: db)
        guard let need = needs.first else { throw Abort(.internalServerError, reason: "Besoin non enregistré.") }
        return need
    }

    static func express(_ items: [(DonationRules.ValidNeed, Organization)], by viewer: Viewer, note: String = "", on db: any Database) async throws -> [Need] {
        let needs = try items.map { v, org -> Need in
            let need = Need()
            need.$organization.id = try org.requireID()
            need.$createdBy.id = viewer.userID
            (need.category, need.kg, need.deliveryFrom, need.deliveryTo, need.peopleServed, need.note) =
                (v.category, v.kg, v.deliveryFrom, v.deliveryTo, v.peopleServed, note)
            return need
        }
        guard let first = needs.first else { return [] }
        let summary =
            needs.count == 1
            ? "\(Format.number(first.kg)) kg, \(FoodCategory.label(of: first.category))"
            : "\(needs.count) besoins, \(Format.number(needs.reduce(0) { $0 + $1.kg })) kg"
        try await db.audited(SurplusModule.needExpressed, about: .structure(first.$organization.id), by: viewer, summary: summary) { tx in
            for need in needs { try await need.create(on: tx) }
        }
        return needs
    }

    static func findLot(_ id: UUID, on db: any Database) async throws -> Lot {
        guard let lot = try await Lot.find(id, on: db) else { throw Abort(.notFound, reason: "Ce lot n'existe pas (ou plus).") }
        return lot
    }

    /// Takes a lot back: only what no dispatch took.
    static func withdraw(_ lot: Lot, by viewer: Viewer, reason: String, now: Date, on db: any Database) async throws {
        guard lot.status == .offered else { throw Abort(.conflict, reason: "Ce lot n'est plus proposé : il a déjà été attribué, retiré ou est périmé.") }
        let id = try lot.requireID()
        let left = lot.freeKg
        try await db.audited(SurplusModule.lotWithdrawn, about: .structure(lot.$organization.id), by: viewer, summary: "\(lot.product) retiré") { tx in
            // Conditional: a dispatch accepted meanwhile keeps what it took.
            let rows = try await SurplusSQL.returningIDs(
                tx,
                "UPDATE lots SET status = 'withdrawn' WHERE id = \(bind: id) AND status = 'offered' AND allocated_kg = \(bind: lot.allocatedKg) RETURNING id"
            )
            guard !rows.isEmpty else { throw Abort(.conflict, reason: "Ce lot vient d'être attribué : rechargez la page.") }
            try await LotEvent(lot: id, kind: .withdrawn, at: now, kg: left, organization: lot.$organization.id, user: viewer.userID, note: reason)
                .create(on: tx)
        }
    }

    /// Lots past their use-by date without a taker expire: never planned again, shown to the donor and the animator.
    static func expire(now: Date, on db: any Database) async throws -> Int {
        let today = Day.of(now)
        let stale = try await Lot.query(on: db).filter(\.$status == .offered).filter(\.$dateKind == .dlc).filter(\.$date < today).range(..<500).all()
        for lot in stale {
            let id = try lot.requireID()
            try await db.writeTransaction { tx in
                let rows = try await SurplusSQL.returningIDs(
                    tx, "UPDATE lots SET status = 'expired' WHERE id = \(bind: id) AND status = 'offered' RETURNING id")
                guard !rows.isEmpty else { return }
                try await LotEvent(lot: id, kind: .expired, at: now, kg: lot.freeKg, organization: lot.$organization.id, user: nil, note: "DLC dépassée")
                    .create(on: tx)
            }
        }
        return stale.count
    }
}
