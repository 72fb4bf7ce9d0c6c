import Fluent
import Foundation
import Vapor

/// Ressources partagées (DESIGN.md §3, issue 14): what structures lend each other — cold rooms, vans, kitchens, a
/// mobile cannery — asked for and answered, never booked twice (the database's rule on both engines).
enum SharingModule: MaillageModule {
    static let title = "Ressources partagées"
    static let prefixes = ["/ressources", "/api/v1/resources", "/api/v1/bookings"]

    static func register(_ routes: ModuleRoutes) {
        routes.everyone.get(SharingURL.resources, use: SharingController.list)
        routes.signedIn.get(SharingURL.newResource, use: SharingController.newForm)
        routes.signedIn.post(SharingURL.newResource, use: SharingController.create)
        routes.signedIn.get(SharingURL.ours, use: BookingsController.ours)
        routes.everyone.get(SharingURL.overview, use: BookingsController.overview)
        routes.everyone.get(SharingURL.resource, use: SharingController.show)
        // Only the lending structure's members change a resource; either structure of a booking notes the pick-up.
        routes.member(of: ResourceScope.self).get(SharingURL.edit, use: ResourceOwnerController.edit)
        routes.member(of: ResourceScope.self).post(SharingURL.edit, use: ResourceOwnerController.update)
        routes.member(of: ResourceScope.self).post(SharingURL.closures, use: ResourceOwnerController.addClosure)
        routes.member(of: ClosureScope.self).post(SharingURL.removeClosure, use: ResourceOwnerController.removeClosure)
        routes.party(to: BookingScope.self).post(SharingURL.checkIn, use: ResourceOwnerController.checkIn)
        routes.everyone.get(SharingURL.structureCalendar, use: ResourceCalendar.structureFeed)
        routes.structureMember.post(SharingURL.structureCalendarAddress, use: BookingsController.newCalendarAddress)
        routes.everyone.get(SharingURL.stats, use: SharingController.stats)
        routes.everyone.get(SharingURL.statsCSV, use: SharingController.statsCSV)
        // Calendar programs read it without an account: the secret in its address is the permission.
        routes.everyone.get(SharingURL.calendar, use: ResourceCalendar.feed)
        // Anyone signed in asks, for one of their structures (`ResourceService.requester` checks the one the form
        // names); the lender answers and marks a breakdown; either structure cancels.
        routes.signedIn.post(SharingURL.request, use: SharingController.request)
        routes.member(of: ResourceScope.self).post(SharingURL.outage, use: SharingController.outage)
        routes.member(of: BookingAnswerScope.self).post(SharingURL.accept, use: SharingController.accept)
        routes.member(of: BookingAnswerScope.self).post(SharingURL.refuse, use: SharingController.refuse)
        routes.party(to: BookingScope.self).post(SharingURL.cancel, use: SharingController.cancel)

        routes.apiPublic.get(SharingURL.apiResources, use: SharingAPIController.list)
        routes.apiToken.post(SharingURL.apiResources, use: SharingAPIController.create)
        routes.apiToken.get(SharingURL.apiBookings, use: SharingAPIController.bookings)
        routes.apiToken.post(SharingURL.apiBookings, use: SharingAPIController.book)
        routes.member(of: BookingAnswerScope.self).post(SharingURL.apiAccept, use: SharingAPIController.accept)
    }

    static let menu = [MenuEntry("Ressources partagées", SharingURL.resources.path, in: .logistics, for: .everyone)]

    static let resourceCreated = AuditAction("ressource.création", "Ressource partagée")
    static let bookingRequested = AuditAction("réservation.demande", "Réservation demandée")
    static let bookingAccepted = AuditAction("réservation.acceptation", "Réservation acceptée")
    static let bookingRefused = AuditAction("réservation.refus", "Réservation refusée")
    static let bookingCancelled = AuditAction("réservation.annulation", "Réservation annulée")
    static let resourceOutage = AuditAction("ressource.panne", "Ressource hors service")
    static let resourceUpdated = AuditAction("ressource.modification", "Ressource modifiée")
    static let resourceClosed = AuditAction("ressource.fermeture", "Fermeture de ressource")
    static let bookingCheckedIn = AuditAction("réservation.retrait", "Ressource retirée")
    static let calendarAddress = AuditAction("ressource.agenda", "Adresse d'agenda")
    static let auditActions = [
        resourceCreated, bookingRequested, bookingAccepted, bookingRefused, bookingCancelled, resourceOutage, resourceUpdated, resourceClosed,
        bookingCheckedIn, calendarAddress,
    ]

