import Foundation
import NIOConcurrencyHelpers
import Testing
import Vapor

@testable import Maillage

/// Stopping the server waits for the requests still being answered before the databases close.
@Suite struct InFlightRequestsTests {
    /// A responder that answers only when the test opens its gate.
    struct Gate: AsyncResponder {
        let stream: AsyncStream<Void>
        func respond(to request: Request) async throws -> Response {
            for await _ in stream { break }
            return Response(status: .ok)
        }
    }

    @Test func stoppingWaitsForTheRequestsInFlight() async throws {
        try await withMaillage { app in
            let inFlight = InFlightRequests(patience: .seconds(30))
            let (stream, open) = AsyncStream<Void>.makeStream()
            let request = Request(application: app, on: app.eventLoopGroup.next())
            let answer = Task { try await inFlight.respond(to: request, chainingTo: Gate(stream: stream)) }
            while inFlight.count == 0 { try await Task.sleep(for: .milliseconds(5)) }
            let order = NIOLockedValueBox<[String]>([])
            let stop = Task {
                await inFlight.shutdownAsync(app)
                order.withLockedValue { $0.append("stopped") }
            }
            try await Task.sleep(for: .milliseconds(200))
            order.withLockedValue { $0.append("answered") }
            open.yield()
            open.finish()
            #expect(try await answer.value.status == .ok)
            await stop.value
            #expect(order.withLockedValue { $0 } == ["answered", "stopped"])
            #expect(inFlight.count == 0)
        }
    }
}
