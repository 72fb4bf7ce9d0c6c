import Fluent
import Foundation
import Logistics
import SQLKit
import Vapor

/// `maillage generate-resources --count N [--history-days D]`: shared resources for the booking benchmark (issue
/// 14), half vans, half cold rooms of 20 pallets, lent by generated structures of the Aude, booked at once (no
/// approval, so that every request meets the database's rules). With `--history-days`, one accepted booking a week
/// per resource over that many past days, for the usage pages. Prints `BORROWER <e-mail>` then
/// `RESOURCE <id> <exclusive 0|1>` per resource.
struct GenerateResourcesCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "count", help: "Nombre de ressources (défaut 20)") var count: Int?
        @Option(name: "history-days", help: "Jours d'historique de réservations (défaut 0)") var historyDays: Int?
        @Option(name: "seed", help: "Graine du générateur (défaut 42)") var seed: Int?
    }
    var help: String { "Génère des ressources partagées (et un historique) pour les mesures de performance." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareDatabase(app)
        let count = max(1, signature.count ?? 20)
        var rng = RandomSource(seed: UInt64(signature.seed ?? 42))
        _ = try await BenchmarkData.generate(count: max(4, count / 5 + 2), seed: UInt64(signature.seed ?? 42), departement: "11", on: app.db)
        let organizations = try await Organization.query(on: app.db).filter(\.$status == OrganizationStatus.validated.rawValue).sort(\.$name).all()
        guard let borrower = organizations.first, let borrowerID = borrower.id else { return }
        let owners = organizations.dropFirst().compactMap(\.id)
        // The person who asks, through the API, for the borrowing structure.
        let email = "banc.essai@maillage.test"
        let hash = try await app.password.async.hash(SecretToken.generate())
        let user = try await User.query(on: app.db).filter(\.$email == email).first() ?? User(email: email, name: "Banc d'essai", passwordHash: hash)
        user.emailVerifiedAt = app.clock.now
        try await user.save(on: app.db)
        try await Membership(userID: try user.requireID(), organizationID: borrowerID, role: .referent).create(on: app.db)
        context.console.print("BORROWER \(email)")
        let now = app.clock.now
        let days = signature.historyDays ?? 0
        for n in 0..<count {
            let r = SharedResource()
            let van = n % 2 == 0
            r.$organization.id = owners[n % owners.count]
            (r.kind, r.name, r.summary) = (
                van ? ResourceKind.van.rawValue : ResourceKind.coldRoom.rawValue, "\(van ? "Camion" : "Chambre froide") \(n + 1)", ""
            )
            (r.capacity, r.unit, r.refrigerated, r.bufferMinutes, r.needsApproval) = (van ? 1200 : 20, van ? "kg" : "palettes", true, van ? 30 : 0, false)
            r.calendarToken = SecretToken.generate()
            try await r.create(on: app.db)
            // A week's loan pattern: a 4-hour van trip or 3 days of 1 to 8 pallets, and a request refused now and then.
            var day = days
            while day > 0 {
                let start = Calendar.paris.startOfDay(for: now.addingTimeInterval(-Double(day) * 86_400)).addingTimeInterval(8 * 3_600)
                let b = Booking()
                (b.$resource.id, b.$organization.id, b.start) = (try r.requireID(), borrowerID, start)
                b.end = start.addingTimeInterval(van ? 4 * 3_600 : 3 * 86_400)
                (b.blockedUntil, b.quantity, b.isExclusive) = (
                    b.end.addingTimeInterval(Double(r.bufferMinutes) * 60), van ? 1 : Double(Int.random(in: 1...8, using: &rng)), van
                )
                (b.status, b.purpose, b.reason) = (BookingStatus.accepted.rawValue, "Historique généré", "")
                try await BookingService.seed(b, of: r, on: app.db)
                if Int.random(in: 0..<5, using: &rng) == 0 {
                    let refused = Booking()
                    (refused.$resource.id, refused.$organization.id, refused.start, refused.end) = (b.$resource.id, borrowerID, b.start, b.end)
                    (refused.blockedUntil, refused.quantity, refused.isExclusive) = (b.blockedUntil, b.quantity, van)
                    (refused.status, refused.purpose, refused.reason) = (BookingStatus.refused.rawValue, "", "Impossible : déjà pris.")
                    try await refused.create(on: app.db)
                }
                day -= 7
            }
            context.console.print("RESOURCE \(try r.requireID().uuidString.lowercased()) \(van ? 1 : 0)")
        }
    }
}

/// `maillage check-bookings`: reads every booking that holds a place and checks, without the ledger, that no two
/// overlap on a whole resource and that no instant is over capacity on a shared one. Prints one `CHECK` line; exits
/// with an error when something is over.
struct CheckBookingsCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Vérifie qu'aucune réservation ne dépasse la capacité (après un banc d'essai)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let resources = try await SharedResource.query(on: app.db).all()
        var over = 0, held = 0
        for r in resources {
            let bookings = try await Booking.query(on: app.db).filter(\.$resource.$id == r.requireID()).filter(\.$holds == true).all()
            held += bookings.count
            // Sweep: +quantity at the start, −quantity at the end (of the buffer for a whole resource); ends first at a tie.
            var events: [(Date, Double)] = []
            for b in bookings {
                let end = r.kindValue.isExclusive ? b.blockedUntil : b.end
                events += [(b.start, b.quantity), (end, -b.quantity)]
            }
            events.sort { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
            let limit = r.kindValue.isExclusive ? 1 : r.capacity
            var load = 0.0
            for (_, delta) in events {
                load += delta
                if load > limit + 0.000001 { over += 1 }
            }
        }
        context.console.print("CHECK resources=\(resources.count) holding=\(held) over_capacity=\(over)")
        if over > 0 { throw AppConfig.Invalid(variable: "bookings", reason: "\(over) instants au-delà de la capacité") }
    }
}
