import Foundation

/// What the surplus exchange publishes for other modules (issue 21): the facts of its writes that others will act on
/// — the indicators count what was delivered, the alerts watch what is not — with plain values only.
enum SurplusFace {
    /// A dispatch accepted: how much it places, for whom, with how many tours.
    struct DispatchAccepted: Fact, Equatable {
        var dispatchID: UUID
        var territoryID: UUID
        var day: String
        var kgPlaced: Double
        var tours: Int
        var recipients: [UUID]
    }

    /// Food handed over at a stop: from which donor to which structure, how much, of what category; `kept` when
    /// the stop is a shared cold room (the food is stored there, not eaten yet).
    struct LotDelivered: Fact, Equatable {
        var lotID: UUID
        var donor: UUID
        var recipient: UUID
        var category: String
        var kg: Double
        var refusedKg: Double
        var lostKg: Double
        var kept: Bool
    }
}
