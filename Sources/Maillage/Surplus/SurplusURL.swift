import Foundation

/// The addresses of the surplus exchange (issue 15): lots and needs, the daily dispatch, its plan and tours.
enum SurplusURL {
    static let board = Path0("/dons")
    static let newLot = Path0("/dons/lots/nouveau")
    static let lot = Path1<UUID>("/dons/lots/:id")
    static let withdraw = Path1<UUID>("/dons/lots/:id/retirer")
    static let newNeed = Path0("/dons/besoins/nouveau")
    static let closeNeed = Path1<UUID>("/dons/besoins/:id/clore")
    static let preferences = Path1<UUID>("/dons/structures/:id/preferences")
    static let newDispatch = Path1<String>("/dons/territoires/:code/repartition")
    static let dispatch = Path1<UUID>("/dons/repartitions/:id")
    static let acceptDispatch = Path1<UUID>("/dons/repartitions/:id/accepter")
    static let dispatchCSV = Path1<UUID>("/dons/repartitions/:id/plan.csv")
    static let toursGeoJSON = Path1<UUID>("/dons/repartitions/:id/tournees.geojson")
    static let routeSheets = Path1<UUID>("/dons/repartitions/:id/feuilles-de-route")
    static let routeSheet = Path2<UUID, Int>("/dons/repartitions/:id/tournees/:tour")
    static let mark = Path1<UUID>("/dons/livraisons/:id")
    static let urgent = Path1<UUID>("/dons/lots/:id/urgent")
    static let acceptUrgent = Path1<UUID>("/dons/urgents/:id/accepter")
    static let declineUrgent = Path1<UUID>("/dons/urgents/:id/decliner")
    static let recalls = Path1<String>("/dons/territoires/:code/rappels")
    static let recall = Path1<UUID>("/dons/rappels/:id")
    static let acknowledge = Path2<UUID, UUID>("/dons/structures/:id/rappels/:recall")

    static let apiLots = Path0("/api/v1/lots")
    static let apiLot = Path1<UUID>("/api/v1/lots/:id")
    static let apiLotEvents = Path1<UUID>("/api/v1/lots/:id/events")
    static let apiNeeds = Path0("/api/v1/needs")
    static let apiDispatches = Path0("/api/v1/dispatches")
    static let apiDispatch = Path1<UUID>("/api/v1/dispatches/:id")
    static let apiAcceptDispatch = Path1<UUID>("/api/v1/dispatches/:id/accept")
}
