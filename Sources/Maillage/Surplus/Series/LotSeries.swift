import Fluent
import Foundation

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
