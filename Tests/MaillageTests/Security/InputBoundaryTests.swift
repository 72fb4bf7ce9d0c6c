import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// Issue 11, findings 4, 6 and 16: numbers, control characters and sizes at the door of every route.
@Suite struct InputBoundaryTests {
    static let extremes = ["9223372036854775807", "-9223372036854775808", "99999999999999999999999", "1e308", "-1e308", "NaN", "inf", "-1", "0", "0x10", ""]
    static let numericNames = ["page", "per", "radius_km", "lat", "lon", "id", "limit", "offset", "ligne", "expected"]

    static func path(of route: Route, id: UUID) -> String {
        "/"
            + route.path.map { c -> String in
                switch c {
                case .constant(let v): v
                case .parameter(let name): name == "code" ? "11" : id.uuidString
                default: "x"
                }
            }.joined(separator: "/")
    }

    @Test func journalPageAtTheLimitOfIntegersIsABadRequest() async throws {
        try await withMaillage { app in
            _ = try await Fixtures.animator(app, "anim@test.fr", of: "11")
            let animator = Browser(app)
            try await animator.signIn("anim@test.fr")
            let res = try await animator.get(PlatformURL.journal.path + "?page=9223372036854775807")
            #expect(res.status == .badRequest)
            #expect(res.body.string.contains("un nombre entier entre 1 et 100000"))
        }
    }

    /// Every registered route, every numeric parameter name, every extreme value: never a server error.
    @Test func extremeNumbersOnEveryRoute() async throws {
        try await withMaillage { app in
            // setup
            let animator = try await Fixtures.animator(app, "anim@test.fr", of: "11")
            let org = try await Fixtures.organization(app, referent: animator)
            let browsers = [Browser(app), try await Browser.impersonating(try animator.requireID(), app)]
            var sent = 0
            for route in app.routes.all {
                let path = Self.path(of: route, id: try org.requireID())
                for value in Self.extremes {
                    let query = Self.numericNames.map { "\($0)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                        .joined(separator: "&")
                    for browser in browsers {
                        // act
                        let res =
                            route.method == .GET
                            ? try await browser.get(path + "?" + query)
                            : try await browser.post(path + "?" + query, Dictionary(uniqueKeysWithValues: Self.numericNames.map { ($0, value) }))
                        // check
                        #expect(res.status.code < 500, "\(route.method) \(path)?\(query): \(res.status)")
                        sent += 1
                    }
                }
            }
            #expect(sent > 500)
        }
    }

    /// A NUL (or any control character) in a form, a query or a JSON body is a French 422 on every route,
    /// and nothing is written.
    @Test func controlCharactersAreRefusedOnEveryRoute() async throws {
        try await withMaillage { app in
            // setup
            let animator = try await Fixtures.animator(app, "anim@test.fr", of: "11")
            let org = try await Fixtures.organization(app, referent: animator)
            let signedIn = try await Browser.impersonating(try animator.requireID(), app)
            let audits = try await AuditEntry.query(on: app.db).count()
            let fields = [
                "name": "Épicerie\u{0}", "email": "a\u{0}@b.fr", "password": "x\u{0}", "reason": "\u{1}", "description": "\u{0}",
                "decision": "valider", "partner": UUID().uuidString, "postal_code": "11100", "commune": "Narbonne",
                "category": "aide-alimentaire",
            ]
            for route in app.routes.all where route.method != .GET {
                let path = Self.path(of: route, id: try org.requireID())
                for browser in [Browser(app), signedIn] {
                    // act
                    let res = try await browser.post(path, fields)
                    // check
                    #expect(res.status == .unprocessableEntity, "\(route.method) \(path): \(res.status)")
                    #expect(res.body.string.contains("caractère de contrôle"))
                }
            }
            #expect(try await signedIn.get(DirectoryURL.directory.path + "?q=a%00b").status == .unprocessableEntity)
            var headers = HTTPHeaders()
            headers.contentType = .json
            let api = try await app.testing().sendRequest(
                .POST, DirectoryURL.apiOrganizations.path, headers: headers,
                body: ByteBuffer(string: #"{"name":"a\u0000b"}"#))
            #expect(api.status == .unprocessableEntity)
            #expect(try await AuditEntry.query(on: app.db).count() == audits)
        }
    }

    /// An import whose records hold a NUL: those records are refused with their reason, the others land.
    @Test func importRefusesRecordsWithControlCharacters() async throws {
        try await withMaillage { app in
            let records = (0..<4).map { i in
                #"{"source":"dora","id":"dora--\#(i)","nom":"Épicerie \#(i)\#(i == 2 ? "\\u0000" : "")","date_maj":"2024-05-01","code_postal":"11100","commune":"Narbonne","code_insee":"11262"}"#
            }
            let data = Data(("[" + records.joined(separator: ",") + "]").utf8)
            let plan = try data.withUnsafeBytes { try DataInclusion.plan(structures: $0, services: nil) }
            #expect(plan.structures.count == 3)
            #expect(plan.rejections.map(\.id) == ["dora--2"])
            #expect(plan.rejections.first?.reason.contains("caractère de contrôle") == true)
        }
    }
}

@Suite struct HTTPEdgeTests {
    @Test func apiPathsAnswer405WithTheirMethods() async throws {
        try await withMaillage { app in
            let res = try await app.testing().sendRequest(.DELETE, DirectoryURL.apiOrganizations.path)
            #expect(res.status == .methodNotAllowed)
            #expect(res.headers.first(name: .allow) == "GET, POST")
            #expect(res.headers.contentType?.subType == "problem+json")
            #expect(try await app.testing().sendRequest(.PUT, PlatformURL.apiPing.path).status == .methodNotAllowed)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/nulle-part").status == .notFound)
        }
    }

    @Test func longAddressesAndLongSearchesAreRefusedInFrench() async throws {
        try await withMaillage { app in
            let long = try await app.testing().sendRequest(.GET, DirectoryURL.directory.path + "?q=" + String(repeating: "a", count: 100_000))
            #expect(long.status == .uriTooLong)
            let q = try await app.testing().sendRequest(.GET, DirectoryURL.apiOrganizations.path + "?q=" + String(repeating: "a", count: 201))
            #expect(q.status == .unprocessableEntity)
            #expect(q.body.string.contains("200 caractères au plus"))
            let bad = try await app.testing().sendRequest(.GET, DirectoryURL.apiOrganizations.path + "?page=abc")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.headers.contentType?.subType == "problem+json")
        }
    }
}
