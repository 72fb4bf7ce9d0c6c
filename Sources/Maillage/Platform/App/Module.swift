import Fluent
import Foundation
import Vapor

/// One module of Maillage (DESIGN.md): everything it brings is declared by its entry type, in its own folder.
/// Platform keeps the one list (`Modules.all`) and reads these declarations; it never names a module's types.
protocol MaillageModule: Sendable {
    /// The module's French name, for the README map and error messages.
    static var title: String { get }
    /// The path prefixes it owns: every path it registers starts with one of them (tested).
    static var prefixes: [String] { get }
    static func register(_ routes: ModuleRoutes)
    static var menu: [MenuEntry] { get }
    static var jobs: [any BackgroundJob.Type] { get }
    /// Work done once a day (reminders), from 9 a.m.: each returns after writing what it has to the outbox.
    static var dailyTasks: [@Sendable (Application, Date) async throws -> Void] { get }
    /// Work done every few minutes (releasing what was not picked up): each returns quickly when there is nothing to do.
    static var frequentTasks: [@Sendable (Application, Date) async throws -> Void] { get }
    static var cooperation: [any CooperationSource] { get }
    static var widgets: [any DashboardWidget.Type] { get }
    static var notificationKinds: [NotificationKind] { get }
    static var auditActions: [AuditAction] { get }
    /// The facts of other modules it acts on, in the transaction that made them (`Database.publish`).
    static var subscriptions: [FactSubscription] { get }
    /// Its migrations with their place in the one global order (the `NNN` of their file names).
    static var migrations: [(order: Int, migration: any Migration)] { get }
    /// Its stylesheet and script in `Resources/css` and `Resources/js`, and its part of the API description in
    /// `Resources/openapi` (names without extension).
    static var stylesheet: String? { get }
    static var script: String? { get }
    static var openAPI: String? { get }
    /// Adds the module's part of the demo territory (`serve --demo`), and the accounts to try it with.
    static func seedDemo(_ demo: DemoContext) async throws
    static var demoAccounts: [DemoAccount] { get }
    /// Injection payloads in the module's own text fields, around the hostile structure `organization` and person
    /// `user` (`serve --demo --hostile` and `ViewSafetyTests`); returns the ids its pages take in their paths.
    static func seedHostile(_ demo: DemoContext, organization: UUID, user: UUID) async throws -> [UUID]
}

extension MaillageModule {
    static var menu: [MenuEntry] { [] }
    static var jobs: [any BackgroundJob.Type] { [] }
    static var dailyTasks: [@Sendable (Application, Date) async throws -> Void] { [] }
    static var frequentTasks: [@Sendable (Application, Date) async throws -> Void] { [] }
    static var cooperation: [any CooperationSource] { [] }
    static var widgets: [any DashboardWidget.Type] { [] }
    static var notificationKinds: [NotificationKind] { [] }
    static var auditActions: [AuditAction] { [] }
    static var subscriptions: [FactSubscription] { [] }
    static var migrations: [(order: Int, migration: any Migration)] { [] }
    static var stylesheet: String? { nil }
    static var script: String? { nil }
    static var openAPI: String? { nil }
    static func seedDemo(_ demo: DemoContext) async throws {}
    static var demoAccounts: [DemoAccount] { [] }
    static func seedHostile(_ demo: DemoContext, organization: UUID, user: UUID) async throws -> [UUID] { [] }
}

/// What a module's demo seed can use.
struct DemoContext: Sendable {
    let app: Application
    let passwordHash: String
    var db: any Database { app.db }
}

/// The header's groups (issue 21): what the modules bring, gathered so that eight modules fit one line on a desktop
/// and one menu button on a phone. A group shows only when one of its links is open to the person.
enum MenuGroup: Int, CaseIterable, Sendable {
    /// Who does what, where: the directory, its map, the territories.
    case directory
    /// Moving and pooling things: surplus food, shared resources, group purchasing.
    case logistics
    /// Running the territory together: alliances, funding, indicators.
    case territory
    /// Alerts the territory answers.
    case alerts
    /// The animators' desk: validations, imports, duplicates, the journal.
    case animation
    /// A signed-in person's own space, account and notifications.
    case space
    /// Signing in and up, for visitors: shown as plain links.
    case account

