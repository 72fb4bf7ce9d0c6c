import Foundation

@testable import Maillage

/// Models of the shared-resources pages (issue 14), for their snapshots.
enum SharingMock {
    static func organization(_ n: UInt8, _ name: String, _ commune: String) -> Organization {
        let o = Organization()
        o.id = Mock.id(n)
        (o.name, o.commune, o.category, o.status) = (name, commune, Category.aideAlimentaire.rawValue, OrganizationStatus.validated.rawValue)
        (o.latitude, o.longitude) = (43.2, 2.35)
        return o
    }

    static let bank = organization(1, "Banque Alimentaire de l'Aude", "Carcassonne")
    static let epicerie = organization(2, "Épicerie solidaire La Passerelle", "Narbonne")

    static func resource(_ kind: ResourceKind, _ name: String, capacity: Double, unit: String) -> SharedResource {
        let r = SharedResource()
        r.id = Mock.id(kind == .van ? 40 : 41)
        r.$organization.id = Mock.id(1)
        r.$organization.value = bank
        (r.kind, r.name, r.summary, r.capacity, r.unit) = (kind.rawValue, name, "Entrée par le quai 2.", capacity, unit)
        (r.refrigerated, r.bufferMinutes, r.needsApproval) = (true, kind.isExclusive ? 30 : 0, true)
        return r
    }

    static let van = resource(.van, "Camion frigorifique 20 m³", capacity: 3500, unit: "kg")
    static let room = resource(.coldRoom, "Chambre froide positive", capacity: 24, unit: "palettes")

    static func booking(_ n: UInt8, _ r: SharedResource, hours: (Double, Double), status: BookingStatus, quantity: Double = 1, outage: Bool = false)
        -> Booking
    {
        let b = Booking()
        b.id = Mock.id(n)
        b.$resource.id = r.id ?? Mock.id(40)
        b.$organization.id = Mock.id(2)
        b.$organization.value = outage ? bank : epicerie
        (b.start, b.end) = (Mock.date.addingTimeInterval(hours.0 * 3_600), Mock.date.addingTimeInterval(hours.1 * 3_600))
        (b.blockedUntil, b.quantity, b.isExclusive, b.isOutage) = (b.end, quantity, r.kindValue.isExclusive, outage)
        (b.status, b.purpose, b.reason) = (status.rawValue, outage ? "Hors service" : "Ramasse du jeudi", outage ? "Compresseur en panne" : "")
        return b
    }
}

extension ResourcesPage.Model {
    static let mock = ResourcesPage.Model(
        hits: [ResourceSearch.Hit(resource: SharingMock.van, organization: SharingMock.bank, distanceKm: 55.4)], kind: .van, territory: "", near: "Narbonne",
        nearError: nil, canShare: true, cold: true, from: "2026-12-03T14:00", to: "2026-12-03T17:00", rangeError: nil, freeIn: true)
}

extension ResourcePage.Model {
    static let mock: ResourcePage.Model = {
        let taken = SharingMock.booking(50, SharingMock.room, hours: (2, 30), status: .accepted, quantity: 4)
        let down = SharingMock.booking(51, SharingMock.room, hours: (40, 50), status: .accepted, quantity: 24, outage: true)
        var form = FormState<BookingField>(values: [.start: "2026-12-03T09:00", .end: "2026-12-03T12:00", .repeter: "hebdo"])
        form.refuse(.quantity, "Indiquez combien de palettes il vous faut (plus de 0).")
        return ResourcePage.Model(
            resource: SharingMock.room, organization: SharingMock.bank, owner: true, insider: true, taken: [taken, down],
            pending: [SharingMock.booking(52, SharingMock.room, hours: (60, 70), status: .pending, quantity: 2)], mine: [], askers: [], signedIn: true,
            form: form, report: [.init(start: Mock.date, end: Mock.date.addingTimeInterval(3_600), taken: nil)], now: Mock.date,
            calendar: "https://maillage.example/ressources/x/agenda.ics?jeton=secret", weekStart: Mock.date, week: [taken, down])
    }()
}

extension ResourceFormPage.Model {
    static let mock = ResourceFormPage.Model(
        organizations: [(Mock.id(1), "Banque Alimentaire de l'Aude")],
        form: FormState(values: [.kind: "van", .name: "Ca"], errors: [.name: "Un nom de 3 à 120 caractères, par exemple « Camion frigorifique 12 m³ »."]))
}

