import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// Issue 12: every route that changes something × eight kinds of people. The expected answer comes from the
/// route's group (the route table), narrowed by the record rules named below; a refused request changes nothing.
@Suite struct PermissionMatrixTests {
    enum Actor: String, CaseIterable {
        case anonymous, stranger, memberOfOther, member, referent, animatorOther, animator, agent
    }

    /// Who may pass each group, around a structure of the Aude (11).
    static func allowed(by access: Access) -> Set<Actor> {
        switch access {
        case .everyone, .visitors, .apiPublic, .demo: Set(Actor.allCases)
        case .signedIn, .apiToken: Set(Actor.allCases).subtracting([.anonymous])
        case .structureMember: [.member, .referent, .animator]
        case .structureReferent: [.referent, .animator]
        case .structureModerator: [.animator]
        case .animator: [.animatorOther, .animator]
        case .territoryAnimator: [.animator]
        case .publicAgent: [.agent]
        case .admin: []
        case .recordMember, .recordParty, .recordAnimator, .recordReader: []
        }
    }

    /// Record rules that narrow a group, by route template.
    static let narrowed: [String: Set<Actor>] = [
        // Either side of the partnership, or the moderator of the structure in the path.
        DirectoryURL.partnershipRemove.template: [.memberOfOther, .member, .referent, .animator],
        // The request is for the Hérault: its animator answers.
        DirectoryURL.territoryRequestAnswer.template: [.animatorOther],
        // A merge needs an animator of both structures' territory.
        DirectoryURL.merge.template: [.animator],
        // The invitation is the stranger's; the token is the referent's.
        AccountsURL.invitationAnswer.template: [.stranger],
        AccountsURL.tokenRevoke.template: [.referent],
        // Editing through the API is for the structure's people and its moderator.
        DirectoryURL.apiOrganization.template: [.member, .referent, .animator],
    ]

    struct World {
        var browsers: [Actor: Browser]
        var tokens: [Actor: String]
        var ids: [String: String]
    }

    static func world(_ app: Application) async throws -> World {
        let referent = try await Fixtures.user(app, "ref@test.fr", name: "Référente")
        let member = try await Fixtures.user(app, "membre@test.fr", name: "Membre")
        let other = try await Fixtures.user(app, "autre@test.fr", name: "Membre ailleurs")
        let stranger = try await Fixtures.user(app, "inconnu@test.fr", name: "Inconnu")
        let animator = try await Fixtures.animator(app, "anim11@test.fr", of: "11")
        let animatorOther = try await Fixtures.animator(app, "anim34@test.fr", of: "34")
        let agent = try await Fixtures.user(app, "agent@test.fr", name: "Agent")
        try await TerritoryRole(userID: try agent.requireID(), territoryID: try await Fixtures.territory(app, "11").requireID(), role: .publicAgent).create(
            on: app.db)
        let org = try await Fixtures.organization(app, referent: referent)
        let orgID = try org.requireID()
        let membership = Membership(userID: try member.requireID(), organizationID: orgID, role: .member)
        try await membership.create(on: app.db)
        let otherOrg = try await Fixtures.organization(app, referent: other, input: Fixtures.input(name: "Autre épicerie"))
        let third = try await Fixtures.organization(app, referent: other, input: Fixtures.input(name: "Épicerie en double"))
        let pending = try await Fixtures.organization(app, referent: other, input: Fixtures.input(name: "En attente"), validated: false)
        let confirmed = Partnership()
        confirmed.$organization.id = orgID
        confirmed.$partner.id = try otherOrg.requireID()
        confirmed.summary = "ramasse"
        confirmed.since = Date()
        confirmed.confirmedAt = Date()
        try await confirmed.create(on: app.db)
        let proposal = Partnership()
        proposal.$organization.id = try third.requireID()
        proposal.$partner.id = orgID
        proposal.summary = "proposition"
        proposal.since = Date()
        try await proposal.create(on: app.db)
        let invitation = Invitation()
        invitation.$organization.id = orgID
        invitation.email = "inconnu@test.fr"
        invitation.role = MembershipRole.member.rawValue
        invitation.invitedBy = "Référente"
        try await invitation.create(on: app.db)
        let request = TerritoryRequest()
        request.$organization.id = orgID
        request.$territory.id = try await Fixtures.territory(app, "34").requireID()
        try await request.create(on: app.db)
        let token = ApiToken()
        token.$user.id = try referent.requireID()
        token.name = "script"
        token.tokenHash = SecretToken.hash("mlg_referent-token")
        try await token.create(on: app.db)

        let people: [Actor: User] = [
            .stranger: stranger, .memberOfOther: other, .member: member, .referent: referent,
            .animatorOther: animatorOther, .animator: animator, .agent: agent,
        ]
        var browsers: [Actor: Browser] = [.anonymous: Browser(app)]
        var tokens: [Actor: String] = [:]
        for (actor, user) in people {
            browsers[actor] = try await Browser.impersonating(try user.requireID(), app)
            let secret = "mlg_\(actor.rawValue)-\(UUID().uuidString)"
            let t = ApiToken()
            t.$user.id = try user.requireID()
            t.name = "matrice"
            t.tokenHash = SecretToken.hash(secret)
            try await t.create(on: app.db)
            tokens[actor] = secret
        }
        let ids: [String: String] = [
            "id": orgID.uuidString, "memberID": try membership.requireID().uuidString, "invitationID": try invitation.requireID().uuidString,
            "partnershipID": try confirmed.requireID().uuidString, "proposalID": try proposal.requireID().uuidString,
            "pending": try pending.requireID().uuidString, "request": try request.requireID().uuidString,
            "inviteForStranger": try invitation.requireID().uuidString, "token": try token.requireID().uuidString,
            "other": try otherOrg.requireID().uuidString, "third": try third.requireID().uuidString, "code": "11",
        ]
        return World(browsers: browsers, tokens: tokens, ids: ids)
    }

