import Fluent
import Foundation
import Logistics
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// Issue 15: the donation rules and the fairness ledger as plain Swift.
@Suite struct DonationRulesTests {
    let now = Date(timeIntervalSince1970: 1_796_000_000)

    func draft(kg: String = "12,5", kind: DateKind = .ddm, date: Date, from: Date, hours: Double = 3) -> DonationRules.LotDraft {
        DonationRules.LotDraft(
            category: "produits-laitiers", product: "Yaourts", kg: kg, temperature: "frais", dateKind: kind.rawValue, date: Day.of(date),
            pickupFrom: SurplusController.localText(from), pickupTo: SurplusController.localText(from.addingTimeInterval(hours * 3_600)))
    }

    @Test func useByNeedsTwoDaysUnlessSomeoneRedistributesFaster() throws {
        let pickup = now.addingTimeInterval(3_600)
        // DLC the day after tomorrow: about two days and a half at pickup — fine.
        #expect((try? DonationRules.validate(draft(kind: .dlc, date: now.addingTimeInterval(2.5 * 86_400), from: pickup), now: now).get()) != nil)
        // DLC tomorrow: less than 48 h; refused unless a recipient redistributes within 24 h.
        let tomorrow = draft(kind: .dlc, date: now.addingTimeInterval(86_400), from: pickup)
        guard case .failure(let failure) = DonationRules.validate(tomorrow, now: now) else {
            Issue.record("less than 48 h of DLC accepted")
            return
        }
        #expect(failure.errors[.date]?.contains("48 h") == true)
        #expect((try? DonationRules.validate(tomorrow, now: now, fastestHours: 12).get()) != nil)
        // Past its DLC at pickup: never; past its DDM: still given.
        #expect((try? DonationRules.validate(draft(kind: .dlc, date: now.addingTimeInterval(-86_400), from: pickup), now: now, fastestHours: 1).get()) == nil)
        #expect((try? DonationRules.validate(draft(kind: .ddm, date: now.addingTimeInterval(-10 * 86_400), from: pickup), now: now).get()) != nil)
    }

    @Test func quantitiesWindowsAndFrozenMeat() throws {
        let pickup = now.addingTimeInterval(3_600), date = now.addingTimeInterval(30 * 86_400)
        for bad in ["0", "-3", "40001", "abc", "nan", ""] {
            guard case .failure(let f) = DonationRules.validate(draft(kg: bad, date: date, from: pickup), now: now) else {
                Issue.record("\(bad) kg accepted")
                continue
            }
            #expect(f.errors[.kg] != nil, "\(bad)")
        }
        var units = draft(kg: "", date: date, from: pickup)
        (units.units, units.unitKg) = ("24", "0,5")
        #expect(try DonationRules.validate(units, now: now).get().kg == 12)
        // A window ending before it starts, and one already over.
        #expect(DonationRules.validate(draft(date: date, from: pickup, hours: -1), now: now).failureFields?["pickup_to"] != nil)
        #expect(DonationRules.validate(draft(date: date, from: now.addingTimeInterval(-5 * 3_600)), now: now).failureFields?["pickup_to"] != nil)
        // Frozen meat carries its freezing date.
        var meat = draft(date: date, from: pickup)
        (meat.category, meat.temperature) = ("viande-poisson-oeufs", "surgele")
        #expect(DonationRules.validate(meat, now: now).failureFields?["frozen_on"] != nil)
        meat.frozenOn = Day.of(now.addingTimeInterval(-20 * 86_400))
        #expect(try DonationRules.validate(meat, now: now).get().frozenOn == meat.frozenOn)
        // Needs: "any" category, people served required.
        let need = DonationRules.NeedDraft(
            category: "any", kg: "80", deliveryFrom: SurplusController.localText(pickup),
            deliveryTo: SurplusController.localText(pickup.addingTimeInterval(3_600)),
            peopleServed: "120")
        #expect(try DonationRules.validate(need, now: now).get().category == "any")
        var noPeople = need
        noPeople.peopleServed = ""
        #expect(DonationRules.validate(noPeople, now: now).failureFields?["people_served"] != nil)
    }

    @Test func fairnessWeighsTheLessServedMore() {
        let a = UUID(), b = UUID(), c = UUID()
        let w = Fairness.weights(received: [a: 1_000, b: 0], people: [a: 100, b: 100, c: 50])
        #expect((w[b] ?? 0) > 1 && (w[a] ?? 2) < 1 && (w[c] ?? 0) == w[b])
        #expect(w.values.allSatisfy { Fairness.range.contains($0) })
        #expect(Fairness.gini([1, 1, 1, 1]) == 0)
        #expect(abs(Fairness.gini([0, 0, 0, 4]) - 0.75) < 1e-9)
    }

