import Foundation

@testable import Maillage

/// Models of the surplus pages (issue 15), for their snapshots.
enum SurplusMock {
    static func place(_ n: UInt8, _ name: String, _ commune: String, _ address: String, _ postalCode: String) -> Organization {
        let o = SharingMock.organization(n, name, commune)
        (o.address, o.postalCode) = (address, postalCode)
        o.$contacts.value = []
        return o
    }
    static let farm = place(3, "Les Jardins des Corbières", "Lézignan-Corbières", "Chemin de la Garrigue", "11200")
    static let epicerie = place(2, "Épicerie solidaire La Passerelle", "Narbonne", "12 rue Droite", "11100")

    static let lot: Lot = {
        let l = Lot()
        l.id = Mock.id(60)
        l.$organization.id = Mock.id(3)
        l.$organization.value = farm
        (l.product, l.category, l.kg, l.temperature, l.dateKind, l.date) = ("Salades (batavia)", .fruitsLegumes, 45, .frais, .dlc, "2026-12-06")
        (l.lotNumber, l.pickupFrom, l.pickupTo, l.allocatedKg) = ("JC-2611", Mock.date, Mock.date.addingTimeInterval(4 * 3_600), 45)
        l.status = .reserved
        return l
    }()

    static let need: Need = {
        let n = Need()
        n.id = Mock.id(61)
        n.$organization.id = Mock.id(2)
        n.$organization.value = epicerie
        (n.category, n.kg, n.deliveryFrom, n.deliveryTo, n.peopleServed) = ("any", 250, Mock.date, Mock.date.addingTimeInterval(8 * 3_600), 320)
        return n
    }()

    static func event(_ n: UInt8, _ kind: LotEvent.Kind, hours: Double, kg: Double, at org: Organization, note: String = "", temperature: Double? = nil)
        -> LotEvent
    {
        let e = LotEvent(
            lot: Mock.id(60), kind: kind, at: Mock.date.addingTimeInterval(hours * 3_600), kg: kg, organization: org.id, user: nil, note: note,
            temperature: temperature)
        e.id = Mock.id(n)
        e.$organization.value = .some(org)
        e.$user.value = .some(nil)
        return e
    }

    static let delivery: Delivery = {
        let d = Delivery()
        d.id = Mock.id(62)
        d.$lot.id = Mock.id(60)
        d.$lot.value = lot
        d.$need.id = Mock.id(61)
        d.$need.value = need
        d.$dispatch.id = Mock.id(63)
        (d.kg, d.tour, d.status, d.collectedKg, d.temperatureC) = (45, 0, .collected, 45, 3.5)
        return d
    }()

    static let dispatch: Dispatch = {
        let d = Dispatch()
        d.id = Mock.id(63)
        (d.day, d.seconds, d.status) = ("2026-12-02", 5, .done)
        return d
    }()

    static let plan = DispatchPlan(
        allocations: [.init(lot_id: Mock.id(60), need_id: Mock.id(61), kg: 45, tour: 0)],
        tours: [
            .init(
                vehicle_id: Mock.id(40), departure: Mock.date.ISO8601Format(), back: Mock.date.addingTimeInterval(5 * 3_600).ISO8601Format(), km: 62.4,
                stops: [
                    .init(
                        kind: "pickup", lot_id: Mock.id(60), need_id: Mock.id(61), organization_id: Mock.id(3),
                        arrival: Mock.date.addingTimeInterval(1_800).ISO8601Format(), kg: 45),
                    .init(
                        kind: "delivery", lot_id: Mock.id(60), need_id: Mock.id(61), organization_id: Mock.id(2),
                        arrival: Mock.date.addingTimeInterval(5_400).ISO8601Format(), kg: 45),
                ])
        ],
        unallocated: [.init(lot_id: Mock.id(60), kg: 12, reason: "besoins compatibles trop éloignés")],
        vehicles_left_out: [.init(vehicle_id: Mock.id(41), reason: "ne sort pas ce jour-là")],
        needs: [.init(need_id: Mock.id(61), kg: 45, wanted: 250)], kg_offered: 57, kg_placed: 45, kg_expiring: 12, km: 62.4, co2_kg: 15.6, seconds: 5)
}

extension LotPage.Model {
    static func mock() throws -> LotPage.Model {
        LotPage.Model(
            lot: try .init(SurplusMock.lot), donor: SurplusMock.farm.name,
            steps: [
                .init(SurplusMock.event(70, .declared, hours: -20, kg: 45, at: SurplusMock.farm)),
                .init(SurplusMock.event(71, .allocated, hours: -10, kg: 45, at: SurplusMock.farm, note: "Répartition du 02/12/2026")),
                .init(SurplusMock.event(72, .collected, hours: 0.5, kg: 45, at: SurplusMock.farm, temperature: 3.5)),
                .init(SurplusMock.event(73, .defect, hours: 3, kg: 2, at: SurplusMock.epicerie, note: "Deux salades abîmées")),
            ],
            recipients: [.init(SurplusMock.delivery)], canManage: false, canReport: true)
    }
}

extension LotFormPage.Model {
    static let mock: LotFormPage.Model = {
        var form = FormState<LotField>()
        (form.values[.category], form.values[.product], form.values[.kg]) = ("produits-laitiers", "Yaourts", "12")
        (form.values[.temperature], form.values[.date_kind], form.values[.date]) = ("frais", "dlc", "2026-12-02")
        form.refuse(
            .date,
            "Il restera moins de 48 h avant la DLC à la collecte : aucune structure du territoire n'a déclaré redistribuer aussi vite. Avancez la collecte.")
        return LotFormPage.Model(structures: [(Mock.id(3), SurplusMock.farm.name)], form: form)
    }()
}

extension DispatchPage.Model {
    static let mock = DispatchPage.Model(
        dispatch: SurplusMock.dispatch, territory: TerritorySummary(code: "11", name: "Aude"), plan: SurplusMock.plan, lots: [Mock.id(60): SurplusMock.lot],
        needs: [Mock.id(61): SurplusMock.need], vans: [Mock.id(40): "Camion frigorifique 20 m³ (Banque Alimentaire de l'Aude)", Mock.id(41): "Fourgon 12 m³"],
        error: nil, vanBookings: [0: .init(status: .pending, sentence: "en attente de Banque Alimentaire de l'Aude")],
        roomBookings: [.init(status: .refused, sentence: "refusé par Épicerie du Canal : chambre pleine")])
}

extension RouteSheetPage.Model {
    static let mock: RouteSheetPage.Model = {
        let d = SurplusMock.dispatch
        d.status = .accepted
        let farm = SurplusMock.farm, epicerie = SurplusMock.epicerie
        let item = RouteSheet.Item(delivery: SurplusMock.delivery, lot: SurplusMock.lot, recipient: epicerie.name)
        let sheet = RouteSheet(
            number: 1, vehicle: "Camion frigorifique 20 m³", departure: Mock.date, back: Mock.date.addingTimeInterval(5 * 3_600), km: 62.4,
            stops: [
                .init(pickup: true, place: farm, arrival: Mock.date.addingTimeInterval(1_800), items: [item]),
                .init(pickup: false, place: epicerie, arrival: Mock.date.addingTimeInterval(5_400), items: [item]),
            ])
        return RouteSheetPage.Model(dispatch: d, sheets: [sheet], marking: true, errors: [:])
    }()
}
