import Fluent
import Foundation
import Logistics
import Vapor

/// `maillage bench-fairness [--days 30] [--seconds 1]`: a month of daily dispatches on one generated territory (the
/// same recipients every day, new lots each day, scarce food), planned three ways side by side — with the fairness
/// ledger (issue 15), the same planner without it, and first come, first served (each lot to the first need declared
/// that can take it, then the same tours). Prints one `RESULT` line per way: spread of kg per person served across
/// recipients (Gini), kg delivered, kg of use-by food lost. No database.
struct BenchFairnessCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "days", help: "Jours simulés (défaut 30)") var days: Int?
        @Option(name: "seconds", help: "Secondes de calcul par jour (défaut 1)") var seconds: Double?
        @Option(name: "lots", help: "Lots par jour (défaut 600)") var lots: Int?
        @Option(name: "needs", help: "Besoins par jour (défaut 150)") var needs: Int?
        @Option(name: "vehicles", help: "Véhicules (défaut 20)") var vehicles: Int?
    }
    var help: String { "Simule un mois de répartitions : registre d'équité, sans registre, premier arrivé premier servi." }

    enum Way: String, CaseIterable { case ledger = "registre", plain = "sans-registre", fcfs = "premier-arrive" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let days = max(1, signature.days ?? 30), seconds = signature.seconds ?? 1
        let base = SyntheticDay.generate(lots: signature.lots ?? 600, needs: signature.needs ?? 150, vehicles: signature.vehicles ?? 20, seed: 1)
        let recipients = Set(base.needs.map(\.site))
        var people: [Int: Int] = [:]
        for n in base.needs { people[n.site] = max(people[n.site] ?? 0, n.peopleServed) }
        var received: [Way: [Int: Double]] = [:]
        var delivered: [Way: Double] = [:], expired: [Way: Double] = [:]
        for day in 0..<days {
            // The same donors (the first sites) with the day's lots; the same recipients, wanting more or less.
            var rng = RandomSource(seed: UInt64(10_000 + day))
            let lots = SyntheticDay.generate(lots: base.lots.count, needs: 1, vehicles: 1, seed: UInt64(1_000 + day)).lots
            let needs = base.needs.map { n -> Logistics.Need in
                var n = n
                n.kg = (n.kg * (0.5 + rng.unit())).rounded()
                return n
            }
            for way in Way.allCases {
                var dayNeeds = needs, dayLots = lots
                switch way {
                case .ledger:
                    let ids = Dictionary(uniqueKeysWithValues: recipients.map { ($0, UUID()) })
                    let weights = Fairness.weights(
                        received: Dictionary(uniqueKeysWithValues: ids.map { ($0.value, received[way]?[$0.key] ?? 0) }),
                        people: Dictionary(uniqueKeysWithValues: ids.map { ($0.value, people[$0.key] ?? 1) }))
                    for i in dayNeeds.indices { dayNeeds[i].weight = ids[dayNeeds[i].site].flatMap { weights[$0] } ?? 1 }
                case .plain: break
                case .fcfs: dayLots = Self.firstComeFirstServed(lots, needs: dayNeeds, sites: base.sites, settings: base.settings.allocation)
                }
                var settings = base.settings
                settings.seconds = seconds
                let plan = try DayPlanner.plan(sites: base.sites, lots: dayLots, needs: dayNeeds, vehicles: base.vehicles, settings: settings)
                let left = Set(plan.undelivered.map(\.consignment))
                var placedByLot = [Double](repeating: 0, count: dayLots.count)
                for (c, consignment) in plan.consignments.enumerated() where !left.contains(c) {
                    for part in consignment.parts {
                        received[way, default: [:]][dayNeeds[part.need].site, default: 0] += part.kg
                        placedByLot[part.lot] += part.kg
                    }
                }
                delivered[way, default: 0] += plan.deliveredKg
                // Use-by food not delivered today and past its date by tomorrow morning is thrown away.
                for (i, lot) in dayLots.enumerated() where lot.dateKind == .useBy && lot.date < 1440 + 420 {
                    expired[way, default: 0] += max(0, lot.kg - placedByLot[i])
                }
            }
            context.console.print("DAY \(day + 1) " + Way.allCases.map { "\($0.rawValue)=\(Int(delivered[$0] ?? 0))" }.joined(separator: " "))
        }
        for way in Way.allCases {
            let perPerson = recipients.sorted().map { (received[way]?[$0] ?? 0) / Double(max(1, people[$0] ?? 1)) }
            context.console.print(
                "RESULT \(way.rawValue) gini=\(String(format: "%.4f", Fairness.gini(perPerson))) kg=\(Int(delivered[way] ?? 0)) expired_kg=\(Int(expired[way] ?? 0)) days=\(days)"
            )
        }
    }

    /// Each lot, in pickup order, goes to the first need (in declaration order) that can take it — category,
    /// preferences, storage, distance, windows, use-by — as much as fits; the planner then only makes the tours.
    static func firstComeFirstServed(_ lots: [Logistics.Lot], needs: [Logistics.Need], sites: [Site], settings: AllocationSettings) -> [Logistics.Lot] {
        var room = needs.map(\.kg)
        var storage = needs.map(\.storage)
        var result: [Logistics.Lot] = []
        for lot in lots.sorted(by: { ($0.pickup.start, $0.id) < ($1.pickup.start, $1.id) }) {
            var remaining = lot.kg
            for (j, need) in needs.enumerated() where remaining > 0.05 && room[j] > 0.05 && need.accepts(lot) {
                let a = sites[lot.site], b = sites[need.site]
                let km =
                    GeoPoint(latitude: a.latitude, longitude: a.longitude).distanceKm(to: GeoPoint(latitude: b.latitude, longitude: b.longitude))
                    * settings.roadFactor
                guard km <= settings.maxDistanceKm else { continue }
                let arrival = max(lot.pickup.start + km / settings.speedKmPerMinute, need.delivery.start)
                guard arrival <= need.delivery.end, lot.dateKind == .bestBefore || arrival <= need.useByDeadline(lot) else { continue }
                let cold = lot.temperature == .ambient ? Double.infinity : storage[j][lot.temperature] ?? 0
                let kg = min(remaining, room[j], cold).rounded(.down)
                guard kg >= 1 else { continue }
                var part = lot
                (part.id, part.kg, part.onlyNeed) = ("\(lot.id)-\(j)", kg, need.id)
                result.append(part)
                room[j] -= kg
                if lot.temperature != .ambient { storage[j][lot.temperature, default: 0] -= kg }
                remaining -= kg
            }
            if remaining > 0.05 {
                // Nobody could take the rest: offered to nobody (it stays with the donor).
                var rest = lot
                (rest.id, rest.kg, rest.onlyNeed) = ("\(lot.id)-reste", remaining, "personne")
                result.append(rest)
            }
        }
        return result
    }
}

