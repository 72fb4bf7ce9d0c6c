import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import Maillage

/// On PostgreSQL every test shares one database, so tests take turns; on SQLite each has its own file.
let postgresTurn = AsyncMutex()

/// Builds exactly the production app: on a fresh SQLite file by default, or on the PostgreSQL of `DATABASE_URL`
/// (wiped first). Bcrypt is cheap here so the suite stays fast.
func withMaillage(demo: Bool = false, configure change: (inout AppConfig) -> Void = { _ in },
                  _ test: (Application) async throws -> Void) async throws {
    let env = ProcessInfo.processInfo.environment
    let sqlitePath = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-test-\(UUID().uuidString).sqlite").path
    var config = try AppConfig.fromEnvironment(env, defaultDatabase: .sqliteFile(sqlitePath))
    config.bcryptCost = 4
    config.demo = demo
    change(&config)
    let onPostgres: Bool
    if case .postgres = config.database { onPostgres = true } else { onPostgres = false }
    if onPostgres { await postgresTurn.lock() }
    let app = try await Application.make(.testing)
    do {
        try await configure(app, config: config)
        app.clock = FixedClock(Date())
        // Tests change the database directly too: the coverage reads its stamp every time.
        app.storage[CoverageCacheKey.self] = CoverageCache(recheck: .zero)
        if onPostgres, let sql = app.db as? any SQLDatabase {
            try await sql.raw("DROP SCHEMA public CASCADE").run()
            try await sql.raw("CREATE SCHEMA public").run()
        }
        try await prepareDatabase(app)
        try await test(app)
    } catch {
        try? await app.asyncShutdown()
        if onPostgres { await postgresTurn.unlock() }
        try? FileManager.default.removeItem(atPath: sqlitePath)
        throw error
    }
    try await app.asyncShutdown()
    if onPostgres { await postgresTurn.unlock() }
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: sqlitePath + suffix) }
}

/// A browser-like client: keeps cookies, sends the CSRF token with every form.
final class Browser: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [CSRFMiddleware.cookie: "test-csrf-token-0123456789"]

    init(_ app: Application) { self.app = app }

    /// The token the pages of this browser carry: derived from the session once signed in.
    var csrfToken: String? {
        cookies[ViewerMiddleware.sessionCookie].map(CSRFMiddleware.token(forSession:)) ?? cookies[CSRFMiddleware.cookie]
    }

    private var cookieHeader: String { cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }

    private func keepCookies(_ res: TestingHTTPResponse) {
        for (name, value) in res.headers.setCookie?.all ?? [:] {
            if value.string.isEmpty { cookies.removeValue(forKey: name) } else { cookies[name] = value.string }
        }
    }

    @discardableResult
    func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var h = headers
        h.replaceOrAdd(name: .cookie, value: cookieHeader)
        let res = try await app.testing().sendRequest(.GET, path, headers: h)
        keepCookies(res)
        return res
    }

    @discardableResult
    func post(_ path: String, _ fields: [String: String], csrf: Bool = true, headers extra: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var all = fields
        if csrf { all[CSRFMiddleware.field] = csrfToken }
        var components = URLComponents()
        components.queryItems = all.map { URLQueryItem(name: $0.key, value: $0.value) }
        let body = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        var headers = extra
        headers.contentType = .urlEncodedForm
        headers.replaceOrAdd(name: .cookie, value: cookieHeader)
        let res = try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body))
        keepCookies(res)
        return res
    }

    /// A signed-in browser for `userID`, without going through the sign-in form.
    static func impersonating(_ userID: UUID, _ app: Application) async throws -> Browser {
        let browser = Browser(app)
        let token = SecretToken.generate()
        let session = UserSession()
        session.tokenHash = SecretToken.hash(token)
        session.$user.id = userID
        session.expiresAt = Date().addingTimeInterval(3600)
        try await session.create(on: app.db)
        browser.cookies[ViewerMiddleware.sessionCookie] = token
        return browser
    }

    func signIn(_ email: String, password: String = Fixtures.password) async throws {
        let res = try await post(AccountsURL.signIn.path, ["email": email, "password": password])
        #expect(res.status == .seeOther, "sign-in of \(email) failed: \(res.status)")
    }
}

enum Fixtures {
    static let password = "mot-de-passe-solide"

    @discardableResult
    static func user(_ app: Application, _ email: String, name: String = "Personne Test", admin: Bool = false, verified: Bool = true) async throws -> User {
        let user = User(email: email, name: name, passwordHash: try await app.password.async.hash(password), isAdmin: admin)
        user.emailVerifiedAt = verified ? app.clock.now : nil
        try await user.create(on: app.db)
        return user
    }

    static func territory(_ app: Application, _ code: String) async throws -> Territory {
        try #require(try await Territory.query(on: app.db).filter(\.$code == code).first())
    }

    static func animator(_ app: Application, _ email: String, of code: String) async throws -> User {
        let user = try await self.user(app, email, name: "Animatrice \(code)")
        try await TerritoryRole(userID: try user.requireID(), territoryID: try await territory(app, code).requireID(), role: .animator).create(on: app.db)
        return user
    }

    static func input(name: String = "Épicerie solidaire Test", category: Category = .aideAlimentaire,
                      postalCode: String = "11100", commune: String = "Narbonne") -> OrganizationInput {
        OrganizationInput(name: name, category: category.rawValue, description: "Une épicerie pour les familles.",
                          services: "Épicerie, ateliers cuisine", address: "1 rue Test", postal_code: postalCode, commune: commune,
                          email: "contact@test.example.org", opening_hours: "Mo-Fr 09:00-12:00",
                          capacities: [.init(temperature: "frais", capacity_kg: 400, note: nil)],
                          contacts: [.init(name: "Alice Dupont", role: "Coordinatrice", email: "alice@test.example.org", phone: "04 68 00 00 00")])
    }

    /// A structure with `referent` as its referent, validated unless said otherwise.
    static func organization(_ app: Application, referent: User, input: OrganizationInput = input(), validated: Bool = true) async throws -> Organization {
        let viewer = try #require(try await Viewer.load(userID: try referent.requireID(), on: app.db))
        let valid = try OrganizationRules.validate(input).get()
        let org = try await OrganizationService.create(valid, by: viewer, on: app.db, index: app.directoryIndex)
        if validated, org.statusValue != .validated {
            org.status = OrganizationStatus.validated.rawValue
            try await org.save(on: app.db)
            app.directoryIndex.invalidate()
        }
        return org
    }
}

/// What the outbox holds, read the way a person reads their mail: the last message to an address, its link.
enum Mailbox {
    static func last(_ app: Application, to address: String, kind: String? = nil) async throws -> OutboxMessage? {
        var query = OutboxMessage.query(on: app.db).filter(\.$recipient == address)
        if let kind { query = query.filter(\.$kind == kind) }
        return try await query.sort(\.$createdAt, .descending).first()
    }

    /// The path (and query) of the first link of this site in the message's text.
    static func link(_ app: Application, to address: String, kind: String? = nil) async throws -> String {
        let message = try #require(try await last(app, to: address, kind: kind), "no mail to \(address)")
        let start = try #require(message.textBody.range(of: "http://"), "no link in: \(message.textBody)")
        let url = message.textBody[start.lowerBound...].prefix { !$0.isWhitespace }
        let path = try #require(URLComponents(string: String(url)))
        return path.path + (path.percentEncodedQuery.map { "?" + $0 } ?? "") + (path.fragment.map { "#" + $0 } ?? "")
    }
}
