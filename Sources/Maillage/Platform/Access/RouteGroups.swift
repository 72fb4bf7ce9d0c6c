import Fluent
import Foundation
import Vapor

/// Who may enter a route, decided in the route table (issue 12): each group puts its guard in front of its
/// routes, so a handler that forgets a check is not public. Record-level rules stay in `Permissions`.
enum Access: String, CaseIterable, Sendable {
    /// Anyone, for reading.
    case everyone
    /// The forms of people not signed in yet (sign-in, sign-up, reset): limited per address.
    case visitors
    case signedIn
    /// A member (or the moderating animator) of the structure in the path (`:id`).
    case structureMember
    /// A referent (or the moderating animator) of the structure in the path.
    case structureReferent
    /// An animator of the territory of the structure in the path.
    case structureModerator
    /// An animator of any territory.
    case animator
    /// An animator of the territory in the path (`:code`).
    case territoryAnimator
    case publicAgent
    case admin
    /// The API, read by anyone.
    case apiPublic
    /// The API with a personal token.
    case apiToken
    /// Pages of the demo site only.
    case demo
    /// The record of the path (a lot, a booking, a dispatch), by the level its `RecordScope` group asks
    /// (`routes.member(of: LotScope.self)`): see `RecordGuard`.
    case recordMember
    case recordParty
    case recordAnimator
    case recordReader

    init(_ level: RecordLevel) {
        switch level {
        case .member: self = .recordMember
        case .party: self = .recordParty
        case .animator: self = .recordAnimator
        case .reader: self = .recordReader
        }
    }

    var recordLevel: RecordLevel? {
        switch self {
        case .recordMember: .member
        case .recordParty: .party
        case .recordAnimator: .animator
        case .recordReader: .reader
        default: nil
        }
    }

    /// Whether the group has a guard in front of it: a route that changes something must be in one.
    var isGuarded: Bool { self != .everyone && self != .apiPublic }

    func guardMiddleware(for app: Application) -> (any AsyncMiddleware)? {
        switch self {
        case .everyone, .apiPublic: nil
        case .visitors: app.visitorGuard
        case .signedIn, .apiToken: SignedInGuard()
        case .structureMember: StructureGuard(level: .member)
        case .structureReferent: StructureGuard(level: .referent)
        case .structureModerator: StructureGuard(level: .moderator)
        case .animator: AnimatorGuard()
        case .territoryAnimator: TerritoryAnimatorGuard()
        case .publicAgent: PublicAgentGuard()
        case .admin: AdminGuard()
        case .demo: DemoGuard()
        // Built with their scope by `ModuleRoutes.record(_:_:)`; signed in at least, should one be grouped bare.
        case .recordMember, .recordParty, .recordAnimator, .recordReader: SignedInGuard()
        }
    }

    static let userInfoKey = "maillage.access"
    static let moduleKey = "maillage.module"
    static let scopeKey = "maillage.scope"
}

extension Route {
    /// The group the route was registered in (tests walk the routes with it).
    var access: Access? { (userInfo[Access.userInfoKey] as? String).flatMap(Access.init(rawValue:)) }
    /// The title of the module that registered it.
    var module: String? { userInfo[Access.moduleKey] as? String }
    /// The `RecordScope` of a record group's route (its type's name).
    var scope: String? { userInfo[Access.scopeKey] as? String }
}

/// The groups a module registers its routes in.
struct ModuleRoutes {
    let app: Application
    let module: String

    init(_ app: Application, module: String) {
        self.app = app
        self.module = module
    }

    func group(_ access: Access) -> AccessRoutes {
        AccessRoutes(access: access, module: module, builder: access.guardMiddleware(for: app).map { app.grouped($0) } ?? app)
    }

    var everyone: AccessRoutes { group(.everyone) }
    var visitors: AccessRoutes { group(.visitors) }
    var signedIn: AccessRoutes { group(.signedIn) }
    var structureMember: AccessRoutes { group(.structureMember) }
    var structureReferent: AccessRoutes { group(.structureReferent) }
    var structureModerator: AccessRoutes { group(.structureModerator) }
    var animator: AccessRoutes { group(.animator) }
    var territoryAnimator: AccessRoutes { group(.territoryAnimator) }
    var publicAgent: AccessRoutes { group(.publicAgent) }
    var admin: AccessRoutes { group(.admin) }
    var apiPublic: AccessRoutes { group(.apiPublic) }
    var apiToken: AccessRoutes { group(.apiToken) }
    var demo: AccessRoutes { group(.demo) }

    /// Members of the record's owning structures, and the animators of its territories.
    func member<Scope: RecordScope>(of scope: Scope.Type) -> AccessRoutes { record(scope, .member) }
    /// Members of the structures on either side of the record (a booking's borrower and lender), and its animators.
    func party<Scope: RecordScope>(to scope: Scope.Type) -> AccessRoutes { record(scope, .party) }
    /// The animators of the record's territories.
    func animator<Scope: RecordScope>(of scope: Scope.Type) -> AccessRoutes { record(scope, .animator) }
    /// The parties and whoever the scope's `reads` lets in; everyone else is told the record does not exist.
    func reader<Scope: RecordScope>(of scope: Scope.Type) -> AccessRoutes { record(scope, .reader) }

