import Foundation

/// Cold chain classes, coldest last (ambiant < frais < surgelé). Shared vocabulary (issue 21): the directory's
/// storage capacities, the resources' cold rooms and the surplus lots all speak of it, so no one module owns it.
public enum TemperatureClass: String, CaseIterable, Codable, Sendable, Comparable {
    case ambiant, frais, surgele

    public var label: String {
        switch self {
        case .ambiant: "Ambiant"
        case .frais: "Frais (0–4 °C)"
        case .surgele: "Surgelé (−18 °C)"
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}
