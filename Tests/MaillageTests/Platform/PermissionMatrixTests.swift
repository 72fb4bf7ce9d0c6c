import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// Issue 12, made able to fail in issue 21: every route that changes something, and every route of a record group,
/// × eight kinds of people. Each route's world seeds the record it acts on (a fixture per module, `MatrixFixture`);
/// the expected answer comes from the route's group and, for record groups, from who the fixture says may pass;
/// an allowed person is never told 401, 403 or 404, and a refused request changes nothing in any table.
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
        // Read from the record's fixture: see `allowed(_:_:)`.
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
        // Undoing it too.
        DirectoryURL.mergeUndo.template: [.animator],
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
        var records: MatrixRecords
    }

    /// The modules' records; a module with record groups adds its fixture here.
    static let fixtures: [any MatrixFixture.Type] = [SharingMatrixFixture.self, SurplusMatrixFixture.self]

    /// The path of `route` in this world: each parameter filled with the record the route acts on; nil (and the
    /// reason) when the world has no record for one of them.
    static func path(_ route: Route, _ world: World) -> Result<String, Failure> {
        let ids = world.ids
        let template = "/" + route.path.map(\.description).joined(separator: "/")
        var values: [String: String] = ids
        if template == DirectoryURL.moderationDecide.template { values["id"] = ids["pending"] }
        if template == DirectoryURL.territoryRequestAnswer.template { values["id"] = ids["request"] }
        if template == DirectoryURL.partnershipAnswer.template { values["partnershipID"] = ids["proposalID"] }
        if template == AccountsURL.invitationAnswer.template { values["id"] = ids["inviteForStranger"] }
        if template == AccountsURL.tokenRevoke.template { values["id"] = ids["token"] }
        if template == DirectoryURL.mergeUndo.template { values["id"] = ids["merge"] }
        // A module with a fixture fills every parameter of its routes: from the record of the route's scope, or
        // from the values it gave the template.
        let seeded = fixtures.contains { $0.module == route.module }
        if seeded { values = ["id": ids["id"] ?? "", "code": "11"] }
        if let scope = route.scope {
            guard let record = world.records.scopes[scope] else { return .failure(Failure("\(template): no fixture seeds a record of \(scope)")) }
            values.merge(record.path) { _, new in new }
        }
        values.merge(world.records.paths[template] ?? [:]) { _, new in new }
        var parts: [String] = []
        for component in route.path {
            guard case .parameter(let name) = component else {
                parts.append(component.description)
                continue
            }
            guard let value = values[name] else { return .failure(Failure("\(template): nothing seeded for :\(name)")) }
            parts.append(value)
        }
        return .success("/" + parts.joined(separator: "/"))
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Who may pass `route`: its group's people, or for a record group those its fixture names for the level.
    static func allowed(_ route: Route, _ world: World) -> Result<Set<Actor>, Failure> {
        guard let access = route.access else { return .failure(Failure("\(route.path) has no group")) }
        let template = "/" + route.path.map(\.description).joined(separator: "/")
        guard let level = access.recordLevel else { return .success(narrowed[template] ?? allowed(by: access)) }
        guard let scope = route.scope, let allowed = world.records.scopes[scope]?.allowed[level] else {
            return .failure(Failure("\(template): the fixture of \(route.scope ?? "?") says nothing of level \(level)"))
        }
        return .success(allowed)
    }

    static let fields = [
        "name": "Épicerie modifiée", "category": "aide-alimentaire", "postal_code": "11100", "commune": "Narbonne", "decision": "valider",
        "reason": "Motif", "email": "ref@test.fr", "role": "member", "description": "ensemble", "attendu_aide-alimentaire": "5",
        "password": Fixtures.password, "password_confirmation": Fixtures.password,
    ]

    /// The routes the matrix walks: every one that changes something, and every route of a record group.
    static func walked(_ route: Route) -> Bool { ![.GET, .HEAD].contains(route.method) || route.access?.recordLevel != nil }

    @Test func everyMutatingRouteForEveryone() async throws {
        // Each route gets a world of its own, so that one allowed change does not decide the next route's answer.
        let routes = try await withRoutes { app in app.routes.all.filter(Self.walked).map { ($0.method, $0.path) } }
        #expect(routes.count > 100)
        // Four worlds at a time: each has its own database.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (n, (method, components)) in routes.enumerated() {
                if n >= 4 { try await group.next() }
                group.addTask {
                    try await withMaillage { app in
                        guard let route = app.routes.all.first(where: { $0.method == method && $0.path == components }) else {
                            Issue.record("route \(method) \(components) missing")
                            return
                        }
                        for failure in try await Self.walk(route, app: app) { Issue.record(Comment(rawValue: failure)) }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Sends `route` as each actor of a fresh world: what went wrong, in words.
    static func walk(_ route: Route, app: Application) async throws -> [String] {
        let world = try await Self.world(app)
        let template = route.method.rawValue + " /" + route.path.map(\.description).joined(separator: "/")
        let path: String, allowed: Set<Actor>
        switch (Self.path(route, world), Self.allowed(route, world)) {
        case (.success(let p), .success(let a)): (path, allowed) = (p, a)
        case (.failure(let f), _), (_, .failure(let f)): return [f.description]
        }
        var fields = Self.fields
        fields["partner"] = world.ids["third"]
        fields["keep"] = world.ids["id"]
        fields["remove"] = world.ids["third"]
        var failures: [String] = []
        // Refused people first: nothing they send may change anything.
        var before = try await TableFingerprint.of(app)
        // Once an allowed person removed the record (a closure, a member), the next is rightly told it is gone.
        var consumed = false
        for actor in Actor.allCases.sorted(by: { allowed.contains($0) ? false : allowed.contains($1) }) {
            let status = try await Self.send(route.method, path, fields: fields, as: actor, world: world, app: app)
            if status.code >= 500 { failures.append("\(actor) \(template): \(status)") }
            if allowed.contains(actor) {
                if [.unauthorized, .forbidden].contains(status) || (status == .notFound && !consumed) {
                    failures.append("\(actor) \(template) should pass: \(status)")
                }
                if status.code < 400 && route.method != .GET { consumed = true }
            } else {
                if ![.unauthorized, .forbidden, .notFound].contains(status) { failures.append("\(actor) \(template) should be refused: \(status)") }
                let after = try await TableFingerprint.of(app)
                let moved = TableFingerprint.changed(before, after)
                if !moved.isEmpty { failures.append("\(actor) \(template) changed \(moved.joined(separator: ", ")) while refused") }
                before = after
            }
        }
        return failures
    }

    /// The test of the test: a route registered as a lot's member route, but without its guard (as a hand-written
    /// group would be), lets a stranger withdraw the lot; the matrix must say so.
    @Test func theMatrixSeesADeliberatelyOpenedRoute() async throws {
        try await withMaillage { app in
            let route = app.on(.POST, "dons", "lots", ":id", "ouvert") { req async throws -> HTTPStatus in
                guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)), let lot = try await Lot.find(id, on: req.db) else { return .notFound }
                lot.status = .withdrawn
                try await lot.save(on: req.db)
                return .ok
            }
            route.userInfo[Access.userInfoKey] = Access.recordMember.rawValue
            route.userInfo[Access.moduleKey] = SurplusModule.title
            route.userInfo[Access.scopeKey] = String(describing: LotScope.self)
            let failures = try await Self.walk(route, app: app)
            #expect(failures.contains { $0.hasPrefix("stranger ") && $0.contains("should be refused") }, "\(failures)")
            #expect(failures.contains { $0.contains("changed lots") }, "\(failures)")
        }
    }

    /// Record groups hold what depends on a record; `signedIn` and `apiToken` keep what anyone signed in may do.
    /// A mutating route left there must be on this list, with its reason.
    static let openToAnyoneSignedIn: [String: String] = [
        SharingURL.newResource.template: "the form names one of the person's structures, checked by ResourceService.create",
        SharingURL.request.template: "anyone asks, for one of their structures in the resource's territory (ResourceService.requester)",
        SharingURL.apiResources.template: "as the form",
        SharingURL.apiBookings.template: "as the form",
        SurplusURL.newLot.template: "the form names one of the person's validated structures (SurplusService.structure(of:chosenIn:at:))",
        SurplusURL.newSeries.template: "as a lot",
        SurplusURL.newNeed.template: "as a lot",
        SurplusURL.newGleaningField.template: "as a lot",
        SurplusURL.gleaningSignUp.template: "any volunteer signs up, with or without a structure",
        SurplusURL.gleaningCancel.template: "one cancels one's own sign-up (GleaningService.cancel finds it by person)",
        SurplusURL.apiLots.template: "as the form",
        SurplusURL.apiNeeds.template: "as the form",
        SurplusURL.apiDispatches.template: "the body names the territory; its animators alone queue (checked before anything is written)",
        SurplusURL.apiRecalls.template: "the body names the territory; its animators alone enter a recall",
        SurplusURL.apiSeries.template: "as a lot",
    ]

    @Test func mutatingRoutesOpenToAnyoneSignedInAreListedWithTheirReason() async throws {
        try await withMaillage { app in
            var open: Set<String> = []
            for route in app.routes.all where ![.GET, .HEAD].contains(route.method) && (route.access == .signedIn || route.access == .apiToken) {
                let template = "/" + route.path.map(\.description).joined(separator: "/")
                // The directory and accounts were moved in issue 12: their signed-in routes are the person's own.
                guard Self.fixtures.contains(where: { $0.module == route.module }) else { continue }
                open.insert(template)
                #expect(
                    Self.openToAnyoneSignedIn[template] != nil,
                    "\(route.method) \(template) is open to anyone signed in: move it to a record group, or list it with its reason")
            }
            #expect(
                Set(Self.openToAnyoneSignedIn.keys).subtracting(open).isEmpty,
                "listed but no longer open: \(Set(Self.openToAnyoneSignedIn.keys).subtracting(open))")
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
        if method == .GET {
            // A page asks the anonymous to sign in: that is the refusal a browser sees.
            let response = try await browser.get(path)
            let toSignIn = response.headers.first(name: .location)?.hasPrefix(AccountsURL.signIn.path) ?? false
            return response.status == .seeOther && toSignIn ? .unauthorized : response.status
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
