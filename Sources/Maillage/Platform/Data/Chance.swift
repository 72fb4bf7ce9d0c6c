import Logistics
import NIOConcurrencyHelpers
import Vapor

/// Where rules and jobs draw chance (the spread of mail retries, generated data): one seeded source, so a
/// test that fixes the seed sees the same draws every run. Secrets (tokens, session ids) never come from
/// here: they use the system's cryptographic generator.
final class Chance: @unchecked Sendable {
    private let lock = NIOLock()
    private var source: RandomSource

    init(seed: UInt64) { source = RandomSource(seed: seed) }

    /// Seeded from the system, for `serve`.
    static func unseeded() -> Chance {
        var system = SystemRandomNumberGenerator()
        return Chance(seed: system.next())
    }

    /// Uniform in [0, 1).
    func unit() -> Double { lock.withLock { source.unit() } }

    func int(in range: ClosedRange<Int>) -> Int { lock.withLock { Int.random(in: range, using: &source) } }
}

extension Application {
    private struct ChanceKey: StorageKey { typealias Value = Chance }
    var chance: Chance {
        get {
            if let existing = storage[ChanceKey.self] { return existing }
            let made = Chance.unseeded()
            storage[ChanceKey.self] = made
            return made
        }
        set { storage[ChanceKey.self] = newValue }
    }
}
