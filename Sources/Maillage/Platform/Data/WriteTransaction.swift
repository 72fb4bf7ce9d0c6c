import Fluent
import NIOConcurrencyHelpers
import SQLKit

/// A FIFO async mutex: waiters resume in arrival order.
actor AsyncMutex {
    private var locked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func lock() async {
        if !locked {
            locked = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func unlock() {
        if waiters.isEmpty { locked = false } else { waiters.removeFirst().resume() }
    }
}

/// Bumped after every write transaction of this process: caches built from the database (coverage) know
/// at once that this instance changed something, without asking the database.
enum WriteGeneration {
    private static let counter = NIOLockedValueBox<UInt64>(0)
    static var current: UInt64 { counter.withLockedValue { $0 } }
    static func bump() { counter.withLockedValue { $0 &+= 1 } }
}

enum WriteGate {
    /// One per process: SQLite has one writer per file, and a deferred transaction that reads and then writes
    /// fails at once (SQLITE_BUSY) when another wrote meanwhile. PostgreSQL needs no gate.
    static let sqlite = AsyncMutex()
}

extension Database {
    var isSQLite: Bool { (self as? any SQLDatabase)?.dialect.name == "sqlite" }

    /// A transaction for changes: serialized on SQLite, plain on PostgreSQL (its row locks and constraints suffice).
    func writeTransaction<T: Sendable>(_ body: @Sendable @escaping (any Database) async throws -> T) async throws -> T {
        defer { WriteGeneration.bump() }
        guard isSQLite else { return try await transaction(body) }
        await WriteGate.sqlite.lock()
        do {
            let result = try await transaction(body)
            await WriteGate.sqlite.unlock()
            return result
        } catch {
            await WriteGate.sqlite.unlock()
            throw error
        }
    }
}
