import Fluent
import Foundation

/// Something a module did that other modules may act on (issue 21): a booking refused, a dispatch accepted. Its
/// module declares it in its face file, with plain values only, and publishes it inside the transaction that did it;
/// modules subscribe from their door (`MaillageModule.subscriptions`). The subscriber runs on the same
/// transaction: the fact and what it causes land together, or neither does. A module never reads another's tables
/// to find out what happened.
protocol Fact: Sendable {}

/// Where a subscriber runs: the publisher's transaction, who acted, and when.
struct FactContext: Sendable {
    let db: any Database
    let viewer: Viewer?
    let now: Date
}

/// One module's handler of one kind of fact.
struct FactSubscription: Sendable {
    let handle: @Sendable (any Fact, FactContext) async throws -> Void

    static func on<F: Fact>(_ kind: F.Type, _ handle: @escaping @Sendable (F, FactContext) async throws -> Void) -> FactSubscription {
        FactSubscription { fact, context in
            if let fact = fact as? F { try await handle(fact, context) }
        }
    }
}

extension Database {
    /// Hands `fact` to every module that subscribed to it, on this handle: call it inside the `audited`
    /// transaction of the change.
    func publish(_ fact: any Fact, by viewer: Viewer?, now: Date) async throws {
        let context = FactContext(db: self, viewer: viewer, now: now)
        for subscription in Modules.subscriptions { try await subscription.handle(fact, context) }
    }
}
