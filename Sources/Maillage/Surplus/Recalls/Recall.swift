import Fluent
import Foundation

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
