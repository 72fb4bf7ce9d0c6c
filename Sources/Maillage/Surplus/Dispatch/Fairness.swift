import Foundation

/// Fairness over time (issue 15): what each recipient received lately against the people it serves. A recipient
/// served less than the territory's average per person weighs more in the next dispatch, one served more weighs
/// less, so that the same structures are not always served last.
enum Fairness {
    /// Bounds of the weight: the ledger nudges, it never starves anyone nor floods anyone.
    static let range = 0.5...2.0
    /// How far back the ledger reads.
    static let days = 28

    /// The weight of each recipient: (average kg per person + 1) / (its kg per person + 1), bounded. Recipients
    /// with nobody served declared count as one person.
    static func weights(received: [UUID: Double], people: [UUID: Int]) -> [UUID: Double] {
        guard !people.isEmpty else { return [:] }
        let perPerson = people.mapValues { _ in 0.0 }.merging(people.map { id, p in (id, (received[id] ?? 0) / Double(max(1, p))) }) { $1 }
        let mean = perPerson.values.reduce(0, +) / Double(perPerson.count)
        return perPerson.mapValues { min(range.upperBound, max(range.lowerBound, (mean + 1) / ($0 + 1))) }
    }

    /// The Gini coefficient of kg per person across recipients: 0 when everyone got the same per person served.
    static func gini(_ values: [Double]) -> Double {
        let v = values.filter(\.isFinite).sorted()
        let total = v.reduce(0, +)
        guard v.count > 1, total > 0 else { return 0 }
        let weighted = v.enumerated().reduce(0.0) { $0 + Double($1.offset + 1) * $1.element }
        return (2 * weighted) / (Double(v.count) * total) - Double(v.count + 1) / Double(v.count)
    }
}
