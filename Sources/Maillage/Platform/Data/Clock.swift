import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Where rules and jobs read the time: the system clock in production, a fixed one in tests
/// (token expiry, throttling delays and retries are then tested without waiting).
protocol AppClock: Sendable {
    var now: Date { get }
}

struct SystemClock: AppClock {
    var now: Date { Date() }
}

/// A clock that moves only when told to.
final class FixedClock: AppClock, @unchecked Sendable {
    private let lock = NIOLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_790_000_000)) { current = start }

    var now: Date { lock.withLock { current } }

    func advance(by seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = any AppClock }
    var clock: any AppClock {
        get { storage[ClockKey.self] ?? SystemClock() }
        set { storage[ClockKey.self] = newValue }
    }
}

extension Application {
    /// Today in metropolitan France: the day closures and "updated N months ago" are counted from.
    var today: LocalDate { LocalTime.moment(clock.now, departement: "75").date }
}

extension Request {
    var clock: any AppClock { application.clock }
    var today: LocalDate { application.today }
}
