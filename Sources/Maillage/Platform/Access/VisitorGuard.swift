import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The forms of people not signed in: at most `limit` per client address and `window` (sign-up and reset send
/// mail; sign-in has its own throttle on top).
final class VisitorGuard: AsyncMiddleware, @unchecked Sendable {
    let limit = 30
    let window: TimeInterval = 600
    private let lock = NIOLock()
    private var hits: [String: [Date]] = [:]

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if req.method != .GET {
            let now = req.clock.now
            let key = req.clientIP ?? "inconnue"
            let allowed: Bool = lock.withLock {
                if hits.count > 10_000 { hits = hits.filter { $0.value.last.map { now.timeIntervalSince($0) < window } ?? false } }
                var recent = (hits[key] ?? []).filter { now.timeIntervalSince($0) < window }
                guard recent.count < limit else { return false }
                recent.append(now)
                hits[key] = recent
                return true
            }
            guard allowed else {
                throw Abort(
                    .tooManyRequests, headers: ["Retry-After": String(Int(window))],
                    reason: "Trop d'envois depuis votre connexion : réessayez dans quelques minutes.")
            }
        }
        return try await next.respond(to: req)
    }
}

extension Application {
    private struct VisitorGuardKey: StorageKey { typealias Value = VisitorGuard }

    /// One per application, so that its counts are this instance's.
    var visitorGuard: VisitorGuard {
        if let existing = storage[VisitorGuardKey.self] { return existing }
        let created = VisitorGuard()
        storage[VisitorGuardKey.self] = created
        return created
    }
}
