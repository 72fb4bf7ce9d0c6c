import Fluent
import Foundation

/// "We already work with them": a partnership declared by one of the two structures (seed 002 §1).
/// It is one source of the cooperation graph; alliances, bookings and deliveries add theirs as they land.
final class Partnership: Model, @unchecked Sendable {
    static let schema = "partnerships"

    @ID(key: .id) var id: UUID?
    // data
    /// What they do together, in the declarer's words ("ramasse hebdomadaire", "prêt de chambre froide").
    @Field(key: "description") var summary: String
    @Field(key: "since") var since: Date
    /// Set when the partner confirms; until then the partnership is a proposal, shown to no one else.
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?
    // relations
    @Parent(key: "organization_id") var organization: Organization
    @Parent(key: "partner_id") var partner: Organization
    @OptionalParent(key: "declared_by") var declaredBy: User?
    // timestamps
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// How many structures of a panel line an animator expects around the table of their territory.
final class PanelExpectation: Model, @unchecked Sendable {
    static let schema = "panel_expectations"

    @ID(key: .id) var id: UUID?
    @Field(key: "row_key") var rowKey: String
    @Field(key: "expected") var expected: Int
    @Parent(key: "territory_id") var territory: Territory
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}
