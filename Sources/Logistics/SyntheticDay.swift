import Foundation

/// A generated département's day, for benchmarks and tests only: towns of an Aude-sized area, donors
/// (supermarkets, farms, wholesalers) with their lots, recipients with their needs, depots and a mixed fleet.
/// Times are minutes since midnight. The same seed always gives the same day.
public struct SyntheticDay: Sendable {
    public var sites: [Site]
    public var lots: [Lot]
    public var needs: [Need]
    public var vehicles: [Vehicle]
    /// When the plan is made (7:00).
    public var now: Double

    public static let categories = ["fruits-legumes", "pain", "epicerie", "laitages", "viande", "plats", "surgeles"]

    static func temperature(of category: String) -> TemperatureClass {
        switch category {
        case "laitages", "viande", "plats": return .chilled
        case "surgeles": return .frozen
        default: return .ambient
        }
    }

    public static func generate(lots lotCount: Int, needs needCount: Int, vehicles vehicleCount: Int, seed: UInt64 = 1) -> SyntheticDay {
        var rng = RandomSource(seed: seed)
        func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
        let now = 420.0
        // Towns with a weight (a market town is heavier than a village), spread over about 90 × 120 km.
        let towns = (0..<14).map { _ in (lat: 42.75 + rng.unit() * 0.7, lon: 1.8 + rng.unit() * 1.3, weight: 0.2 + rng.unit() * rng.unit() * 3) }
        let totalWeight = towns.reduce(0) { $0 + $1.weight }
        func nearTown(_ id: String, spreadKm: Double = 4, opening: TimeWindow? = nil) -> Site {
            var draw = rng.unit() * totalWeight
            var town = towns[towns.count - 1]
            for t in towns { if draw < t.weight { town = t; break }; draw -= t.weight }
            // Sum of uniforms: most places close to the centre, a few in the outskirts.
            let dy = (rng.unit() + rng.unit() + rng.unit() - 1.5) * spreadKm / 111
            let dx = (rng.unit() + rng.unit() + rng.unit() - 1.5) * spreadKm / 81
            return Site(id: id, latitude: town.lat + dy, longitude: town.lon + dx, opening: opening)
        }

        var sites: [Site] = []
        enum DonorKind { case supermarket, farm, wholesaler }
        let donorCount = max(1, lotCount / 25)
        var donorKinds: [DonorKind] = []
        for d in 0..<donorCount {
            let u = rng.unit()
            let kind: DonorKind = u < 0.5 ? .supermarket : u < 0.8 ? .farm : .wholesaler
            donorKinds.append(kind)
            let opening: TimeWindow
            switch kind {
            case .supermarket: opening = TimeWindow(start: 480, end: 1140)
            case .farm: opening = TimeWindow(start: 420, end: 720)
            case .wholesaler: opening = TimeWindow(start: 360, end: 900)
            }
            sites.append(nearTown("donateur-\(d)", spreadKm: kind == .farm ? 12 : 4, opening: opening))
        }
        let recipientCount = max(1, (needCount + 1) / 2)
        let recipientBase = sites.count
        for r in 0..<recipientCount {
            let opening = rng.unit() < 0.75 ? TimeWindow(start: 540, end: 1080) : TimeWindow(start: 810, end: 1110)
            sites.append(nearTown("destinataire-\(r)", opening: opening))
        }
        let depotBase = sites.count
        let depotCount = max(1, vehicleCount / 4)
        for k in 0..<depotCount { sites.append(nearTown("entrepot-\(k)", spreadKm: 2, opening: TimeWindow(start: 420, end: 1140))) }

        let lots: [Lot] = (0..<lotCount).map { i in
            let donor = Int(rng.next() % UInt64(donorCount))
            let category: String
            let kg: Double
            let window: TimeWindow
            switch donorKinds[donor] {
            case .supermarket:
                category = pick(["fruits-legumes", "pain", "epicerie", "laitages", "viande", "plats", "surgeles"])
                kg = (2 + rng.unit() * rng.unit() * 30).rounded()
                window = rng.unit() < 0.5 ? TimeWindow(start: 480, end: 690) : TimeWindow(start: 840, end: 1020)
            case .farm:
                category = pick(["fruits-legumes", "fruits-legumes", "laitages"])
                kg = (10 + rng.unit() * 40).rounded()
                window = TimeWindow(start: 420, end: 720)
            case .wholesaler:
                category = pick(["epicerie", "laitages", "viande", "surgeles", "fruits-legumes"])
                kg = (15 + rng.unit() * rng.unit() * 100).rounded()
                window = TimeWindow(start: 360, end: 900)
            }
            let temperature = temperature(of: category)
            // Chilled and frozen food carries a use-by date (a few already past), the rest a best-before date.
            let useBy = temperature != .ambient
            let date = useBy ? (rng.unit() < 0.02 ? now - 60 : now + 300 + rng.unit() * 4000) : now - 2000 + rng.unit() * 22000
            return Lot(
                id: "lot-\(i)", site: donor, category: category, kg: kg, temperature: temperature,
                dateKind: useBy ? .useBy : .bestBefore, date: date, pickup: window)
        }
        let needs: [Need] = (0..<needCount).map { j in
            let site = recipientBase + j % recipientCount
            var storage: [TemperatureClass: Double] = [:]
            if rng.unit() < 0.6 { storage[.chilled] = (50 + rng.unit() * 350).rounded() }
            if rng.unit() < 0.4 { storage[.frozen] = (20 + rng.unit() * 180).rounded() }
            return Need(
                id: "besoin-\(j)", site: site, category: rng.unit() < 0.6 ? nil : pick(categories),
                kg: (50 + rng.unit() * 450).rounded(), delivery: sites[site].opening ?? TimeWindow(start: 540, end: 1080),
                storage: storage, peopleServed: 20 + Int(rng.unit() * 580))
        }
        let vehicles: [Vehicle] = (0..<vehicleCount).map { v in
            let u = rng.unit()
            let shift = u < 0.6 ? TimeWindow(start: 450, end: 1050) : u < 0.8 ? TimeWindow(start: 450, end: 780) : TimeWindow(start: 780, end: 1110)
            return Vehicle(
                id: "vehicule-\(v)", depot: depotBase + v % depotCount, capacityKg: pick([600, 900, 1200, 1500]),
                refrigerated: rng.unit() < 0.5, shift: shift)
        }
        return SyntheticDay(sites: sites, lots: lots, needs: needs, vehicles: vehicles, now: now)
    }

    /// Settings for a département: recipients within 30 km, planned at `now`.
    public var settings: DayPlanSettings {
        var s = DayPlanSettings()
        s.allocation.now = now
        s.allocation.maxDistanceKm = 30
        return s
    }
}
