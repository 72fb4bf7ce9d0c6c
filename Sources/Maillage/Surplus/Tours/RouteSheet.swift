import Fluent
import Foundation
import Vapor

/// One tour as its driver reads it: places in order, what to load and unload at each, and the balance of the van
/// (kg loaded = kg delivered + refused + lost).
struct RouteSheet {
    struct Item {
        var delivery: Delivery
        var lot: Lot
        var recipient: String
    }
    struct Stop {
        var pickup: Bool
        var place: Organization
        var arrival: Date?
        var items: [Item]
    }
    struct Balance: Equatable {
        var collected = 0.0
        var delivered = 0.0
        var refused = 0.0
        var lost = 0.0
        /// Loaded kg not accounted for yet (on board, or to mark).
        var onBoard: Double { max(0, collected - delivered - refused - lost) }
    }

    var number: Int
    var vehicle: String
    var departure: Date?
    var back: Date?
    var km: Double
    var stops: [Stop]

    /// Consecutive stops of the same kind at the same place are one stop on the sheet.
    static func stops(
        of tour: DispatchPlan.Tour, deliveries: [DispatchService.Pair: Delivery], lots: [UUID: Lot], places: [UUID: Organization],
        recipients: [UUID: String]
    ) -> [Stop] {
        var result: [Stop] = []
        var seen: Set<String> = []
        for s in tour.stops {
            let pickup = s.kind == "pickup"
            guard let delivery = deliveries[.init(lot: s.lot_id, need: s.need_id)], let lot = lots[s.lot_id], let place = places[s.organization_id] else {
                continue
            }
            // A pair split over two consignments is one row to mark, shown at its first stop of each kind.
            guard seen.insert("\(s.kind)-\(s.lot_id)-\(s.need_id)").inserted else { continue }
            let item = Item(delivery: delivery, lot: lot, recipient: recipients[s.need_id] ?? "")
            if var last = result.last, last.pickup == pickup, last.place.id == place.id {
                last.items.append(item)
                result[result.count - 1] = last
            } else {
                result.append(Stop(pickup: pickup, place: place, arrival: ISODate.parse(s.arrival), items: [item]))
            }
        }
        return result
    }

    var balance: Balance {
        var b = Balance()
        var counted: Set<UUID> = []
        for stop in stops {
            for item in stop.items where counted.insert(item.delivery.id ?? UUID()).inserted {
                let d = item.delivery
                b.collected += d.collectedKg ?? 0
                b.delivered += d.deliveredKg ?? 0
                b.refused += d.refusedKg
                b.lost += d.lostKg
            }
        }
        return b
    }
}

/// What a driver marks, checked in plain Swift: kg collected, then at the door kg delivered, refused, lost — which
/// must add up to what was loaded.
enum DeliveryRules {
    /// The route sheet's fields: the step marked, then what the driver weighed and saw.
    enum Field: String, FormKey { case etape, kg, temperature, delivered, refused, lost, reason }

    struct Collect: Equatable {
        var kg: Double
        var temperature: Double?
    }
    struct HandOver: Equatable {
        var delivered: Double
        var refused: Double
        var lost: Double
        var temperature: Double?
        var reason: String
    }

    static func collect(planned: Double, kg text: String, temperature: String) -> Result<Collect, Refusal<Field>> {
        var errors: [Field: String] = [:]
        let kg = text.trimmingCharacters(in: .whitespaces).isEmpty ? planned : DonationRules.number(text)
        if let kg {
            if kg <= 0 { errors[.kg] = "Rien chargé ? Indiquez plutôt « absent ou perdu » avec la raison." }
            if kg > planned * 1.2 + 1 { errors[.kg] = "Plus que prévu (\(Format.number(planned)) kg) : ne chargez que ce qui est attribué." }
        } else {
            errors[.kg] = "Indiquez les kilos chargés, par exemple 40."
        }
        let t = temperatureValue(temperature, &errors)
        guard errors.isEmpty, let kg else { return .failure(Refusal(errors)) }
        return .success(Collect(kg: kg, temperature: t))
    }