    func record<Scope: RecordScope>(_ scope: Scope.Type, _ level: RecordLevel) -> AccessRoutes {
        AccessRoutes(access: Access(level), module: module, scope: String(describing: scope), builder: app.grouped(RecordGuard<Scope>(level: level)))
    }
}

struct AccessRoutes {
    let access: Access
    let module: String
    var scope: String? = nil
    let builder: any RoutesBuilder

    @discardableResult
    func on<R: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: some TypedPath, body: HTTPBodyStreamStrategy = .collect,
        use handler: @Sendable @escaping (Request) async throws -> R
    ) -> Route {
        let route = builder.on(method, path.components, body: body, use: handler)
        route.userInfo[Access.userInfoKey] = access.rawValue
        route.userInfo[Access.moduleKey] = module
        if let scope { route.userInfo[Access.scopeKey] = scope }
        return route
    }

    @discardableResult
    func get<R: AsyncResponseEncodable>(_ path: some TypedPath, use handler: @Sendable @escaping (Request) async throws -> R) -> Route {
        on(.GET, path, use: handler)
    }

    @discardableResult
    func post<R: AsyncResponseEncodable>(_ path: some TypedPath, use handler: @Sendable @escaping (Request) async throws -> R) -> Route {
        on(.POST, path, use: handler)
    }

    @discardableResult
    func patch<R: AsyncResponseEncodable>(_ path: some TypedPath, use handler: @Sendable @escaping (Request) async throws -> R) -> Route {
        on(.PATCH, path, use: handler)
    }
}

// MARK: - Guards

struct SignedInGuard: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        _ = try req.requireViewer()
        return try await next.respond(to: req)
    }
}

/// Lets only animators (and administrators) reach the routes behind it, before their body is read.
struct AnimatorGuard: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        _ = try req.requireAnimator()
        return try await next.respond(to: req)
    }
}

struct AdminGuard: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard try req.requireViewer().isAdmin else { throw Abort(.forbidden, reason: "Cette page est réservée aux administrateur·rices.") }
        return try await next.respond(to: req)
    }
}

struct PublicAgentGuard: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let viewer = try req.requireViewer()
        guard viewer.isAdmin || viewer.isPublicAgent else {
            throw Abort(.forbidden, reason: "Cette page est réservée aux agents publics et financeurs.")
        }
        return try await next.respond(to: req)
    }
}

struct DemoGuard: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard req.application.maillageConfig.demo else { throw Abort(.notFound) }
        return try await next.respond(to: req)
    }
}

/// An animator of the territory named in the path (`:code`).
struct TerritoryAnimatorGuard: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let viewer = try req.requireViewer()
        let (_, territoryID) = try await Territory.require(code: try Territory.code(of: req), on: req.db)
        guard Permissions.animates(territoryID, viewer) else {
            throw Abort(.forbidden, reason: "Seuls les animateur·rices de ce territoire peuvent faire cela.")
        }
        return try await next.respond(to: req)
    }
}

/// The structure named in the path (`:id`), loaded once and kept for the handler, and the viewer's right on it.
struct StructureGuard: AsyncMiddleware {
    enum Level: Sendable { case member, referent, moderator }
    let level: Level

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let viewer = try req.requireViewer()
        guard let raw = req.parameters.get("id"), let id = UUID(uuidString: raw) else {
            throw Abort(.notFound, reason: "Cette structure n'existe pas (ou plus).")
        }
        let org = try await OrganizationService.find(id, on: req.db)
        // Someone who may not even see a pending structure is told it does not exist.
        guard Permissions.canSee(org.scope, status: org.statusValue, viewer) else { throw Abort(.notFound, reason: "Cette structure n'existe pas (ou plus).") }
        let allowed =
            switch level {
            case .member: Permissions.canEdit(org.scope, viewer)
            case .referent: Permissions.canManageMembers(org.scope, viewer)
            case .moderator: Permissions.isModerator(of: org.scope, viewer)
            }
        guard allowed else {
            let reason =
                switch level {
                case .member: "Seuls les membres de cette structure et les animateur·rices de son territoire peuvent faire cela."
                case .referent: "Seuls les référent·es de la structure et les animateur·rices de son territoire gèrent ses membres."
                case .moderator: "Seuls les animateur·rices du territoire de cette structure peuvent la valider ou la refuser."
                }
            throw Abort(.forbidden, reason: reason)
        }
        req.organization = org
        return try await next.respond(to: req)
    }
}

extension Request {
    private struct OrganizationKey: StorageKey { typealias Value = Organization }

    /// The structure of the path, loaded by `StructureGuard`.
    var organization: Organization? {
        get { storage[OrganizationKey.self] }
        set { storage[OrganizationKey.self] = newValue }
    }

    func requireOrganization() throws -> Organization {
        guard let organization else { throw Abort(.internalServerError, reason: "Structure non chargée : cette route doit être dans un groupe de structure.") }
        return organization
    }
}
