import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Maillage

@Suite struct APITests {
    /// A token made the way a person makes one: on the tokens page, read from the HTML.
    func token(_ app: Application, for email: String) async throws -> String {
        let browser = Browser(app)
        try await browser.signIn(email)
        let page = try await browser.post(AccountsURL.tokens.path, ["name": "script de test"])
        #expect(page.status == .created)
        let html = page.body.string
        let start = try #require(html.range(of: "<code>mlg_"))
        let end = try #require(html.range(of: "</code>", range: start.upperBound..<html.endIndex))
        return "mlg_" + html[start.upperBound..<end.lowerBound]
    }

    func send(
        _ app: Application, _ method: HTTPMethod, _ path: String, token: String? = nil, json: String? = nil,
        contentType: HTTPMediaType = .json
    ) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = .init(token: token) }
        if json != nil { headers.contentType = contentType }
        return try await app.testing().sendRequest(method, path, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    @Test func searchContract() async throws {
        try await withMaillage { app in
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let org = try await Fixtures.organization(app, referent: referent)
            _ = try await Fixtures.organization(
                app, referent: referent, input: Fixtures.input(name: "Cuisine du Biterrois", category: .cuisine, postalCode: "34500", commune: "Béziers"))
            let res = try await send(
                app, .GET, DirectoryURL.apiOrganizations.path + "?q=epicerie&category=aide-alimentaire&lat=43.18&lon=3.0&radius_km=25&page=1&per=10")
            #expect(res.status == .ok)
            let page = try res.content.decode(OrganizationPageDTO.self)
            #expect(page.total == 1 && page.page == 1 && page.per == 10)
            #expect(page.items.first?.id == org.id)
            #expect(page.items.first?.category == "aide-alimentaire")
            #expect(page.items.first?.commune == "Narbonne")
            #expect((page.items.first?.distance_km ?? 99) < 25)
            let all = try await send(app, .GET, DirectoryURL.apiOrganizations.path).content.decode(OrganizationPageDTO.self)
            #expect(all.total == 2)
            let one = try await send(app, .GET, DirectoryURL.apiOrganizations.path + "/\(try org.requireID())")
            #expect(one.status == .ok)
            let dto = try one.content.decode(OrganizationDTO.self)
            #expect(dto.contacts.first?.email == nil)  // not signed in
            #expect(dto.capacities.first?.capacity_kg == 400)
            #expect(dto.territories.map(\.code) == ["11"])
        }
    }

    @Test func clientErrorsAreProblemsNeverServerErrors() async throws {
        try await withMaillage { app in
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let token = try await token(app, for: "ref@test.fr")
            let bad = try await send(app, .GET, DirectoryURL.apiOrganizations.path + "?radius_km=-1&lat=1")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            let problem = try JSONDecoder().decode(Problem.self, from: Data(bad.body.readableBytesView))
            #expect(problem.status == 422)
            #expect(problem.errors?.isEmpty == false)
            #expect(try await send(app, .GET, DirectoryURL.apiOrganizations.path + "/\(UUID())").status == .notFound)
            #expect(try await send(app, .GET, "/api/v1/organizations/nimporte").status == .notFound)
            #expect(try await send(app, .POST, DirectoryURL.apiOrganizations.path, json: "{}").status == .unauthorized)
            #expect(try await send(app, .GET, AccountsURL.apiMe.path, token: "mlg_faux").status == .unauthorized)
            #expect(try await send(app, .POST, DirectoryURL.apiOrganizations.path, token: token, json: "{\"name\": ").status == .badRequest)
            #expect(try await send(app, .POST, DirectoryURL.apiOrganizations.path, token: token, json: "[1,2]").status == .badRequest)
            #expect(try await send(app, .POST, DirectoryURL.apiOrganizations.path, token: token, json: "{\"name\": 12}").status == .badRequest)
            let binary = String(decoding: (0..<2000).map { UInt8($0 % 256) }, as: UTF8.self)
            let binaryRes = try await send(app, .POST, DirectoryURL.apiOrganizations.path, token: token, json: binary, contentType: .binary)
            #expect(binaryRes.status.code >= 400 && binaryRes.status.code < 500)
            let invalid = try await send(
                app, .POST, DirectoryURL.apiOrganizations.path, token: token, json: #"{"name": "", "category": "x", "postal_code": "1"}"#)
            #expect(invalid.status == .unprocessableEntity)
            let fields = try JSONDecoder().decode(Problem.self, from: Data(invalid.body.readableBytesView)).errors?.map(\.field) ?? []
            #expect(Set(["name", "category", "postal_code"]).isSubset(of: Set(fields)))
            _ = referent
        }
    }

    /// The body limit is enforced while the body streams in, so this one goes through a real server.
    @Test func hugeBodiesAreRefusedAndTheServerStaysUp() async throws {
        try await withMaillage { app in
            try await Fixtures.user(app, "ref@test.fr")
            let token = try await token(app, for: "ref@test.fr")
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: token)
            headers.contentType = .json
            let huge = ByteBuffer(string: "{\"name\": \"" + String(repeating: "x", count: 3_000_000) + "\"}")
            let server = try app.testing(method: .running(port: Int.random(in: 20_000..<40_000)))
            let res = try await server.sendRequest(.POST, DirectoryURL.apiOrganizations.path, headers: headers, body: huge)
            #expect(res.status == .payloadTooLarge)
            #expect(try await server.sendRequest(.GET, PlatformURL.apiPing.path).status == .ok)
        }
    }

    @Test func createAndUpdateWithAToken() async throws {
        try await withMaillage { app in
            try await Fixtures.user(app, "ref@test.fr")
            let stranger = try await Fixtures.user(app, "autre@test.fr")
            let token = try await token(app, for: "ref@test.fr")
            let body = try String(decoding: JSONEncoder().encode(Fixtures.input(name: "Créée par l'API")), as: UTF8.self)
            let created = try await send(app, .POST, DirectoryURL.apiOrganizations.path, token: token, json: body)
            #expect(created.status == .created)
            let dto = try created.content.decode(OrganizationDTO.self)
            #expect(dto.status == "pending")
            #expect(dto.contacts.first?.email == "alice@test.example.org")
            #expect(created.headers.first(name: .location) == DirectoryURL.apiOrganizations.path + "/\(dto.id)")
            let patched = try await send(
                app, .PATCH, DirectoryURL.apiOrganizations.path + "/\(dto.id)", token: token, json: #"{"services": "Nouveaux services"}"#)
            #expect(patched.status == .ok)
            let after = try patched.content.decode(OrganizationDTO.self)
            #expect(after.services == "Nouveaux services")
            #expect(after.name == "Créée par l'API")
            // Someone else's token cannot see the pending structure, let alone change it.
            _ = stranger
            let otherToken = try await self.token(app, for: "autre@test.fr")
            #expect(
                try await send(app, .PATCH, DirectoryURL.apiOrganizations.path + "/\(dto.id)", token: otherToken, json: #"{"name": "x"}"#).status == .notFound)
            let me = try await send(app, .GET, AccountsURL.apiMe.path, token: token).content.decode(MeDTO.self)
            #expect(me.email == "ref@test.fr")
            #expect(me.memberships.map(\.organization_id) == [dto.id])
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "structure.modification").count() == 1)
        }
    }

    @Test func membersOfAnotherStructureGet403() async throws {
        try await withMaillage { app in
            let referent = try await Fixtures.user(app, "ref@test.fr")
            try await Fixtures.user(app, "autre@test.fr")
            let org = try await Fixtures.organization(app, referent: referent)
            let otherToken = try await token(app, for: "autre@test.fr")
            let res = try await send(app, .PATCH, DirectoryURL.apiOrganizations.path + "/\(try org.requireID())", token: otherToken, json: #"{"name": "x"}"#)
            #expect(res.status == .forbidden)
            #expect(try await Organization.find(org.id, on: app.db)?.name == org.name)
        }
    }

    @Test func concurrentCreationsAllLandWithTheirAuditLines() async throws {
        try await withMaillage { app in
            try await Fixtures.user(app, "ref@test.fr")
            let token = try await token(app, for: "ref@test.fr")
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for i in 0..<12 {
                    let body = try String(decoding: JSONEncoder().encode(Fixtures.input(name: "Structure \(i)")), as: UTF8.self)
                    group.addTask { try await self.send(app, .POST, DirectoryURL.apiOrganizations.path, token: token, json: body).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .created })
            #expect(try await Organization.query(on: app.db).count() == 12)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "structure.création").count() == 12)
            #expect(try await Membership.query(on: app.db).count() == 12)
        }
    }

    @Test func territoriesAndPing() async throws {
        try await withMaillage { app in
            let territories = try await send(app, .GET, DirectoryURL.apiTerritories.path).content.decode([TerritoryDTO].self)
            #expect(territories.contains { $0.code == "11" && $0.name == "Aude" })
            #expect(try await send(app, .GET, PlatformURL.apiPing.path).status == .ok)
        }
    }

    /// The OpenAPI document and the routes the app serves under /api/v1 are the same set.
    @Test func openAPIDocumentMatchesTheRoutes() async throws {
        try await withMaillage { app in
            let res = try await send(app, .GET, PlatformURL.apiOpenAPI.path)
            #expect(res.status == .ok)
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [String: Any])
            #expect(doc["openapi"] as? String == "3.1.0")
            let paths = try #require(doc["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, item) in paths {
                for method in item.keys where method != "parameters" { documented.insert(method.uppercased() + " " + path) }
            }
            let served = Set(
                app.routes.all.compactMap { route -> String? in
                    let path =
                        "/"
                        + route.path.map { component -> String in
                            if case .parameter(let name) = component { return "{\(name)}" }
                            return component.description
                        }.joined(separator: "/")
                    return path.hasPrefix("/api/v1/") ? route.method.rawValue + " " + path : nil
                })
            #expect(documented == served)
        }
    }
}