    static func handOver(collected: Double, delivered: String, refused: String, lost: String, reason: String, temperature: String)
        -> Result<HandOver, Refusal<Field>>
    {
        var errors: [Field: String] = [:]
        func kg(_ text: String, _ field: Field, empty: Double) -> Double {
            if text.trimmingCharacters(in: .whitespaces).isEmpty { return empty }
            guard let v = DonationRules.number(text), v >= 0 else {
                errors[field] = "Un nombre de kilos, zéro ou plus."
                return 0
            }
            return v
        }
        let r = kg(refused, .refused, empty: 0), l = kg(lost, .lost, empty: 0)
        let d = kg(delivered, .delivered, empty: max(0, collected - r - l))
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if errors.isEmpty {
            if d > collected + 0.05 {
                errors[.delivered] = "Plus de kilos livrés (\(Format.number(d))) que chargés (\(Format.number(collected))) : vérifiez la pesée."
            } else if abs(d + r + l - collected) > 0.05 {
                errors[.delivered] =
                    "Les kilos ne tombent pas juste : \(Format.number(collected)) kg chargés, \(Format.number(d + r + l)) kg indiqués. Indiquez le reste comme refusé ou perdu."
            }
            if (r > 0 || l > 0) && why.isEmpty { errors[.reason] = "Dites pourquoi (pas de place, qualité, arrivé trop tard, casse…)." }
        }
        let t = temperatureValue(temperature, &errors)
        guard errors.isEmpty else { return .failure(Refusal(errors)) }
        return .success(HandOver(delivered: d, refused: r, lost: l, temperature: t, reason: String(why.prefix(300))))
    }

    private static func temperatureValue(_ text: String, _ errors: inout [Field: String]) -> Double? {
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        guard let t = DonationRules.number(text), (-40...40).contains(t) else {
            errors[.temperature] = "Une température en °C entre −40 et 40, par exemple 3."
            return nil
        }
        return t
    }
}

/// Writing what the driver marked: one conditional update per step (a step is marked once), its traceability
/// event, and the need given back what did not reach it.
enum DeliveryService {

    static func collect(_ delivery: Delivery, _ c: DeliveryRules.Collect, by viewer: Viewer, now: Date, on db: any Database) async throws {
        let id = try delivery.requireID()
        try await db.audited(
            SurplusModule.deliveryMarked, about: .structure(delivery.lot.$organization.id), by: viewer,
            summary: "Collecté : \(Format.number(c.kg)) kg de \(delivery.lot.product)"
        ) { tx in
            let rows = try await SurplusSQL.returningIDs(
                tx, "UPDATE deliveries SET status = 'collected', collected_kg = \(bind: c.kg) WHERE id = \(bind: id) AND status = 'planned' RETURNING id")
            guard !rows.isEmpty else { throw Abort(.conflict, reason: "Ce chargement est déjà noté.") }
            if let t = c.temperature {
                _ = try await SurplusSQL.returningIDs(tx, "UPDATE deliveries SET temperature_c = \(bind: t) WHERE id = \(bind: id) RETURNING id")
            }
            try await LotEvent(
                lot: delivery.$lot.id, kind: .collected, at: now, kg: c.kg, organization: delivery.lot.$organization.id, user: viewer.userID,
                temperature: c.temperature, need: delivery.$need.id, dispatch: delivery.$dispatch.id
            ).create(on: tx)
        }
    }

    /// The recipient says no before the van leaves (no room, not what they need): the kilos go back to the lot, which
    /// the next dispatch may place elsewhere, and to the need.
    static func refuseAhead(_ delivery: Delivery, reason: String, by viewer: Viewer, now: Date, on db: any Database) async throws {
        let id = try delivery.requireID()
        let kg = delivery.kg, lotID = delivery.$lot.id, needID = delivery.$need.id
        let recipient = delivery.need.$organization.id
        try await db.audited(
            SurplusModule.deliveryMarked, about: .structure(recipient), by: viewer, summary: "Livraison refusée d'avance : \(delivery.lot.product)"
        ) {
            tx in
            let given = try await giveBack(
                id, kg: kg, lot: lotID, need: needID, dispatch: delivery.$dispatch.id, reason: reason, note: "Refusé avant la tournée : " + reason,
                organization: recipient, by: viewer.userID, now: now, on: tx)
            guard given else { throw Abort(.conflict, reason: "Cette livraison est déjà en route ou notée : refusez-la à la porte, auprès du chauffeur.") }
        }
    }

