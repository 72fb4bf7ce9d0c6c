import Foundation

/// The addresses of shared resources: finding, sharing, asking and answering, and the API of issue 14.
enum SharingURL {
    static let resources = Path0("/ressources")
    static let newResource = Path0("/ressources/nouvelle")
    static let ours = Path0("/ressources/reservations")
    static let overview = Path0("/ressources/utilisation")
    static let structureCalendar = Path1<UUID>("/ressources/structures/:id/agenda.ics")
    static let structureCalendarAddress = Path1<UUID>("/ressources/structures/:id/agenda")
    static let resource = Path1<UUID>("/ressources/:id")
    static let edit = Path1<UUID>("/ressources/:id/modifier")
    static let closures = Path1<UUID>("/ressources/:id/fermetures")
    static let removeClosure = Path1<UUID>("/ressources/fermetures/:id/supprimer")
    static let checkIn = Path1<UUID>("/ressources/reservations/:id/retrait")
    static let request = Path1<UUID>("/ressources/:id/demandes")
    static let outage = Path1<UUID>("/ressources/:id/hors-service")
    static let stats = Path1<UUID>("/ressources/:id/utilisation")
    static let statsCSV = Path1<UUID>("/ressources/:id/utilisation.csv")
    static let calendar = Path1<UUID>("/ressources/:id/agenda.ics")
    static let accept = Path1<UUID>("/ressources/reservations/:id/accepter")
    static let refuse = Path1<UUID>("/ressources/reservations/:id/refuser")
    static let cancel = Path1<UUID>("/ressources/reservations/:id/annuler")

    static let apiResources = Path0("/api/v1/resources")
    static let apiBookings = Path1<UUID>("/api/v1/resources/:id/bookings")
    static let apiAccept = Path1<UUID>("/api/v1/bookings/:id/accept")
}
