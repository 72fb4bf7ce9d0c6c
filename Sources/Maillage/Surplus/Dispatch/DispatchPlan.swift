import Foundation
import Logistics

/// What the animator chose for a dispatch (all offered lots, open needs and free vans of the day when empty).
struct DispatchSelection: Codable, Sendable {
    /// A lot and a need: kept together ("lock", "move") or kept apart ("not to this recipient").
    struct Pair: Codable, Sendable, Equatable {
        var lot_id: UUID
        var need_id: UUID
    }
    var lot_ids: [UUID]?
    var need_ids: [UUID]?
    var vehicle_ids: [UUID]?
    /// Shared cold rooms and stores that may keep, for a few days, what no recipient can take today.
    var hub_ids: [UUID]?
    var pins: [Pair]?
    var exclusions: [Pair]?
}

/// A computed dispatch as the API shows it (issue 15's contract) and the pages read it: who gets what, the tours,
/// every kilo not placed with its reason, and the figures.
struct DispatchPlan: Codable, Sendable {
    struct Allocation: Codable, Sendable, Equatable {
        var lot_id: UUID
        var need_id: UUID
        var kg: Double
        /// The tour that carries it.
        var tour: Int?
    }
    struct Stop: Codable, Sendable, Equatable {
        var kind: String
        var lot_id: UUID
        var need_id: UUID
        var organization_id: UUID
        var arrival: String
        var kg: Double
    }
    struct Tour: Codable, Sendable {
        var vehicle_id: UUID
        var departure: String
        var back: String
        var km: Double
        var stops: [Stop]
    }
    struct Unallocated: Codable, Sendable, Equatable {
        var lot_id: UUID
        var kg: Double
        var reason: String
    }
    /// Vans of the territory left out of the plan, and why (already booked, closed that day).
    struct VehicleNote: Codable, Sendable {
        var vehicle_id: UUID
        var reason: String
    }
    struct NeedShare: Codable, Sendable {
        var need_id: UUID
        var kg: Double
        var wanted: Double
    }

    var allocations: [Allocation]
    var tours: [Tour]
    var unallocated: [Unallocated]
    var vehicles_left_out: [VehicleNote]
    var needs: [NeedShare]
    var kg_offered: Double
    var kg_placed: Double
    /// Use-by food not placed whose date falls before the end of the next day: what will be thrown away.
    var kg_expiring: Double
    var km: Double
    var co2_kg: Double
    var seconds: Double
    /// Gini of kg per person served across the day's recipients over four weeks, before this plan and with it.
    var fairness_before: Double? = nil
    var fairness_after: Double? = nil

    /// kg CO2e per km of a light commercial vehicle running on diesel: the order of magnitude of ADEME's Base Carbone
    /// for a van (≈ 0,25). Stated on the plan page with its source so that nobody reads it as a measurement.
    static let co2PerKm = 0.25
}