extension ResourceStatsPage.Model {
    static let mock = ResourceStatsPage.Model(
        resource: SharingMock.van,
        months: ResourceStats.months(endingAt: Mock.date, count: 3).enumerated().map { k, m in
            ResourceStats.Month(
                start: m.0, occupancy: 0.1 * Double(k), bookableHours: 300, bookedHours: 12 * Double(k), outageHours: 0, refusedCount: k, refusedHours: 2,
                byOrganization: ["Épicerie solidaire La Passerelle": 12 * Double(k)])
        }, showWho: true)
}

extension SharingMock {
    /// The van, open on weekdays 8 h – 18 h, with a quota and release of what is not picked up.
    static let ruledVan: SharedResource = {
        let r = resource(.van, "Camion frigorifique 20 m³", capacity: 3500, unit: "kg")
        (r.openDays, r.opensAt, r.closesAt, r.quotaHours, r.checkinMinutes, r.pendingHolds) = ("12345", 480, 1080, 20, 60, true)
        return r
    }()

    static let closure: ResourceClosure = {
        let c = ResourceClosure()
        c.id = Mock.id(60)
        c.$resource.id = Mock.id(40)
        (c.start, c.end, c.label) = (Mock.date.addingTimeInterval(20 * 86_400), Mock.date.addingTimeInterval(23 * 86_400), "Congés de Noël")
        return c
    }()
}

extension ResourcePage.Model {
    /// The van's month, with a booking, a breakdown and a closure.
    static let monthMock: ResourcePage.Model = {
        var m = ResourcePage.Model.mock
        let van = SharingMock.ruledVan
        m.resource = van
        let taken = SharingMock.booking(53, van, hours: (2, 6), status: .accepted)
        taken.holds = true
        let down = SharingMock.booking(54, van, hours: (48, 72), status: .accepted, outage: true)
        down.holds = true
        m.taken = [taken]
        m.pending = []
        m.report = nil
        m.closures = [SharingMock.closure]
        let first = Calendar.paris.date(from: Calendar.paris.dateComponents([.year, .month], from: Mock.date)) ?? Mock.date
        m.month = ResourceMonth(
            monthStart: first, exclusive: true, capacity: 1, opening: van.opening, closures: [(SharingMock.closure.start, SharingMock.closure.end)],
            bookings: [taken, down])
        return m
    }()
}

extension ResourceFormPage.Model {
    static let editMock = ResourceFormPage.Model(
        organizations: [(Mock.id(1), "Banque Alimentaire de l'Aude")], form: ResourceOwnerController.form(of: SharingMock.ruledVan),
        editing: SharingMock.ruledVan, closures: [SharingMock.closure],
        closure: FormState(values: [.du: "2026-12-24"], errors: [.au: "Indiquez le dernier jour fermé (le même pour un seul jour)."]))
}

extension BookingsPage.Model {
    static let mock: BookingsPage.Model = {
        let pending = SharingMock.booking(55, SharingMock.van, hours: (30, 34), status: .pending)
        pending.$resource.value = SharingMock.van
        let lent = SharingMock.booking(56, SharingMock.room, hours: (2, 30), status: .accepted, quantity: 4)
        lent.$resource.value = SharingMock.room
        let refused = SharingMock.booking(57, SharingMock.van, hours: (50, 52), status: .refused)
        (refused.$resource.value, refused.reason) = (SharingMock.van, "Camion déjà prêté ce matin-là.")
        return BookingsPage.Model(
            structures: [(Mock.id(1), "Banque Alimentaire de l'Aude"), (Mock.id(2), "Épicerie solidaire La Passerelle")], toAnswer: [pending], lent: [lent],
            borrowed: [refused],
            calendars: [
                ("Banque Alimentaire de l'Aude", "https://maillage.example/ressources/structures/x/agenda.ics?jeton=secret"),
                ("Épicerie solidaire La Passerelle", nil),
            ],
            now: Mock.date)
    }()
}

extension OverviewPage.Model {
    static let mock = OverviewPage.Model(
        territory: "11",
        lines: [
            .init(
                resource: SharingMock.van, organization: "Banque Alimentaire de l'Aude",
                year: ResourceStats.Month(
                    start: Mock.date, occupancy: 0.42, bookableHours: 3_000, bookedHours: 1_260, outageHours: 20, refusedCount: 7, refusedHours: 21,
                    byOrganization: ["A": 600, "B": 660])),
            .init(
                resource: SharingMock.room, organization: "Banque Alimentaire de l'Aude",
                year: ResourceStats.Month(
                    start: Mock.date, occupancy: 0.18, bookableHours: 200_000, bookedHours: 36_000, outageHours: 0, refusedCount: 0, refusedHours: 0,
                    byOrganization: ["A": 36_000])),
        ], from: Mock.date.addingTimeInterval(-365 * 86_400), to: Mock.date)
}
