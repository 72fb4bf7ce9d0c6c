import Fluent
import Foundation
import Vapor

/// What every module stands on: assets, the journal, the outbox, the API's description.
enum PlatformModule: MaillageModule {
    static let title = "Plateforme"
    static let prefixes = ["/static", "/journal", "/demo", "/api/v1/ping", "/api/v1/openapi.json"]

    static func register(_ routes: ModuleRoutes) {
        routes.everyone.get(PlatformURL.asset, use: Assets.serve)
        routes.animator.get(PlatformURL.journal, use: JournalController.journal)
        routes.demo.get(PlatformURL.demoOutbox, use: DemoOutboxController.list)
        routes.apiPublic.get(PlatformURL.apiPing, use: PlatformAPIController.ping)
        routes.apiPublic.get(PlatformURL.apiOpenAPI, use: PlatformAPIController.openAPI)
    }

    static let menu = [MenuEntry("Journal", PlatformURL.journal.path, for: .animator)]

    static let migrations: [(order: Int, migration: any Migration)] = [
        (7, CreateAuditEntry()), (11, AddAuditScope()), (13, CreateOutboxMessage()),
    ]

    static let auditActions: [AuditAction] = [.demoSeeded]

    static let stylesheet: String? = "platform"
    static let script: String? = "platform"
    static let openAPI: String? = "platform"
}
