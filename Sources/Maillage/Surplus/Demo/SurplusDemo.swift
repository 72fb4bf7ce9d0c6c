import Fluent
import Foundation

extension SurplusModule {
    /// The demo territory's surplus for tomorrow and the day after: farms, shops, the food bank and the central
    /// kitchen with too much; épiceries, Restos and Secours with needs; so that a visitor runs a dispatch at once.
    static func seedDemo(_ demo: DemoContext) async throws {
        let db = demo.db
        guard try await Lot.query(on: db).count() == 0 else { return }
        let orgs = try await Organization.query(on: db).all()
        let byName = Dictionary(orgs.compactMap { o in o.id.map { (o.name, $0) } }, uniquingKeysWith: { a, _ in a })
        let now = demo.app.clock.now
        let tomorrow = Day.of(now.addingTimeInterval(86_400)), after = Day.of(now.addingTimeInterval(2 * 86_400))
        func at(_ day: String, _ hour: Double) -> Date { Day.start(of: day).addingTimeInterval(hour * 3_600) }
        func inDays(_ n: Double) -> String { Day.of(now.addingTimeInterval(n * 86_400)) }
        // donor, product, category, kg, temperature, DLC?, date in days, lot number, day, pickup from, to (hours)
        let lots: [(String, String, FoodCategory, Double, TemperatureClass, Bool, Double, String, String, Double, Double)] = [
            ("Les Jardins des Corbières", "Courgettes et aubergines", .fruitsLegumes, 180, .ambiant, false, 6, "", tomorrow, 8, 12),
            ("Les Jardins des Corbières", "Salades (batavia)", .fruitsLegumes, 45, .frais, false, 3, "", tomorrow, 8, 12),
            ("Vergers du Lauragais", "Pommes Golden calibre hors norme", .fruitsLegumes, 320, .ambiant, false, 20, "VL-2611", tomorrow, 9, 16),
            ("Biocoop Narbonne", "Yaourts nature et fromages blancs", .produitsLaitiers, 38, .frais, true, 5, "L2611B", tomorrow, 14, 18),
            ("Biocoop Narbonne", "Pain de la veille", .feculents, 25, .ambiant, false, 2, "", tomorrow, 8, 10),
            ("Hypermarché du Carcassonnais", "Ramasse : produits laitiers", .produitsLaitiers, 140, .frais, true, 4, "HC-4471", tomorrow, 7, 10),
            ("Hypermarché du Carcassonnais", "Ramasse : conserves et pâtes", .feculents, 260, .ambiant, false, 120, "", tomorrow, 7, 10),
            ("Hypermarché du Carcassonnais", "Steaks hachés surgelés", .viandePoissonOeufs, 60, .surgele, true, 90, "SH-0912", tomorrow, 7, 10),
            ("Banque Alimentaire de l'Aude", "Lait UHT (surplus de collecte)", .produitsLaitiers, 600, .ambiant, false, 150, "", tomorrow, 8, 16),
            (
                "Cuisine centrale du Grand Narbonne", "Plats cuisinés non servis (hachis parmentier)", .platsPrepares, 55, .frais, true, 3, "CC-1129", tomorrow,
                13, 15
            ),
            ("Vergers du Lauragais", "Poires", .fruitsLegumes, 150, .ambiant, false, 15, "", after, 9, 16),
            ("Biocoop Narbonne", "Légumes abîmés (soupe)", .fruitsLegumes, 30, .ambiant, false, 3, "", after, 14, 18),
        ]
        for l in lots {
            guard let donor = byName[l.0] else { continue }
            let lot = Lot()
            lot.$organization.id = donor
            (lot.product, lot.category, lot.kg, lot.temperature) = (l.1, l.2, l.3, l.4)
            (lot.dateKind, lot.date, lot.lotNumber) = (l.5 ? .dlc : .ddm, inDays(l.6), l.7)
            if l.2 == .viandePoissonOeufs { lot.frozenOn = inDays(-30) }
            (lot.pickupFrom, lot.pickupTo) = (at(l.8, l.9), at(l.8, l.10))
            try await lot.create(on: db)
            try await LotEvent(lot: try lot.requireID(), kind: .declared, at: now, kg: l.3, organization: donor, user: nil).create(on: db)
        }
        // recipient, category, kg, day, from, to, people served
        let needs: [(String, String, Double, String, Double, Double, Int)] = [
            ("Épicerie solidaire La Passerelle", FoodCategory.any, 250, tomorrow, 9, 18, 320),
            ("Restos du Cœur — centre de Narbonne", FoodCategory.any, 400, tomorrow, 8, 17, 900),
            ("Restos du Cœur — centre de Carcassonne", FoodCategory.any, 450, tomorrow, 8, 17, 1_100),
            ("Secours populaire — Carcassonne", FoodCategory.fruitsLegumes.rawValue, 150, tomorrow, 9, 17, 450),
            ("Secours catholique — Limoux", FoodCategory.any, 120, tomorrow, 10, 16, 140),
            ("Croix-Rouge — unité locale de Castelnaudary", FoodCategory.any, 180, tomorrow, 9, 17, 260),
            ("Épicerie solidaire du Lézignanais", FoodCategory.any, 140, tomorrow, 9, 17, 180),
            ("Secours populaire — Port-la-Nouvelle", FoodCategory.any, 90, tomorrow, 9, 16, 120),
            ("Épicerie solidaire La Passerelle", FoodCategory.fruitsLegumes.rawValue, 100, after, 9, 18, 320),
        ]
        for n in needs {
            guard let recipient = byName[n.0] else { continue }
            let need = Need()
            need.$organization.id = recipient
            (need.category, need.kg, need.deliveryFrom, need.deliveryTo, need.peopleServed) = (n.1, n.2, at(n.3, n.4), at(n.3, n.5), n.6)
            try await need.create(on: db)
        }
        // The organic shop's recurring pickup, Mondays and Thursdays at closing time.
        if let biocoop = byName["Biocoop Narbonne"] {
            let series = LotSeries()
            series.$organization.id = biocoop
            (series.product, series.category, series.temperature, series.dateKind, series.shelfDays, series.kg) =
                ("Ramasse fruits et légumes du soir", .fruitsLegumes, .ambiant, .ddm, 3, 40)
            (series.weekdays, series.pickupStart, series.pickupEnd, series.startsOn) = ("14", 17 * 60, 18 * 60 + 30, Day.of(now))
            series.note = "Cagettes à l'entrée du quai, côté parking."
            try await series.create(on: db)
            try await SeriesService.generate(now: now, on: db, only: try series.requireID())
        }
        // A gleaning day in the Corbières, on Saturday morning.
        if let farm = byName["Les Jardins des Corbières"] {
            let field = GleaningField()
            field.$organization.id = farm
            (field.crop, field.expectedKg, field.place) = ("Courges et potimarrons", 900, "Chemin de la Garrigue, Lézignan-Corbières (parking de la cave)")
            (field.seasonFrom, field.seasonTo) = (Day.of(now), Day.of(now.addingTimeInterval(45 * 86_400)))
            (field.authorisation, field.note) = ("Sophie Roux, exploitante, accord écrit pour la saison", "Prévoir bottes et gants ; cagettes fournies.")
            try await field.create(on: db)
            var saturday = Day.of(now.addingTimeInterval(86_400))
            while Recurrence.weekday(saturday) != 6 { saturday = Day.of(Day.start(of: saturday).addingTimeInterval(36 * 3_600)) }
            let day = GleaningDay()
            day.$field.id = try field.requireID()
            (day.day, day.startsAt, day.endsAt, day.pickersNeeded) = (saturday, 9 * 60, 12 * 60, 12)
            (day.leader, day.equipment) = ("Sophie Roux, 06 12 34 56 78", "Gants, bottes, un couteau à courges si vous en avez")
            try await day.create(on: db)
        }
        // The Passerelle hands out within a day and does not want drinks.
        if let passerelle = byName["Épicerie solidaire La Passerelle"] {
            let profile = RecipientProfile()
            profile.$organization.id = passerelle
            profile.redistributesWithinHours = 24
            profile.preferenceMap = [.boissons: .refused, .fruitsLegumes: .wanted]
            try await profile.create(on: db)
        }
    }
}
