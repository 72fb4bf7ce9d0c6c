import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// Issue 11, findings 2, 10 and 14: redirects, forged forms, the API's authentication, security headers.
@Suite struct RequestSafetyTests {
    static let hostileReturns = [
        "/\t/evil.example", "/%09/evil.example", "//evil.example", "/\\evil.example", "https://evil.example", "evil.example",
        "/ok\r\nSet-Cookie: maillage_csrf=planted-token-0123456789", "/%0d%0aSet-Cookie:%20x=y", "/%2F%2Fevil.example",
        "/%252F%252Fevil.example", "/\u{0}x", "/" + String(repeating: "a", count: 5000),
    ]

    @Test func returnPathRefusesEverythingOffSite() {
        for raw in Self.hostileReturns { #expect(ReturnPath.validated(raw) == nil, "\(raw.debugDescription)") }
        for raw in ["/", DirectoryURL.directory.path + "?q=épicerie&page=2", "/structures/5F0E/modifier#contacts", DirectoryURL.map.path + "?near=Narbonne%20"]
        {
            #expect(ReturnPath.validated(raw) == raw)
        }
    }

    /// Sign-in with every hostile `retour`, then every registered route with it: no redirect leaves the site,
    /// no header is written from the request.
    @Test func everyRedirectStaysOnTheSite() async throws {
        try await withMaillage { app in
            // setup
            _ = try await Fixtures.user(app, "ref@test.fr")
            // act: sign in with each hostile return path
            for raw in Self.hostileReturns {
                let browser = Browser(app)
                _ = try await browser.get(AccountsURL.signIn.path)
                let res = try await browser.post(AccountsURL.signIn.path, ["email": "ref@test.fr", "password": Fixtures.password, "retour": raw])
                // check: refused at the door (control characters) or sent to the account page
                #expect(res.status == .seeOther || res.status == .unprocessableEntity, "\(raw.debugDescription)")
                if res.status == .seeOther { #expect(res.headers.first(name: .location) == AccountsURL.account.path, "\(raw.debugDescription)") }
                #expect(!res.headers[.setCookie].joined().contains("planted"))
            }
            // Every route, every method, signed in or not: a Location is always a validated path of the site.
            let signedIn = Browser(app)
            try await signedIn.signIn("ref@test.fr")
            let query = "retour=" + (Self.hostileReturns.joined().addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            for route in app.routes.all {
                let path =
                    "/"
                    + route.path.map { c -> String in
                        if case .constant(let v) = c { return v }
                        return UUID().uuidString
                    }.joined(separator: "/")
                for browser in [Browser(app), signedIn] {
                    let res =
                        route.method == .GET
                        ? try await browser.get(path + "?" + query)
                        : try await browser.post(path + "?" + query, ["retour": Self.hostileReturns[0]])
                    if let location = res.headers.first(name: .location) {
                        #expect(ReturnPath.validated(location) != nil, "\(route.method) \(path): \(location)")
                    }
                }
            }
        }
    }

    /// A cookie planted by someone else cannot stand for the form token of a signed-in person.
    @Test func formTokenIsBoundToTheSession() async throws {
        try await withMaillage { app in
            // setup
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let org = try await Fixtures.organization(app, referent: referent)
            let browser = Browser(app)
            try await browser.signIn("ref@test.fr")
            let planted = "planted-token-0123456789abcdef"
            browser.cookies[CSRFMiddleware.cookie] = planted
            let path = DirectoryURL.partnerships(try org.requireID())
            // act: the double-submit pair alone
            var fields = ["partner": UUID().uuidString, CSRFMiddleware.field: planted]
            let forged = try await browser.post(path, fields, csrf: false)
            // check
            #expect(forged.status == .forbidden)
            // The token of the session itself passes; so does nothing from another site.
            fields[CSRFMiddleware.field] = browser.csrfToken
            #expect(try await browser.post(path, fields, csrf: false).status == .seeOther)
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: "Sec-Fetch-Site", value: "cross-site")
            #expect(try await browser.post(path, fields, csrf: false, headers: headers).status == .forbidden)
        }
    }

    /// The API reads no cookie, and a JSON body only when it says it is JSON.
    @Test func apiAcceptsTokensOnlyAndJSONOnly() async throws {
        try await withMaillage { app in
            // setup
            _ = try await Fixtures.user(app, "ref@test.fr")
            let browser = Browser(app)
            try await browser.signIn("ref@test.fr")
            let json = #"{"name":"Forgée","category":"aide-alimentaire","postal_code":"11100","commune":"Narbonne"}"#
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .cookie, value: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
            headers.contentType = HTTPMediaType(type: "text", subType: "plain")
            // act: a cross-site text/plain form with the session cookie
            let withCookie = try await app.testing().sendRequest(.POST, DirectoryURL.apiOrganizations.path, headers: headers, body: ByteBuffer(string: json))
            // check
            #expect(withCookie.status == .unauthorized)
            let user = try #require(try await User.query(on: app.db).filter(\.$email == "ref@test.fr").first())
            let secret = "mlg_" + SecretToken.generate()
            let token = ApiToken()
            token.$user.id = try user.requireID()
            token.name = "test"
            token.tokenHash = SecretToken.hash(secret)
            try await token.create(on: app.db)
            var bearer = HTTPHeaders()
            bearer.bearerAuthorization = .init(token: secret)
            bearer.contentType = HTTPMediaType(type: "text", subType: "plain")
            let plain = try await app.testing().sendRequest(.POST, DirectoryURL.apiOrganizations.path, headers: bearer, body: ByteBuffer(string: json))
            #expect(plain.status == .unsupportedMediaType)
            #expect(try await Organization.query(on: app.db).count() == 0)
            bearer.contentType = .json
            #expect(
                try await app.testing().sendRequest(.POST, DirectoryURL.apiOrganizations.path, headers: bearer, body: ByteBuffer(string: json)).status
                    == .created)
        }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        try await withMaillage(configure: {
            $0.baseURL = "https://maillage.example.org"; $0.secureCookies = true
        }) { app in
            // act
            let browser = Browser(app)
            let pages = [try await browser.get("/"), try await browser.get("/nulle-part"), try await browser.get(PlatformURL.apiPing.path)]
            // check
            for res in pages {
                let csp = res.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"))
                #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(res.headers.first(name: "Referrer-Policy") == "same-origin")
                #expect(res.headers.first(name: "Strict-Transport-Security")?.hasPrefix("max-age=") == true)
            }
            let cookies = try await app.testing().sendRequest(.GET, "/").headers[.setCookie]
            #expect(!cookies.isEmpty && cookies.allSatisfy { $0.contains("Secure") && $0.contains("HttpOnly") })
        }
    }
}
