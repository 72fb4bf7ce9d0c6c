import Fluent
import Foundation

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
