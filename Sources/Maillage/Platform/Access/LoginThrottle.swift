import Fluent
import Foundation
import SQLKit

/// Slows password guessing without letting anyone lock someone else out (issue 11, finding 7).
///
/// Per account and client address: the first failures cost nothing, then each one doubles the wait before the
/// next try (2 s, 4 s… up to 15 min). The slot is taken by a conditional update *before* the password is
/// checked, so 60 guesses sent at once get one check, not 60. The right password always works once the wait
/// is over, and guesses from another address do not delay the owner. Per client address, failures across
/// accounts beyond a generous allowance add a short wait too, so one address cannot try every account.
enum LoginThrottle {
    static let freeFailures = 4
    static let maxDelay: TimeInterval = 15 * 60
    /// How long a check may take before its slot is free again (a crash mid-check).
    static let lease: TimeInterval = 10
    /// Failures older than this are forgotten.
    static let memory: TimeInterval = 3600
    static let perAddressFree = 50
    static let perAddressMaxDelay: TimeInterval = 60

    struct Ticket: Sendable {
        var pair: String
        var address: String
    }

    enum Outcome: Sendable {
        case check(Ticket)
        case wait(seconds: Int)
    }

    static func delay(afterFailures n: Int) -> TimeInterval {
        n <= freeFailures ? 0 : min(pow(2, Double(n - freeFailures)), maxDelay)
    }

    static func addressDelay(afterFailures n: Int) -> TimeInterval {
        n <= perAddressFree ? 0 : min(pow(2, Double(n - perAddressFree)), perAddressMaxDelay)
    }

    static func keys(email: String, ip: String?) -> Ticket {
        let address = ip ?? "inconnue"
        return Ticket(pair: "pair:" + SecretToken.hash(email.lowercased() + "|" + address), address: "ip:" + address)
    }

    /// Takes the slot of this account and address, or says how long to wait.
    static func claim(email: String, ip: String?, now: Date, on db: any Database) async throws -> Outcome {
        guard let sql = db as? any SQLDatabase else { return .wait(seconds: 60) }
        let ticket = keys(email: email, ip: ip)
        for key in [ticket.pair, ticket.address] {
            try await sql.insert(into: LoginThrottleRow.schema).columns("key", "failures", "next_allowed_at", "updated_at")
                .values(SQLBind(key), SQLBind(0), SQLBind(Date(timeIntervalSince1970: 0)), SQLBind(now))
                .ignoringConflicts(with: "key").run()
        }
        // Half a second of slack: dates come back from the database rounded.
        let slack = now.addingTimeInterval(0.5)
        if let address = try await LoginThrottleRow.find(ticket.address, on: db), address.nextAllowedAt > slack {
            return .wait(seconds: max(1, Int(address.nextAllowedAt.timeIntervalSince(now).rounded())))
        }
        let taken = try await sql.update(LoginThrottleRow.schema).set("next_allowed_at", to: now.addingTimeInterval(lease))
            .where("key", .equal, ticket.pair).where("next_allowed_at", .lessThanOrEqual, slack)
            .returning("key").all()
        if !taken.isEmpty { return .check(ticket) }
        let wait = try await LoginThrottleRow.find(ticket.pair, on: db).map { $0.nextAllowedAt.timeIntervalSince(now) } ?? lease
        return .wait(seconds: max(1, Int(wait.rounded())))
    }

    static func succeeded(_ ticket: Ticket, on db: any Database) async throws {
        try await LoginThrottleRow.query(on: db).filter(\.$id == ticket.pair).delete()
    }

    static func failed(_ ticket: Ticket, now: Date, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        let cutoff = now.addingTimeInterval(-memory)
        for (key, wait) in [(ticket.pair, delay(afterFailures:)), (ticket.address, addressDelay(afterFailures:))] {
            // Counted in the database, so that failures from many requests at once all count.
            let rows = try await sql.update(LoginThrottleRow.schema)
                .set("failures", to: SQLQueryString("CASE WHEN updated_at < \(bind: cutoff) THEN 1 ELSE failures + 1 END"))
                .set("updated_at", to: now)
                .where("key", .equal, key).returning("failures").all()
            guard let failures = try rows.first?.decode(column: "failures", as: Int.self) else { continue }
            try await sql.update(LoginThrottleRow.schema).set("next_allowed_at", to: now.addingTimeInterval(wait(failures)))
                .where("key", .equal, key).run()
        }
    }
}