    var label: String {
        switch self {
        case .directory: "Annuaire"
        case .logistics: "Logistique"
        case .territory: "Territoire"
        case .alerts: "Alertes"
        case .animation: "Animation"
        case .space: "Mon espace"
        case .account: "Compte"
        }
    }

    /// The group's anchor, for tests and styles.
    var key: String {
        switch self {
        case .directory: "annuaire"
        case .logistics: "logistique"
        case .territory: "territoire"
        case .alerts: "alertes"
        case .animation: "animation"
        case .space: "mon-espace"
        case .account: "compte"
        }
    }
}

/// A link of the main navigation, in its group, shown to the people it concerns.
struct MenuEntry: Sendable {
    /// Who sees the link.
    enum Audience: Int, Sendable {
        case everyone, animator, publicAgent, admin, signedIn, visitors
    }
    enum Method: Sendable { case get, post }

    var label: String
    var path: String
    var group: MenuGroup
    var audience: Audience
    var method: Method

    init(_ label: String, _ path: String, in group: MenuGroup, for audience: Audience, method: Method = .get) {
        self.label = label
        self.path = path
        self.group = group
        self.audience = audience
        self.method = method
    }

    func isShown(to viewer: Viewer?) -> Bool {
        switch audience {
        case .everyone: true
        case .signedIn: viewer != nil
        case .visitors: viewer == nil
        case .animator: viewer?.isAnimator ?? false
        case .publicAgent: viewer?.isPublicAgent ?? false
        case .admin: viewer?.isAdmin ?? false
        }
    }
}

/// The header as one person sees it: each group with its links, in the groups' order and the modules' order.
struct Menu: Equatable, Sendable {
    struct Link: Equatable, Sendable {
        var label: String
        var path: String
        var isPost: Bool
    }
    struct Group: Equatable, Sendable {
        var group: MenuGroup
        var links: [Link]
    }

    var groups: [Group]

    init(_ entries: [MenuEntry], for viewer: Viewer?) {
        let shown = entries.filter { $0.isShown(to: viewer) }
        groups = MenuGroup.allCases.compactMap { group in
            let links = shown.filter { $0.group == group }.map { Link(label: $0.label, path: $0.path, isPost: $0.method == .post) }
            return links.isEmpty ? nil : Group(group: group, links: links)
        }
    }
}

/// Background work a module runs through the job table.
protocol BackgroundJob: Sendable {
    static var kind: String { get }
    /// Runs the job; returns its result (JSON or a French sentence) for the job page.
    static func perform(_ job: Job, app: Application) async throws -> String
}

/// Everything the platform reads from the modules, in the one order of `Modules.all`.
enum Modules {
    static var menu: [MenuEntry] { Modules.all.flatMap { $0.menu } }
    static var jobs: [any BackgroundJob.Type] { Modules.all.flatMap { $0.jobs } }
    static var dailyTasks: [@Sendable (Application, Date) async throws -> Void] { Modules.all.flatMap { $0.dailyTasks } }
    static var frequentTasks: [@Sendable (Application, Date) async throws -> Void] { Modules.all.flatMap { $0.frequentTasks } }
    static var cooperation: [any CooperationSource] { Modules.all.flatMap { $0.cooperation } }
    static var widgets: [any DashboardWidget.Type] { Modules.all.flatMap { $0.widgets } }
    static var notificationKinds: [NotificationKind] { Modules.all.flatMap { $0.notificationKinds } }
    static var auditActions: [AuditAction] { Modules.all.flatMap { $0.auditActions } }
    static var subscriptions: [FactSubscription] { Modules.all.flatMap { $0.subscriptions } }

    /// Every migration of every module in the global order.
    static var migrations: [any Migration] {
        Modules.all.flatMap { $0.migrations }.sorted { $0.order < $1.order }.map(\.migration)
    }

    static func register(_ app: Application) {
        for module in all { module.register(ModuleRoutes(app, module: module.title)) }
    }
}