    /// A planned delivery that will not happen (its recipient refused it ahead, its van's owner refused the van):
    /// its kilos go back to the lot, offered again, and to the need; a "refused" step says why. False when the row is
    /// no longer planned (already collected or marked).
    static func giveBack(
        _ id: UUID, kg: Double, lot lotID: UUID, need needID: UUID, dispatch: UUID, reason: String, note: String, organization: UUID?,
        by user: UUID?, now: Date, on tx: any Database
    ) async throws -> Bool {
        let rows = try await SurplusSQL.returningIDs(
            tx, "UPDATE deliveries SET status = 'refused', refused_kg = kg, note = \(bind: reason) WHERE id = \(bind: id) AND status = 'planned' RETURNING id")
        guard !rows.isEmpty else { return false }
        _ = try await SurplusSQL.returningIDs(
            tx,
            """
            UPDATE lots SET allocated_kg = CASE WHEN allocated_kg > \(bind: kg) THEN allocated_kg - \(bind: kg) ELSE 0 END,
                status = CASE WHEN status = 'reserved' THEN 'offered' ELSE status END
            WHERE id = \(bind: lotID) RETURNING id
            """)
        _ = try await SurplusSQL.returningIDs(
            tx,
            "UPDATE needs SET allocated_kg = CASE WHEN allocated_kg > \(bind: kg) THEN allocated_kg - \(bind: kg) ELSE 0 END WHERE id = \(bind: needID) RETURNING id"
        )
        try await LotEvent(lot: lotID, kind: .refused, at: now, kg: kg, organization: organization, user: user, note: note, need: needID, dispatch: dispatch)
            .create(on: tx)
        return true
    }

    /// Nothing to load (the lot was not there, or spoiled): the whole row is lost, with the reason.
    static func missing(_ delivery: Delivery, reason: String, by viewer: Viewer, now: Date, on db: any Database) async throws {
        let id = try delivery.requireID()
        let kg = delivery.kg
        try await db.audited(
            SurplusModule.deliveryMarked, about: .structure(delivery.lot.$organization.id), by: viewer, summary: "Absent ou perdu : \(delivery.lot.product)"
        ) { tx in
            let rows = try await SurplusSQL.returningIDs(
                tx,
                "UPDATE deliveries SET status = 'lost', collected_kg = 0, lost_kg = 0, note = \(bind: reason) WHERE id = \(bind: id) AND status = 'planned' RETURNING id"
            )
            guard !rows.isEmpty else { throw Abort(.conflict, reason: "Ce chargement est déjà noté.") }
            _ = try await SurplusSQL.returningIDs(
                tx,
                "UPDATE needs SET allocated_kg = CASE WHEN allocated_kg > \(bind: kg) THEN allocated_kg - \(bind: kg) ELSE 0 END WHERE id = \(bind: delivery.$need.id) RETURNING id"
            )
            try await LotEvent(
                lot: delivery.$lot.id, kind: .lost, at: now, kg: kg, organization: delivery.lot.$organization.id, user: viewer.userID, note: reason,
                need: delivery.$need.id, dispatch: delivery.$dispatch.id
            ).create(on: tx)
        }
    }