    /// The path of `route` in this world: each parameter filled with the record the route acts on.
    static func path(_ route: Route, _ ids: [String: String]) -> String {
        let template = "/" + route.path.map(\.description).joined(separator: "/")
        var values: [String: String] = ids
        if template == DirectoryURL.moderationDecide.template { values["id"] = ids["pending"] }
        if template == DirectoryURL.territoryRequestAnswer.template { values["id"] = ids["request"] }
        if template == DirectoryURL.partnershipAnswer.template { values["partnershipID"] = ids["proposalID"] }
        if template == AccountsURL.invitationAnswer.template { values["id"] = ids["inviteForStranger"] }
        if template == AccountsURL.tokenRevoke.template { values["id"] = ids["token"] }
        return "/"
            + route.path.map { c -> String in
                if case .parameter(let name) = c { return values[name] ?? UUID().uuidString }
                return c.description
            }.joined(separator: "/")
    }

    /// Counts and states that any write would move.
    static func fingerprint(_ app: Application) async throws -> String {
        let sql = try #require(app.db as? any SQLDatabase)
        var parts: [String] = []
        for table in [
            "organizations", "memberships", "invitations", "partnerships", "territory_requests", "organization_territories",
            "api_tokens", "user_sessions", "audit_entries", "panel_expectations", "outbox_messages", "users", "jobs", "contacts",
        ] {
            let row = try await sql.raw("SELECT CAST(COUNT(*) AS TEXT) AS n FROM \(unsafeRaw: table)").first()
            parts.append(table + "=" + (try row?.decode(column: "n", as: String.self) ?? "?"))
        }
        let states = try await sql.raw(
            """
            SELECT CAST(COUNT(*) AS TEXT) AS n FROM organizations WHERE status = 'validated'
            UNION ALL SELECT CAST(COUNT(*) AS TEXT) FROM partnerships WHERE confirmed_at IS NOT NULL
            UNION ALL SELECT CAST(COUNT(*) AS TEXT) FROM memberships WHERE role = 'referent'
            UNION ALL SELECT CAST(MAX(updated_at) AS TEXT) FROM organizations
            """
        ).all()
        parts += try states.map { try $0.decode(column: "n", as: String?.self) ?? "-" }
        return parts.joined(separator: " ")
    }

    static let fields = [
        "name": "Épicerie modifiée", "category": "aide-alimentaire", "postal_code": "11100", "commune": "Narbonne", "decision": "valider",
        "reason": "Motif", "email": "ref@test.fr", "role": "member", "description": "ensemble", "attendu_aide-alimentaire": "5",
        "password": Fixtures.password, "password_confirmation": Fixtures.password,
    ]

    @Test func everyMutatingRouteForEveryone() async throws {
        // Each route gets a world of its own, so that one allowed change does not decide the next route's answer.
        let routes = try await withRoutes { app in app.routes.all.filter { ![.GET, .HEAD].contains($0.method) }.map { ($0.method, $0.path) } }
        #expect(routes.count > 20)
        for (method, components) in routes {
            try await withMaillage { app in
                guard let route = app.routes.all.first(where: { $0.method == method && $0.path == components }), let access = route.access else {
                    Issue.record("route \(method) \(components) missing")
                    return
                }
                let world = try await Self.world(app)
                let template = "/" + components.map(\.description).joined(separator: "/")
                let allowed = Self.narrowed[template] ?? Self.allowed(by: access)
                let path = Self.path(route, world.ids)
                var fields = Self.fields
                fields["partner"] = world.ids["third"]
                fields["keep"] = world.ids["id"]
                fields["remove"] = world.ids["third"]
                // Refused people first: nothing they send may change anything.
                for actor in Actor.allCases.sorted(by: { allowed.contains($0) ? false : allowed.contains($1) }) {
                    let before = try await Self.fingerprint(app)
                    let status = try await Self.send(method, path, fields: fields, as: actor, world: world, app: app)
                    #expect(status.code < 500, "\(actor) \(method) \(template): \(status)")
                    if allowed.contains(actor) {
                        #expect(status != .unauthorized && status != .forbidden, "\(actor) \(method) \(template): \(status)")
                    } else {
                        #expect([.unauthorized, .forbidden, .notFound].contains(status), "\(actor) \(method) \(template) should be refused: \(status)")
                        #expect(try await Self.fingerprint(app) == before, "\(actor) \(method) \(template) changed something while refused")
                    }
                }
            }
        }
    }

    static func send(_ method: HTTPMethod, _ path: String, fields: [String: String], as actor: Actor, world: World, app: Application) async throws -> HTTPStatus
    {
        guard let browser = world.browsers[actor] else { return .internalServerError }
        if path.hasPrefix("/api/") {
            var headers = HTTPHeaders()
            if let token = world.tokens[actor] { headers.bearerAuthorization = .init(token: token) }
            headers.contentType = .json
            let body = #"{"name":"Modifiée par l'API","category":"aide-alimentaire","postal_code":"11100","commune":"Narbonne"}"#
            return try await app.testing().sendRequest(method, path, headers: headers, body: ByteBuffer(string: body)).status
        }
        return try await browser.post(path, fields).status
    }

    /// The registered routes, read from a throwaway app.
    static func withRoutes<T>(_ body: (Application) throws -> T) async throws -> T {
        var result: T?
        try await withMaillage { app in result = try body(app) }
        return try #require(result)
    }

    private func withRoutes<T>(_ body: (Application) throws -> T) async throws -> T { try await Self.withRoutes(body) }
}