    @Test func whatLeavesTheVanAddsUpToWhatWasLoaded() throws {
        #expect(try DeliveryRules.collect(planned: 40, kg: "", temperature: "").get() == .init(kg: 40, temperature: nil))
        #expect(DeliveryRules.collect(planned: 40, kg: "90", temperature: "").failureFields?["kg"] != nil)
        #expect(DeliveryRules.collect(planned: 40, kg: "38", temperature: "70").failureFields?["temperature"] != nil)
        // Everything delivered by default; a refusal needs its reason; more than loaded is refused.
        #expect(try DeliveryRules.handOver(collected: 38, delivered: "", refused: "", lost: "", reason: "", temperature: "3").get().delivered == 38)
        #expect(DeliveryRules.handOver(collected: 38, delivered: "40", refused: "", lost: "", reason: "", temperature: "").failureFields?["delivered"] != nil)
        #expect(DeliveryRules.handOver(collected: 38, delivered: "30", refused: "", lost: "", reason: "", temperature: "").failureFields?["delivered"] != nil)
        #expect(DeliveryRules.handOver(collected: 38, delivered: "30", refused: "8", lost: "", reason: "", temperature: "").failureFields?["reason"] != nil)
        let split = try DeliveryRules.handOver(collected: 38, delivered: "30", refused: "6", lost: "2", reason: "Pas de place", temperature: "").get()
        #expect(split.delivered + split.refused + split.lost == 38)
    }

    @Test func recallsFindLotsByNumberOrByNameAndDates() {
        let byNumber = RecallSearch.Criteria(product: "Yaourts", lotNumbers: RecallSearch.numbers("ab 12-7, X9"), dateFrom: nil, dateTo: nil)
        #expect(RecallSearch.matches(byNumber, product: "Autre chose", lotNumber: "AB-127", date: "2026-12-01"))
        #expect(!RecallSearch.matches(byNumber, product: "Yaourts nature", lotNumber: "AB-128", date: "2026-12-01"))
        let byName = RecallSearch.Criteria(product: "Fromage blanc Bio", lotNumbers: [], dateFrom: "2026-12-01", dateTo: "2026-12-10")
        #expect(RecallSearch.matches(byName, product: "FROMAGE BLANC bio 500 g", lotNumber: "", date: "2026-12-05"))
        #expect(!RecallSearch.matches(byName, product: "Fromage blanc bio", lotNumber: "", date: "2026-12-11"))
        #expect(!RecallSearch.matches(byName, product: "Fromage de chèvre", lotNumber: "", date: "2026-12-05"))
    }

    @Test func weeklyPickupsKeepTheirDaysAndHoursAcrossSummerTime() {
        // Tuesdays and Fridays from Monday 22 March 2027 to Friday 2 April; summer time starts on Sunday 28 March.
        let days = Recurrence.days(weekdays: [2, 5], from: "2027-03-22", to: "2027-04-02", startsOn: "2027-03-01", until: nil)
        #expect(days == ["2027-03-23", "2027-03-26", "2027-03-30", "2027-04-02"])
        #expect(days.map { LocalTime.moment(Recurrence.moment($0, minutes: 8 * 60), departement: "11").minutes } == [480, 480, 480, 480])
        #expect(Recurrence.days(weekdays: [2, 5], from: "2027-03-22", to: "2027-04-02", startsOn: "2027-03-27", until: "2027-03-31") == ["2027-03-30"])
    }

    @Test func foodGivenInItsLastThreeDaysIsValuedAtHalf() {
        let line = DonorSummary.Line(
            day: "2026-12-01", product: "Yaourts", category: .produitsLaitiers, lotNumber: "", dateKind: .dlc, date: "2026-12-03", kg: 10, recipient: "")
        #expect(line.rate == 0.5)
        var later = line
        later.date = "2026-12-04"
        #expect(later.rate == 1)
        var ddm = line
        ddm.dateKind = .ddm
        #expect(ddm.rate == 1)
    }

    @Test func preferencesRoundTrip() {
        let p = RecipientProfile()
        p.preferenceMap = [.produitsLaitiers: .refused, .fruitsLegumes: .wanted, .boissons: .accepted]
        #expect(p.preferences == "fruits-legumes=wanted;produits-laitiers=refused")
        #expect(p.preferenceMap == [.produitsLaitiers: .refused, .fruitsLegumes: .wanted])
    }
}

extension Result {
    /// The refused fields by their names, nil when the rule accepted.
    var failureFields: [String: String]? {
        switch self {
        case .success: nil
        case .failure(let f): (f as? any FieldRefusal)?.fields ?? [:]
        }
    }
}
