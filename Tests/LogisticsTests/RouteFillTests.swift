import Foundation
import Testing

@testable import Logistics

/// Issue 16: tours take the food they can still carry, at no extra stop, under the allocation's rules.
@Suite struct RouteFillTests {
    let base = DayPlanTests()

    /// One van stops at the supermarket then at Coursan with 40 kg of 100; the 100 kg for Cuxac found no vehicle. The
    /// fill loads 60 kg of it for Coursan (what the van can still carry), and neither the yoghurts (no cold) nor
    /// the ham past its use-by date at delivery time.
    @Test func theVanTakesWhatItCanStillCarryAndNothingElse() throws {
        let sites = base.sites
        let lots = [
            base.lot("conserves", kg: 40), base.lot("pates", kg: 100), base.lot("yaourts", kg: 30, .chilled),
            Lot(
                id: "jambon", site: 1, category: "epicerie", kg: 20, temperature: .ambient, dateKind: .useBy, date: 530,
                pickup: TimeWindow(start: 480, end: 700)),
        ]
        let needs = [base.need("coursan", kg: 500), base.need("cuxac", site: 3, kg: 500)]
        let van = base.van("v", kg: 100)
        let shipments = [AllocationResult.Shipment(lot: 0, need: 0, kg: 40), .init(lot: 1, need: 1, kg: 100)]
        let consignments = DayPlanner.consign(shipments, lots: lots, needs: needs, sites: sites, vehicles: [van])
        #expect(consignments.count == 2 && consignments[0].kg == 40)
        var settings = base.settings()
        settings.allocation.now = 420
        let problem = DayPlanner.routingProblem(consignments, needs: needs, sites: sites, vehicles: [van], settings: settings)
        let d = problem.depotCount
        let solution = RoutingSolution(routes: [[d, d + 1]], vehicles: [0])
        let allocation = AllocationResult(
            shipments: shipments, unallocated: [.init(lot: 2, kg: 30, reason: .needsCovered), .init(lot: 3, kg: 20, reason: .needsCovered)],
            unmet: [460, 400], objective: 0)
        let filled = RouteFill.fill(
            consignments: consignments, problem: problem, solution: solution, undelivered: [1], allocation: allocation, lots: lots, needs: needs,
            sites: sites, settings: settings.allocation)
        #expect(filled.movedKg == 60)
        #expect(filled.consignments[0].kg == 100 && filled.consignments[1].kg == 40)
        #expect(filled.consignments[0].parts.map(\.lot) == [0, 1])
        #expect(SolutionChecker.check(solution, for: filled.problem, requireAllServed: false).isFeasible)
        #expect(filled.allocation.unmet == [400, 460])
        #expect(Set(filled.allocation.unallocated.map(\.lot)) == [2, 3])
    }

    /// The same days, the same search: the fill only ever adds kilos, and every kilo of every lot is delivered,
    /// reported undelivered with its consignment, or left over with its reason.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func theFillOnlyAddsAndEveryKiloIsAccountedFor(seed: UInt64) throws {
        let day = SyntheticDay.generate(lots: 150, needs: 24, vehicles: 3, seed: seed)
        var s = day.settings
        s.seconds = 30
        s.iterationLimit = 200
        s.seed = seed
        s.fillTours = false
        let before = try DayPlanner.plan(sites: day.sites, lots: day.lots, needs: day.needs, vehicles: day.vehicles, settings: s)
        s.fillTours = true
        let after = try DayPlanner.plan(sites: day.sites, lots: day.lots, needs: day.needs, vehicles: day.vehicles, settings: s)
        #expect(after.check.isFeasible, "\(after.check.violations)")
        #expect(after.deliveredKg >= before.deliveredKg - 1e-6)
        #expect(after.tours.map(\.km) == before.tours.map(\.km), "the same stops, the same roads")
        var accounted = [Double](repeating: 0, count: day.lots.count)
        for c in after.consignments { for p in c.parts { accounted[p.lot] += p.kg } }
        for left in after.allocation.unallocated { accounted[left.lot] += left.kg }
        for (i, lot) in day.lots.enumerated() { #expect(abs(accounted[i] - lot.kg) <= s.allocation.resolutionKg + 1e-6, "lot \(lot.id)") }
    }

    /// More vehicles never deliver less (same seed, same iteration limit).
    @Test func moreVehiclesNeverDeliverLess() throws {
        var delivered: [Double] = []
        for vehicles in [1, 2, 4] {
            let day = SyntheticDay.generate(lots: 120, needs: 20, vehicles: 4, seed: 5)
            var s = day.settings
            s.seconds = 30
            s.iterationLimit = 200
            delivered.append(
                try DayPlanner.plan(sites: day.sites, lots: day.lots, needs: day.needs, vehicles: Array(day.vehicles.prefix(vehicles)), settings: s).deliveredKg
            )
        }
        #expect(delivered == delivered.sorted(), "\(delivered)")
    }

    /// An excluded donor → need pair carries nothing; its food goes to the other need.
    @Test func anExcludedPairCarriesNothing() throws {
        let a = AllocationTests()
        let sites = [a.narbonne, a.coursan, a.coursan]
        let lots = [a.lot("pommes", kg: 100)]
        let needs = [a.need("epicerie", kg: 100, site: 1), a.need("resto", kg: 100, site: 2)]
        var settings = AllocationSettings()
        let both = try Allocator.allocate(lots: lots, needs: needs, sites: sites, settings: settings)
        #expect(Set(both.shipments.map(\.need)) == [0, 1], "diminishing returns share the lot")
        settings.excludedPairs = [SitePair(site: 0, need: 1)]
        let one = try Allocator.allocate(lots: lots, needs: needs, sites: sites, settings: settings)
        #expect(one.shipments.map(\.need) == [0] && one.shipments.map(\.kg) == [100])
    }

    /// A short fleet: small pairs are consolidated. A fleet that suffices: the first allocation is kept.
    @Test func smallPairsAreConsolidatedOnlyWhenTheFleetIsShort() throws {
        let day = SyntheticDay.generate(lots: 150, needs: 24, vehicles: 4, seed: 2)
        var s = day.settings
        s.seconds = 30
        s.iterationLimit = 100
        s.seed = 2
        let first = try Allocator.allocate(lots: day.lots, needs: day.needs, sites: day.sites, settings: s.allocation)
        func smallPairs(_ shipments: [AllocationResult.Shipment]) -> Int {
            var kg: [SitePair: Double] = [:]
            for x in shipments { kg[SitePair(site: day.lots[x.lot].site, need: x.need), default: 0] += x.kg }
            return kg.values.filter { $0 < s.consolidateKg }.count
        }
        let one = Array(day.vehicles.prefix(1))
        let short =
            DayPlanner.consign(first.shipments, lots: day.lots, needs: day.needs, sites: day.sites, vehicles: one).count
            > DayPlanner.stopCapacity(one, s)
        #expect(short, "one vehicle is short for this day")
        s.fillTours = false
        let plan = try DayPlanner.plan(sites: day.sites, lots: day.lots, needs: day.needs, vehicles: one, settings: s)
        #expect(plan.check.isFeasible)
        #expect(smallPairs(plan.allocation.shipments) < smallPairs(first.shipments))
        // Forty vehicles for the same day: nothing is consolidated.
        var ample = day.vehicles
        while ample.count < 40 { ample += day.vehicles }
        let wide = try DayPlanner.plan(sites: day.sites, lots: day.lots, needs: day.needs, vehicles: ample, settings: s)
        #expect(wide.allocation.shipments == first.shipments)
    }
}
