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
