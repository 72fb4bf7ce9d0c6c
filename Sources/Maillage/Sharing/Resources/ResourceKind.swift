import Fluent
import Foundation
import Vapor

/// What a structure lends (DESIGN.md §3): a cold room, a van, a kitchen… Exclusive kinds are booked one at a time
/// (a van); shared-capacity kinds are booked by quantity (pallet places of a cold room), never beyond capacity.
enum ResourceKind: String, CaseIterable, Codable, Sendable {
    case coldRoom = "cold_room", freezer, warehouse, van, cannery, kitchen, room, team

    var label: String {
        switch self {
        case .coldRoom: "Chambre froide"
        case .freezer: "Congélateur"
        case .warehouse: "Entrepôt sec"
        case .van: "Véhicule"
        case .cannery: "Conserverie mobile"
        case .kitchen: "Cuisine"
        case .room: "Salle"
        case .team: "Équipe de bénévoles"
        }
    }

    /// Storage is shared by quantity; everything else is taken whole for the time booked.
    var isExclusive: Bool { ![.coldRoom, .freezer, .warehouse].contains(self) }

    /// The unit capacity is counted in, by default.
    var defaultUnit: String {
        switch self {
        case .coldRoom, .freezer, .warehouse: "palettes"
        case .van: "kg"
        case .kitchen, .room: "places"
        case .team: "personnes"
        case .cannery: "bocaux/jour"
        }
    }
}
