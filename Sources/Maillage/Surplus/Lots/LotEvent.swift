import Fluent
import Foundation

/// One step of a lot's life (Reg. 178/2002, "one step back, one step forward"): never changed nor deleted — the
/// database refuses it — a correction is a new event.
final class LotEvent: Model, @unchecked Sendable {
    static let schema = "lot_events"
    enum Kind: String, Codable, Sendable, CaseIterable {
        case declared, offered, allocated, collected, stored, delivered, refused, lost, corrected, expired, withdrawn, recalled
        /// A recipient reports a quality defect; the donor answers (décret 2020-1274's quality loop).
        case defect, answer

        var label: String {
            switch self {
            case .declared: "Déclaré"
            case .offered: "Proposé"
            case .allocated: "Attribué"
            case .collected: "Collecté"
            case .stored: "Stocké"
            case .delivered: "Livré"
            case .refused: "Refusé"
            case .lost: "Perdu"
            case .corrected: "Correction"
            case .expired: "Périmé"
            case .withdrawn: "Retiré"
            case .recalled: "Rappel"
            case .defect: "Défaut de qualité signalé"
            case .answer: "Réponse du donateur"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    // data
    @Field(key: "kind") var kind: Kind
    @Field(key: "at") var at: Date
    @Field(key: "kg") var kg: Double
    /// °C read at the step, when someone read it.
    @OptionalField(key: "temperature_c") var temperatureC: Double?
    @Field(key: "note") var note: String
    // relations
    @Parent(key: "lot_id") var lot: Lot
    /// Where the food was at that step (donor, hub, recipient).
    @OptionalParent(key: "organization_id") var organization: Organization?
    @OptionalParent(key: "user_id") var user: User?
    @OptionalField(key: "need_id") var needID: UUID?
    @OptionalField(key: "dispatch_id") var dispatchID: UUID?

    init() { note = "" }

    convenience init(
        lot: UUID, kind: Kind, at: Date, kg: Double, organization: UUID?, user: UUID?, note: String = "", temperature: Double? = nil,
        need: UUID? = nil, dispatch: UUID? = nil
    ) {
        self.init()
        (self.$lot.id, self.kind, self.at, self.kg, self.$organization.id, self.$user.id) = (lot, kind, at, kg, organization, user)
        (self.note, self.temperatureC, self.needID, self.dispatchID) = (note, temperature, need, dispatch)
    }
}
