import Fluent
import Foundation

/// Food a donor offers (a farm, a shop, an association with too much): declared in two minutes, then dispatched.
/// `allocatedKg` is what accepted dispatches and urgent offers took: the database refuses it above `kg`, so a lot
/// is never given twice (CHECK on both engines).
final class Lot: Model, @unchecked Sendable {
    static let schema = "lots"
    enum Status: String, Codable, Sendable {
        /// Still (partly) offered.
        case offered
        /// Entirely taken by a dispatch or a recipient.
        case reserved
        /// Past its use-by date without a taker.
        case expired
        /// The donor took it back (sold, eaten, thrown).
        case withdrawn

        var label: String {
            switch self {
            case .offered: "Proposé"
            case .reserved: "Attribué"
            case .expired: "Périmé"
            case .withdrawn: "Retiré"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    // data
    @Field(key: "category") var category: FoodCategory
    /// What it is, in the donor's words ("Yaourts nature 125 g"): read by the recipient, the driver and a recall.
    @Field(key: "product") var product: String
    @Field(key: "kg") var kg: Double
    @OptionalField(key: "units") var units: Int?
    @Field(key: "temperature") var temperature: TemperatureClass
    @Field(key: "date_kind") var dateKind: DateKind
    /// The DLC or DDM day ("2026-12-04").
    @Field(key: "date") var date: String
    @Field(key: "lot_number") var lotNumber: String
    /// Frozen meat carries the day it was frozen.
    @OptionalField(key: "frozen_on") var frozenOn: String?
    @Field(key: "pickup_from") var pickupFrom: Date
    @Field(key: "pickup_to") var pickupTo: Date
    @Field(key: "status") var status: Status
    @Field(key: "allocated_kg") var allocatedKg: Double
    @Field(key: "note") var note: String
    /// The day of its recurring pickup, when a series made it.
    @OptionalField(key: "occurrence") var occurrence: String?
    // relations
    @Parent(key: "organization_id") var organization: Organization
    @OptionalParent(key: "created_by") var createdBy: User?
    @OptionalParent(key: "series_id") var series: LotSeries?
    // timestamps
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() { (status, allocatedKg, note, lotNumber) = (.offered, 0, "", "") }

    var freeKg: Double { max(0, kg - allocatedKg) }
}

/// What a recipient asks for, for a delivery window. `allocatedKg` never goes above `kg` (CHECK on both engines).
final class Need: Model, @unchecked Sendable {
    static let schema = "needs"
    enum Status: String, Codable, Sendable {
        case open, closed
        var label: String { self == .open ? "Ouvert" : "Clos" }
    }

    @ID(key: .id) var id: UUID?
    // data
    /// A `FoodCategory` slug, or `any`.
    @Field(key: "category") var category: String
    @Field(key: "kg") var kg: Double
    @Field(key: "delivery_from") var deliveryFrom: Date
    @Field(key: "delivery_to") var deliveryTo: Date
    @Field(key: "people_served") var peopleServed: Int
    @Field(key: "status") var status: Status
    @Field(key: "allocated_kg") var allocatedKg: Double
    @Field(key: "note") var note: String
    // relations
    @Parent(key: "organization_id") var organization: Organization
    @OptionalParent(key: "created_by") var createdBy: User?
    /// Set when this "need" is room in a shared cold room or store for the day (a hub): food no recipient can take
    /// today is kept there instead of being lost, then offered again from the hub.
    @OptionalParent(key: "hub_resource_id") var hub: SharedResource?
    // timestamps
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() { (status, allocatedKg, note) = (.open, 0, "") }

    var missingKg: Double { max(0, kg - allocatedKg) }
}

/// How a recipient takes donations: its category preferences and how fast it redistributes (a structure that
/// hands out within a day may take use-by food with less than 48 h left).
final class RecipientProfile: Model, @unchecked Sendable {
    static let schema = "recipient_profiles"
    @ID(key: .id) var id: UUID?
    // data
    /// nil: the 48 h rule applies.
    @OptionalField(key: "redistributes_within_hours") var redistributesWithinHours: Int?
    /// "fruits-legumes=wanted;produits-laitiers=refused": categories not named are accepted.
    @Field(key: "preferences") var preferences: String
    // relations
    @Parent(key: "organization_id") var organization: Organization
    // timestamps
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() { preferences = "" }

    var preferenceMap: [FoodCategory: Preference] {
        get {
            var map: [FoodCategory: Preference] = [:]
            for pair in preferences.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2, let c = FoodCategory(rawValue: parts[0]), let p = Preference(rawValue: parts[1]) { map[c] = p }
            }
            return map
        }
        set {
            preferences = FoodCategory.allCases.compactMap { c in newValue[c].flatMap { $0 == .accepted ? nil : "\(c.rawValue)=\($0.rawValue)" } }
                .joined(separator: ";")
        }
    }
}

/// One step of a lot's life (Reg. 178/2002, "one step back, one step forward"): never changed nor deleted — the
/// database refuses it — a correction is a new event.
final class LotEvent: Model, @unchecked Sendable {
    static let schema = "lot_events"
    enum Kind: String, Codable, Sendable, CaseIterable {
        case declared, offered, allocated, collected, stored, delivered, refused, lost, corrected, expired, withdrawn, recalled
        /// A recipient reports a quality defect; the donor answers (décret 2020-1274's quality loop).
        case defect, answer

