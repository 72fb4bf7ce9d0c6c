import NIOConcurrencyHelpers
import Vapor

/// The requests being answered. When the server is stopped, handlers may still be running; the databases close only
/// once those are done (at most `patience`), since Fluent stops the process when a handler asks for a closed
/// database — seen when the booking benchmark stopped the server under load (exit 132).
final class InFlightRequests: AsyncMiddleware, LifecycleHandler, @unchecked Sendable {
    private let lock = NIOLock()
    private var running = 0
    let patience: Duration

    init(patience: Duration = .seconds(10)) { self.patience = patience }

    var count: Int { lock.withLock { running } }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        lock.withLock { running += 1 }
        defer { lock.withLock { running -= 1 } }
        return try await next.respond(to: request)
    }

    /// Lifecycle handlers stop before the application's storage (and so its databases) is shut down.
    func shutdownAsync(_ app: Application) async {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: patience)
        while count > 0, clock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if count > 0 { app.logger.warning("Arrêt : \(count) requêtes encore en cours après \(patience).") }
    }
}
