import Fluent
import Foundation
import Vapor

/// What every module stands on: assets, the journal, the outbox, the API's description.
enum PlatformModule: MaillageModule {
    static let title = "Plateforme"
    static let prefixes = [
        "/static", "/journal", "/demo", "/mon-espace", "/notifications", "/administration", "/mentions-legales",
        "/confidentialite", "/accessibilite", "/contact", "/api/v1/ping", "/api/v1/openapi.json",
    ]

    static func register(_ routes: ModuleRoutes) {
        routes.everyone.get(PlatformURL.asset, use: Assets.serve)
        routes.everyone.get(PlatformURL.mapLibrary, use: MapLibrary.serve)
        routes.everyone.get(PlatformURL.mapLibraryImage, use: MapLibrary.serveImage)
        routes.animator.get(PlatformURL.journal, use: JournalController.journal)
        routes.signedIn.get(PlatformURL.dashboard, use: DashboardController.dashboard)
        routes.signedIn.get(PlatformURL.notifications, use: NotificationsController.inbox)
        routes.signedIn.get(PlatformURL.notificationOpen, use: NotificationsController.open)
        routes.signedIn.post(PlatformURL.notificationsRead, use: NotificationsController.markAllRead)
        routes.admin.get(PlatformURL.admin, use: AdminController.page)
        routes.admin.post(PlatformURL.adminRetry, use: AdminController.retry)
        routes.everyone.get(PlatformURL.legalNotice, use: LegalController.legalNotice)
        routes.everyone.get(PlatformURL.privacy, use: LegalController.privacy)
        routes.everyone.get(PlatformURL.accessibility, use: LegalController.accessibility)
        routes.everyone.get(PlatformURL.contact, use: LegalController.contactForm)
        routes.visitors.post(PlatformURL.contact, use: LegalController.contact)
        routes.demo.get(PlatformURL.demoOutbox, use: DemoOutboxController.list)
        routes.apiPublic.get(PlatformURL.apiPing, use: PlatformAPIController.ping)
        routes.apiPublic.get(PlatformURL.apiOpenAPI, use: PlatformAPIController.openAPI)
    }

    static let menu = [
        MenuEntry("Journal", PlatformURL.journal.path, in: .animation, for: .animator),
        MenuEntry("Administration", PlatformURL.admin.path, in: .animation, for: .admin),
        MenuEntry("Tableau de bord", PlatformURL.dashboard.path, in: .space, for: .signedIn),
        MenuEntry("Notifications", PlatformURL.notifications.path, in: .space, for: .signedIn),
    ]
    static let widgets: [any DashboardWidget.Type] = [NotificationsWidget.self]

    static let migrations: [(order: Int, migration: any Migration)] = [
        (7, CreateAuditEntry()), (11, AddAuditScope()), (13, CreateOutboxMessage()), (17, CreateNotification()),
        (18, CreateNotificationPreference()), (21, AddOutboxReplyTo()),
    ]

    static let auditActions: [AuditAction] = [.demoSeeded, .mailRetried]

    static let stylesheet: String? = "platform"
    static let script: String? = "platform"
    static let openAPI: String? = "platform"
}