        var label: String {
            switch self {
            case .declared: "Déclaré"
            case .offered: "Proposé"
            case .allocated: "Attribué"
            case .collected: "Collecté"
            case .stored: "Stocké"
            case .delivered: "Livré"
            case .refused: "Refusé"
            case .lost: "Perdu"
            case .corrected: "Correction"
            case .expired: "Périmé"
            case .withdrawn: "Retiré"
            case .recalled: "Rappel"
            case .defect: "Défaut de qualité signalé"
            case .answer: "Réponse du donateur"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    // data
    @Field(key: "kind") var kind: Kind
    @Field(key: "at") var at: Date
    @Field(key: "kg") var kg: Double
    /// °C read at the step, when someone read it.
    @OptionalField(key: "temperature_c") var temperatureC: Double?
    @Field(key: "note") var note: String
    // relations
    @Parent(key: "lot_id") var lot: Lot
    /// Where the food was at that step (donor, hub, recipient).
    @OptionalParent(key: "organization_id") var organization: Organization?
    @OptionalParent(key: "user_id") var user: User?
    @OptionalField(key: "need_id") var needID: UUID?
    @OptionalField(key: "dispatch_id") var dispatchID: UUID?

    init() { note = "" }

    convenience init(
        lot: UUID, kind: Kind, at: Date, kg: Double, organization: UUID?, user: UUID?, note: String = "", temperature: Double? = nil,
        need: UUID? = nil, dispatch: UUID? = nil
    ) {
        self.init()
        (self.$lot.id, self.kind, self.at, self.kg, self.$organization.id, self.$user.id) = (lot, kind, at, kg, organization, user)
        (self.note, self.temperatureC, self.needID, self.dispatchID) = (note, temperature, need, dispatch)
    }
}

/// One run of the daily dispatch for a territory: queued, planned in the background, then accepted (once — the
/// database's conditional update) by one of its animators.
final class Dispatch: Model, @unchecked Sendable {
    static let schema = "dispatches"
    enum Status: String, Codable, Sendable {
        case queued, running, done, failed, accepted

        var label: String {
            switch self {
            case .queued: "En attente"
            case .running: "Calcul en cours"
            case .done: "Plan prêt"
            case .failed: "Échec"
            case .accepted: "Accepté"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    // data
    /// The day planned ("2026-12-04").
    @Field(key: "day") var day: String
    @Field(key: "seconds") var seconds: Double
    @Field(key: "status") var status: Status
    /// What the animator chose: `DispatchSelection` as JSON.
    @Field(key: "selection") var selection: String
    /// The plan (`DispatchPlan` as JSON) once done.
    @OptionalField(key: "plan") var plan: String?
    @OptionalField(key: "failure") var failure: String?
    // relations
    @Parent(key: "territory_id") var territory: Territory
    @OptionalParent(key: "created_by") var createdBy: User?
    @OptionalParent(key: "accepted_by") var acceptedBy: User?
    // timestamps
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "finished_at") var finishedAt: Date?
    @OptionalField(key: "accepted_at") var acceptedAt: Date?

    init() { (status, selection) = (.queued, "{}") }
}

/// Food of one lot going to one need in an accepted dispatch, and what became of it on the road.
final class Delivery: Model, @unchecked Sendable {
    static let schema = "deliveries"
    enum Status: String, Codable, Sendable, CaseIterable {
        case planned, collected, delivered, refused, lost

        var label: String {
            switch self {
            case .planned: "Prévu"
            case .collected: "Collecté"
            case .delivered: "Livré"
            case .refused: "Refusé"
            case .lost: "Perdu"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    // data
    @Field(key: "kg") var kg: Double
    /// The tour carrying it (index in the plan), nil when the recipient collects it.
    @OptionalField(key: "tour") var tour: Int?
    @Field(key: "status") var status: Status
    @OptionalField(key: "collected_kg") var collectedKg: Double?
    @OptionalField(key: "delivered_kg") var deliveredKg: Double?
    /// Refused by the recipient at the door (no room, quality, too late), with `note` saying why.
    @Field(key: "refused_kg") var refusedKg: Double
    @Field(key: "lost_kg") var lostKg: Double
    @OptionalField(key: "temperature_c") var temperatureC: Double?
    @Field(key: "note") var note: String
    // relations
    @Parent(key: "dispatch_id") var dispatch: Dispatch
    @Parent(key: "lot_id") var lot: Lot
    @Parent(key: "need_id") var need: Need
    // timestamps
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() { (status, note, refusedKg, lostKg) = (.planned, "", 0, 0) }
}

/// A product recall entered by an animator, in the shape of a RappelConso notice: the app finds every lot that
/// matches and every structure that gave or received any of it.
final class Recall: Model, @unchecked Sendable {
    static let schema = "recalls"
    @ID(key: .id) var id: UUID?
    // data
    @Field(key: "product") var product: String
    /// Lot numbers as printed, separated by commas.
    @Field(key: "lot_numbers") var lotNumbers: String
    /// The DLC/DDM range of the recalled product ("2026-12-01"…), empty when the notice gives none.
    @Field(key: "date_from") var dateFrom: String
    @Field(key: "date_to") var dateTo: String
    @Field(key: "reason") var reason: String
    @Field(key: "instructions") var instructions: String
    @Field(key: "source") var source: String
    // relations
    @Parent(key: "territory_id") var territory: Territory
    @OptionalParent(key: "created_by") var createdBy: User?
    // timestamps
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// One structure told of a recall: what it gave or received, and when it said it acted.
final class RecallNotice: Model, @unchecked Sendable {
    static let schema = "recall_notices"
    @ID(key: .id) var id: UUID?
    // data
    /// "received" or "gave": one step forward, one step back.
    @Field(key: "role") var role: String
    @Field(key: "kg") var kg: Double
    @Field(key: "lots") var lots: String
    @OptionalField(key: "acknowledged_at") var acknowledgedAt: Date?
    @Field(key: "acknowledgement") var acknowledgement: String
    // relations
    @Parent(key: "recall_id") var recall: Recall
    @Parent(key: "organization_id") var organization: Organization
    @OptionalParent(key: "acknowledged_by") var acknowledgedBy: User?

    init() { acknowledgement = "" }
}

/// "J'ai trop de dons": a lot offered at once to a few recipients; the first to accept takes it (a partial unique
/// index allows one accepted offer per lot, on both engines), the others are told it is gone.
final class UrgentOffer: Model, @unchecked Sendable {
    static let schema = "urgent_offers"
    enum Status: String, Codable, Sendable {
        case open, accepted, gone, declined

        var label: String {
            switch self {
            case .open: "Proposé"
            case .accepted: "Accepté"
            case .gone: "Parti ailleurs"
            case .declined: "Décliné"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    // data
    @Field(key: "kg") var kg: Double
    @Field(key: "km") var km: Double
    @Field(key: "status") var status: Status
    // relations
    @Parent(key: "lot_id") var lot: Lot
    @Parent(key: "need_id") var need: Need
    @Parent(key: "organization_id") var organization: Organization
    @OptionalParent(key: "answered_by") var answeredBy: User?
    // timestamps
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "answered_at") var answeredAt: Date?

    init() { status = .open }
}

/// A recurring pickup ("ramasse" at a supermarket every Tuesday and Friday): its lots are made ahead, one per day.
final class LotSeries: Model, @unchecked Sendable {
    static let schema = "lot_series"
    @ID(key: .id) var id: UUID?
    // data
    @Field(key: "product") var product: String
    @Field(key: "category") var category: FoodCategory
    @Field(key: "temperature") var temperature: TemperatureClass
    @Field(key: "date_kind") var dateKind: DateKind
    /// Days from pickup to the DLC/DDM printed on what is usually given.
    @Field(key: "shelf_days") var shelfDays: Int
    @Field(key: "kg") var kg: Double
    /// 1 = Monday … 7 = Sunday, e.g. "25" for Tuesday and Friday.
    @Field(key: "weekdays") var weekdays: String
    /// Minutes after midnight, Paris time.
    @Field(key: "pickup_start") var pickupStart: Int
    @Field(key: "pickup_end") var pickupEnd: Int
    @Field(key: "starts_on") var startsOn: String
    @OptionalField(key: "until") var until: String?
    @Field(key: "active") var active: Bool
    @Field(key: "note") var note: String
    // relations
    @Parent(key: "organization_id") var organization: Organization
    @OptionalParent(key: "created_by") var createdBy: User?
    // timestamps
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() { (active, note) = (true, "") }

    var days: Set<Int> { Set(weekdays.compactMap(\.wholeNumberValue).filter { (1...7).contains($0) }) }
}

/// A field a farm opens to gleaners (glanage): the crop, what it expects, and the owner's authorisation.
final class GleaningField: Model, @unchecked Sendable {
    static let schema = "gleaning_fields"
    @ID(key: .id) var id: UUID?
    // data
    @Field(key: "crop") var crop: String
    @Field(key: "expected_kg") var expectedKg: Double
    @Field(key: "place") var place: String
    @Field(key: "season_from") var seasonFrom: String
    @Field(key: "season_to") var seasonTo: String
    /// Who authorised gleaning, and until when ("autorisation du propriétaire, saison 2026").
    @Field(key: "authorisation") var authorisation: String
    @Field(key: "note") var note: String
    // relations
    @Parent(key: "organization_id") var organization: Organization
    @OptionalParent(key: "created_by") var createdBy: User?
    // timestamps
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() { note = "" }
}

/// A gleaning day: pickers sign up within its capacity (`signed_up <= pickers_needed`, a CHECK on both engines).
final class GleaningDay: Model, @unchecked Sendable {
    static let schema = "gleaning_days"
    @ID(key: .id) var id: UUID?
    // data
    @Field(key: "day") var day: String
    @Field(key: "starts_at") var startsAt: Int
    @Field(key: "ends_at") var endsAt: Int
    @Field(key: "pickers_needed") var pickersNeeded: Int
    @Field(key: "signed_up") var signedUp: Int
    @Field(key: "leader") var leader: String
    @Field(key: "equipment") var equipment: String
    /// Once the day is over: kg gleaned, and the report written.
    @OptionalField(key: "gleaned_kg") var gleanedKg: Double?
    // relations
    @Parent(key: "field_id") var field: GleaningField
    // timestamps
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() { signedUp = 0 }
}

/// A volunteer signed up for a gleaning day, and whether they came.
final class GleaningSignup: Model, @unchecked Sendable {
    static let schema = "gleaning_signups"
    enum Status: String, Codable, Sendable {
        case registered, present, absent
        var label: String {
            switch self {
            case .registered: "Inscrit·e"
            case .present: "Présent·e"
            case .absent: "Absent·e"
            }
        }
    }
    @ID(key: .id) var id: UUID?
    // data
    @Field(key: "status") var status: Status
    // relations
    @Parent(key: "day_id") var day: GleaningDay
    @Parent(key: "user_id") var user: User
    @OptionalParent(key: "organization_id") var organization: Organization?
    // timestamps
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() { status = .registered }
}