    static func handOver(_ delivery: Delivery, _ h: DeliveryRules.HandOver, by viewer: Viewer, now: Date, on db: any Database) async throws {
        let id = try delivery.requireID()
        let recipient = delivery.need.$organization.id
        let status: Delivery.Status = h.delivered > 0 ? .delivered : h.refused > 0 ? .refused : .lost
        try await db.audited(
            SurplusModule.deliveryMarked, about: .structure(recipient), by: viewer,
            summary: "Livré : \(Format.number(h.delivered)) kg de \(delivery.lot.product)"
                + (h.refused > 0 ? ", \(Format.number(h.refused)) kg refusés" : "") + (h.lost > 0 ? ", \(Format.number(h.lost)) kg perdus" : "")
        ) { tx in
            let rows = try await SurplusSQL.returningIDs(
                tx,
                """
                UPDATE deliveries SET status = \(bind: status.rawValue), delivered_kg = \(bind: h.delivered), refused_kg = \(bind: h.refused),
                    lost_kg = \(bind: h.lost), note = \(bind: h.reason)
                WHERE id = \(bind: id) AND status = 'collected' RETURNING id
                """)
            guard !rows.isEmpty else { throw Abort(.conflict, reason: "Cette livraison est déjà notée, ou le chargement ne l'est pas encore.") }
            if let t = h.temperature {
                _ = try await SurplusSQL.returningIDs(tx, "UPDATE deliveries SET temperature_c = \(bind: t) WHERE id = \(bind: id) RETURNING id")
            }
            // What did not reach the recipient is still missing there: the next dispatch may fill it.
            let back = h.refused + h.lost
            if back > 0 {
                _ = try await SurplusSQL.returningIDs(
                    tx,
                    "UPDATE needs SET allocated_kg = CASE WHEN allocated_kg > \(bind: back) THEN allocated_kg - \(bind: back) ELSE 0 END WHERE id = \(bind: delivery.$need.id) RETURNING id"
                )
            }
            let lotID = delivery.$lot.id, needID = delivery.$need.id, dispatchID = delivery.$dispatch.id
            if h.delivered > 0 {
                let hub = delivery.need.$hub.id != nil
                try await LotEvent(
                    lot: lotID, kind: hub ? .stored : .delivered, at: now, kg: h.delivered, organization: recipient, user: viewer.userID,
                    note: hub ? delivery.need.note : "", temperature: h.temperature, need: needID, dispatch: dispatchID
                ).create(on: tx)
                if hub {
                    // Kept in the hub, the food is offered again from there: a new lot, its chain pointing back.
                    let source = delivery.lot
                    let kept = Lot()
                    kept.id = UUID()
                    kept.$organization.id = recipient
                    kept.$createdBy.id = viewer.userID
                    (kept.product, kept.category, kept.kg, kept.temperature, kept.dateKind, kept.date) =
                        (source.product, source.category, h.delivered, source.temperature, source.dateKind, source.date)
                    (kept.lotNumber, kept.frozenOn) = (source.lotNumber, source.frozenOn)
                    let until = min(
                        now.addingTimeInterval(DispatchService.hubDays * 86_400), source.dateKind == .dlc ? Day.end(of: source.date) : .distantFuture)
                    (kept.pickupFrom, kept.pickupTo) = (now, max(until, now.addingTimeInterval(3_600)))
                    kept.note = "\(delivery.need.note) — issu du lot \(lotID.uuidString.prefix(8)) de la répartition du \(Day.label(delivery.dispatch.day))"
                    try await kept.create(on: tx)
                    try await LotEvent(
                        lot: try kept.requireID(), kind: .declared, at: now, kg: h.delivered, organization: recipient, user: viewer.userID,
                        note: "Stocké depuis le lot \(lotID.uuidString.prefix(8))", temperature: h.temperature, dispatch: dispatchID
                    ).create(on: tx)
                }
            }
            try await tx.publish(
                SurplusFace.LotDelivered(
                    lotID: lotID, donor: delivery.lot.$organization.id, recipient: recipient, category: delivery.lot.category.rawValue, kg: h.delivered,
                    refusedKg: h.refused, lostKg: h.lost, kept: delivery.need.$hub.id != nil), by: viewer, now: now)
            if h.refused > 0 {
                try await LotEvent(
                    lot: lotID, kind: .refused, at: now, kg: h.refused, organization: recipient, user: viewer.userID, note: h.reason, need: needID,
                    dispatch: dispatchID
                ).create(on: tx)
            }
            if h.lost > 0 {
                try await LotEvent(
                    lot: lotID, kind: .lost, at: now, kg: h.lost, organization: recipient, user: viewer.userID, note: h.reason, need: needID,
                    dispatch: dispatchID
                ).create(on: tx)
            }
        }
    }
}
