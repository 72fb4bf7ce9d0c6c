import Foundation

/// The platform's own addresses: assets, the journal, the demo's outbox, the API's description.
enum PlatformURL {
    /// The site's front page (a module draws it).
    static let root = "/"
    /// `/static/<name>-<hash>.<ext>`: a new file is a new address, so browsers may keep each one for a year.
    static let asset = Path1<String>("/static/:file")
    /// Leaflet from Debian's packages (`MapLibrary`).
    static let mapLibrary = Path1<String>("/static/leaflet/:file")
    static let mapLibraryImage = Path1<String>("/static/leaflet/images/:file")
    static let journal = Path0("/journal")
    static let dashboard = Path0("/mon-espace")
    static let notifications = Path0("/notifications")
    static let notificationOpen = Path1<UUID>("/notifications/:id/ouvrir")
    static let notificationsRead = Path0("/notifications/tout-lu")
    static let admin = Path0("/administration")
    static let adminRetry = Path1<UUID>("/administration/courriels/:id/reessayer")
    static let legalNotice = Path0("/mentions-legales")
    static let privacy = Path0("/confidentialite")
    static let accessibility = Path0("/accessibilite")
    static let contact = Path0("/contact")
    static let demoOutbox = Path0("/demo/boite-mail")
    static let apiPing = Path0("/api/v1/ping")
    static let apiOpenAPI = Path0("/api/v1/openapi.json")
}
