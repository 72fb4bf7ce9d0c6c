import Fluent
import Foundation

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
