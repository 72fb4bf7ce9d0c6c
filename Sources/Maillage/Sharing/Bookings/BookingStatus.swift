import Fluent
import Foundation
import Vapor

enum BookingStatus: String, Codable, Sendable {
    case pending, accepted, refused, cancelled

    var label: String {
        switch self {
        case .pending: "En attente de réponse"
        case .accepted: "Acceptée"
        case .refused: "Refusée"
        case .cancelled: "Annulée"
        }
    }
}