    static let bookingToAnswer = NotificationKind("reservation-a-traiter", "Une structure demande une de nos ressources")
    static let bookingDecision = NotificationKind("reservation-reponse", "Réponse à une de nos demandes de ressource")
    static let notificationKinds = [bookingToAnswer, bookingDecision]

    static let migrations: [(order: Int, migration: any Migration)] = [
        (28, CreateSharedResources()), (29, AddBookingOutage()), (30, AddResourceCalendarToken()), (31, AddResourceRules()),
    ]
    static let frequentTasks: [@Sendable (Application, Date) async throws -> Void] = [
        { app, now in try await ResourceOwnerController.releaseUnclaimed(app: app, now: now) }
    ]
    static let widgets: [any DashboardWidget.Type] = [BookingsWidget.self]
    static let openAPI: String? = "sharing"
    static let stylesheet: String? = "sharing"
    static let cooperation: [any CooperationSource] = [SharedBookings()]
}

extension SharingModule {
    /// The demo territory's shared equipment (issue 14): cold rooms, vans (one refrigerated), a kitchen, the mobile
    /// cannery, and a few bookings between structures.
    static func seedDemo(_ demo: DemoContext) async throws {
        let db = demo.db
        guard try await SharedResource.query(on: db).count() == 0 else { return }
        func org(_ name: String) async throws -> Organization? { try await Organization.query(on: db).filter(\.$name == name).first() }
        let items: [(String, ResourceKind, String, Double, String, Bool, Int, Bool, String)] = [
            (
                "Banque Alimentaire de l'Aude", .coldRoom, "Chambre froide positive (0–4 °C)", 24, "palettes", true, 0, true,
                "Entrée par le quai 2. Palettes filmées et étiquetées (structure, date) ; pas de produits ouverts."
            ),
            ("Banque Alimentaire de l'Aude", .freezer, "Chambre négative (−18 °C)", 10, "palettes", true, 0, true, "Produits déjà congelés uniquement."),
            (
                "Banque Alimentaire de l'Aude", .van, "Camion frigorifique 20 m³", 3500, "kg", true, 30, true,
                "Permis C1 ; chauffeur de la Banque possible le mardi. Rendu propre, plein fait."
            ),
            (
                "Restos du Cœur — centre de Narbonne", .coldRoom, "Chambre froide du centre", 6, "palettes", true, 0, true,
                "Accès aux heures d'ouverture du centre."
            ),
            ("Secours populaire — Carcassonne", .van, "Fourgon 12 m³", 1200, "kg", false, 15, false, "Clés à l'accueil."),
            ("CCAS de Narbonne", .van, "Utilitaire 6 m³", 700, "kg", false, 15, false, "Réservé aux livraisons solidaires."),
            (
                "Cuisine centrale du Grand Narbonne", .kitchen, "Cuisine pédagogique", 12, "places", false, 60, true,
                "Ateliers cuisine les après-midi ; tenue et charlotte fournies."
            ),
            (
                "Chambre froide partagée de Castelnaudary", .cannery, "Conserverie mobile", 800, "bocaux/jour", false, 120, true,
                "Stérilisateur et sertisseuse sur remorque ; formation hygiène obligatoire."
            ),
        ]
        var resources: [SharedResource] = []
        for item in items {
            guard let owner = try await org(item.0), let ownerID = owner.id else { continue }
            let r = SharedResource()
            r.$organization.id = ownerID
            (r.kind, r.name, r.capacity, r.unit, r.refrigerated, r.bufferMinutes, r.needsApproval, r.summary) =
                (item.1.rawValue, item.2, item.3, item.4, item.5, item.6, item.7, item.8)
            r.calendarToken = SecretToken.generate()
            try await r.create(on: db)
            resources.append(r)
        }
        // The owners' rules: pick-up on working hours, a fair share of the truck, the holidays, and the small van
        // given back to others when not picked up within the hour.
        let now = demo.app.clock.now
        if resources.count > 4 {
            (resources[0].openDays, resources[0].opensAt, resources[0].closesAt) = ("12345", 8 * 60, 17 * 60)
            (resources[1].openDays, resources[1].opensAt, resources[1].closesAt) = ("12345", 8 * 60, 17 * 60)
            (resources[2].openDays, resources[2].opensAt, resources[2].closesAt, resources[2].quotaHours) = ("123456", 7 * 60, 19 * 60, 40)
            (resources[3].openDays, resources[3].opensAt, resources[3].closesAt) = ("123456", 9 * 60, 18 * 60)
            resources[4].checkinMinutes = 60
            for r in resources.prefix(5) { try await r.save(on: db) }
            let year = Calendar.paris.component(.year, from: now.addingTimeInterval(30 * 86_400))
            if let from = LocalMoment.day("\(year)-12-24"), let to = LocalMoment.day("\(year)-12-27"), to > now {
                let closure = ResourceClosure()
                (closure.$resource.id, closure.start, closure.end, closure.label) = (try resources[0].requireID(), from, to, "Fermeture de Noël")
                try await closure.create(on: db)
            }
        }
        // A few answered requests, so that the pages show a calendar and a reason.
        guard let epicerie = try await org("Épicerie solidaire La Passerelle")?.id, let restos = try await org("Restos du Cœur — centre de Narbonne")?.id
        else { return }
        // A week from today, 8:00 UTC (9:00 or 10:00 in Paris): within every resource's pick-up hours.
        let nextWeek = Calendar(identifier: .gregorian).startOfDay(for: now).addingTimeInterval(7 * 86_400 + 8 * 3_600)
        let plans: [(Int, UUID, Double, Double, Double, BookingStatus, String, String)] = [
            (0, epicerie, 0, 72, 4, .accepted, "Surplus de la collecte nationale", ""),
            (0, restos, 24, 96, 8, .accepted, "Stock tampon avant la campagne d'hiver", ""),
            (2, epicerie, 50, 54, 1, .accepted, "Ramasse au marché d'intérêt national", ""),
            (2, restos, 26, 30, 1, .pending, "Livraison des colis de Noël", ""),
            (4, epicerie, 2, 5, 1, .refused, "Déménagement de la réserve", "Fourgon déjà prêté ce matin-là : essayez l'après-midi."),
        ]
        // Six months of history, so that the usage page has something to show a funder: the cold room filled a
        // week a month, the van one morning a week, and requests it could not take.
        for week in 1...26 {
            let day = nextWeek.addingTimeInterval(-Double(week) * 7 * 86_400 + 3_600)
            if resources.count > 2 {
                let van = resources[2]
                let b = Booking()
                (b.$resource.id, b.$organization.id) = (try van.requireID(), week % 3 == 0 ? restos : epicerie)
                (b.start, b.end) = (day, day.addingTimeInterval(4 * 3_600))
                (b.blockedUntil, b.quantity, b.isExclusive) = (b.end.addingTimeInterval(Double(van.bufferMinutes) * 60), 1, true)
                (b.status, b.purpose, b.reason) = (BookingStatus.accepted.rawValue, "Ramasse du mardi", "")
                try await BookingService.seed(b, of: van, on: db)
                if week % 4 == 1 {
                    let refused = Booking()
                    (refused.$resource.id, refused.$organization.id) = (try van.requireID(), restos)
                    (refused.start, refused.end) = (day.addingTimeInterval(3_600), day.addingTimeInterval(3 * 3_600))
                    (refused.blockedUntil, refused.quantity, refused.isExclusive) = (refused.end, 1, true)
                    (refused.status, refused.purpose, refused.reason) =
                        (BookingStatus.refused.rawValue, "Livraison urgente", "Impossible : le camion est déjà pris ce matin-là.")
                    try await refused.create(on: db)
                }
            }
            if week % 4 == 2, let room = resources.first {
                let b = Booking()
                (b.$resource.id, b.$organization.id) = (try room.requireID(), week % 8 == 2 ? epicerie : restos)
                (b.start, b.end) = (day, day.addingTimeInterval(9 * 86_400))
                (b.blockedUntil, b.quantity, b.isExclusive) = (b.end, Double(6 + week % 7), false)
                (b.status, b.purpose, b.reason) = (BookingStatus.accepted.rawValue, "Surplus de collecte", "")
                try await BookingService.seed(b, of: room, on: db)
            }
        }
        for p in plans where p.0 < resources.count {
            let r = resources[p.0]
            let b = Booking()
            b.$resource.id = try r.requireID()
            b.$organization.id = p.1
            b.start = nextWeek.addingTimeInterval(p.2 * 3_600)
            b.end = nextWeek.addingTimeInterval(p.3 * 3_600)
            b.blockedUntil = b.end.addingTimeInterval(Double(r.bufferMinutes) * 60)
            b.quantity = r.kindValue.isExclusive ? 1 : p.4
            b.isExclusive = r.kindValue.isExclusive
            b.status = p.5.rawValue
            b.purpose = p.6
            b.reason = p.7
            if p.5 == .accepted {
                try await BookingService.seed(b, of: r, on: db)
            } else {
                try await b.create(on: db)
            }
        }
    }
}
