import Fluent
import Foundation

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