/// `maillage generate-surplus-day [--donors 80] [--recipients 150] [--vans 30]`: the structures of one département's
/// day for `scripts/bench-surplus` (generated in the Aude, validated), a person who is referent of all of them and
/// animator of the Aude, storage for the recipients, and the territory's vans (no approval, out 6:00–20:00 every
/// day). Prints `USER <e-mail>`, then `DONOR <id>` and `RECIPIENT <id>` lines. The lots and needs are then created
/// through the API by the benchmark.
struct GenerateSurplusDayCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "donors", help: "Donateurs (défaut 80)") var donors: Int?
        @Option(name: "recipients", help: "Destinataires (défaut 150)") var recipients: Int?
        @Option(name: "vans", help: "Véhicules (défaut 30)") var vans: Int?
        @Option(name: "password", help: "Mot de passe du compte de mesure (pour lire les pages)") var password: String?
    }
    var help: String { "Génère les structures et véhicules d'un département pour la mesure de la répartition." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareDatabase(app)
        let donors = max(1, signature.donors ?? 80), recipients = max(1, signature.recipients ?? 150), vans = max(0, signature.vans ?? 30)
        _ = try await BenchmarkData.generate(count: donors + recipients, seed: 7, departement: "11", on: app.db)
        let orgs = try await Organization.query(on: app.db).filter(\.$status == OrganizationStatus.validated.rawValue).sort(\.$name).all().compactMap(\.id)
        guard orgs.count >= donors + recipients, let aude = try await Territory.find(code: "11", on: app.db), let audeID = aude.id else { return }
        let email = "banc.repartition@maillage.test"
        let user = User(email: email, name: "Banc d'essai", passwordHash: try await app.password.async.hash(signature.password ?? SecretToken.generate()))
        user.emailVerifiedAt = app.clock.now
        try await user.create(on: app.db)
        let userID = try user.requireID()
        try await TerritoryRole(userID: userID, territoryID: audeID, role: .animator).create(on: app.db)
        // Storage of the recipients, drawn before the transaction (seeded, so two runs measure the same day).
        var rng = RandomSource(seed: 7)
        let storage = (0..<recipients).map { _ in
            (rng.unit() < 0.6 ? (100 + rng.unit() * 400).rounded() : 0, rng.unit() < 0.4 ? (50 + rng.unit() * 150).rounded() : 0)
        }
        try await app.db.writeTransaction { tx in
            for (i, org) in orgs.prefix(donors + recipients).enumerated() {
                try await Membership(userID: userID, organizationID: org, role: .referent).create(on: tx)
                guard i >= donors else { continue }
                let (cold, frozen) = storage[i - donors]
                if cold > 0 { try await Capacity(organizationID: org, temperature: .frais, capacityKg: cold, note: "").create(on: tx) }
                if frozen > 0 { try await Capacity(organizationID: org, temperature: .surgele, capacityKg: frozen, note: "").create(on: tx) }
            }
            for v in 0..<vans {
                let r = SharedResource()
                r.$organization.id = orgs[v % donors]
                (r.kind, r.name, r.summary, r.capacity, r.unit) = (ResourceKind.van.rawValue, "Véhicule \(v + 1)", "", [600, 900, 1200, 1500][v % 4], "kg")
                (r.refrigerated, r.bufferMinutes, r.needsApproval, r.openDays, r.opensAt, r.closesAt) = (v % 2 == 0, 0, false, "1234567", 360, 1200)
                try await r.create(on: tx)
            }
        }
        context.console.print("USER \(email)")
        for org in orgs.prefix(donors) { context.console.print("DONOR \(org.uuidString.lowercased())") }
        for org in orgs.dropFirst(donors).prefix(recipients) { context.console.print("RECIPIENT \(org.uuidString.lowercased())") }
    }
}
