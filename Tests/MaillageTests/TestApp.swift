import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// Builds exactly the production app, on a database of its own: a copy of a migrated SQLite file by default, or a
/// PostgreSQL database cloned from a migrated template when `DATABASE_URL` names a server (issue 12: tests stay
/// fast as the app grows, and run in parallel on both). Bcrypt is cheap here so the suite stays fast.
func withMaillage(
    demo: Bool = false, configure change: (inout AppConfig) -> Void = { _ in },
    _ test: (Application) async throws -> Void
) async throws {
    let env = ProcessInfo.processInfo.environment
    var config = try AppConfig.fromEnvironment(env, defaultDatabase: .sqliteMemory)
    config.bcryptCost = 4
    config.demo = demo
    change(&config)
    let database = try await TestDatabases.shared.fresh(for: config.database)
    config.database = database.choice
    let app = try await Application.make(.testing)
    do {
        try await configure(app, config: config)
        app.clock = FixedClock(Date())
        app.chance = Chance(seed: 1)
        // Tests change the database directly too: the coverage reads its stamp every time.
        app.storage[CoverageCacheKey.self] = CoverageCache(recheck: .zero)
        try await prepareDatabase(app)
        try await test(app)
    } catch {
        try? await app.asyncShutdown()
        await TestDatabases.shared.release(database)
        throw error
    }
    try await app.asyncShutdown()
    await TestDatabases.shared.release(database)
}

/// One migrated database per test run, copied (SQLite) or cloned (`CREATE DATABASE … TEMPLATE`, PostgreSQL)
/// for each test.
actor TestDatabases {
    static let shared = TestDatabases()

    struct Lease: Sendable {
        var choice: AppConfig.DatabaseChoice
        /// The SQLite file, or the PostgreSQL database, to remove after the test.
        var sqlitePath: String?
        var postgresName: String?
    }

    private var sqliteTemplate: Task<String, any Error>?
    private var postgresTemplate: Task<String, any Error>?
    /// Connected to the database `DATABASE_URL` names: creates and drops the test databases. Kept for the run.
    private var admin: Task<Application, any Error>?
    /// PostgreSQL tests at once: each app holds a few connections, the test cluster allows 200.
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private let parallel = 6

    func fresh(for choice: AppConfig.DatabaseChoice) async throws -> Lease {
        switch choice {
        case .postgres(let url):
            await acquire()
            do {
                return try await clonePostgres(url)
            } catch {
                release()
                throw error
            }
        default:
            return try await copySQLite()
        }
    }

    func release(_ lease: Lease) async {
        if let path = lease.sqlitePath {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        if let name = lease.postgresName {
            if let sql = try? await admin?.value.db as? any SQLDatabase {
                try? await sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run()
            }
            release()
        }
    }

    private func acquire() async {
        if running < parallel {
            running += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
    }

    /// A migrated database, made once with the app's own migrations and closed.
    private static func migrate(_ choice: AppConfig.DatabaseChoice) async throws {
        var config = try AppConfig.fromEnvironment([:], defaultDatabase: choice)
        config.bcryptCost = 4
        let app = try await Application.make(.testing)
        do {
            try await configure(app, config: config)
            try await prepareDatabase(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    private func copySQLite() async throws -> Lease {
        let task =
            sqliteTemplate
            ?? Task {
                let path = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-template-\(UUID().uuidString).sqlite").path
                try await Self.migrate(.sqliteFile(path))
                return path
            }
        sqliteTemplate = task
        let template = try await task.value
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-test-\(UUID().uuidString).sqlite").path
        try FileManager.default.copyItem(atPath: template, toPath: path)
        return Lease(choice: .sqliteFile(path), sqlitePath: path, postgresName: nil)
    }

    private static func url(_ url: String, database: String) throws -> String {
        guard var components = URLComponents(string: url) else { throw AppConfig.Invalid(variable: "DATABASE_URL", reason: "illisible") }
        components.path = "/" + database
        return components.string ?? url
    }

    private func adminDatabase(_ url: String) async throws -> any SQLDatabase {
        let task =
            admin
            ?? Task {
                var config = try AppConfig.fromEnvironment([:], defaultDatabase: .postgres(url))
                config.bcryptCost = 4
                let app = try await Application.make(.testing)
                try await configure(app, config: config)
                return app
            }
        admin = task
        guard let sql = try await task.value.db as? any SQLDatabase else { throw AppConfig.Invalid(variable: "DATABASE_URL", reason: "pas une base SQL") }
        return sql
    }

    private func clonePostgres(_ url: String) async throws -> Lease {
        let sql = try await adminDatabase(url)
        let task =
            postgresTemplate
            ?? Task {
                let name = "maillage_template"
                try await sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run()
                try await sql.raw("CREATE DATABASE \(unsafeRaw: name)").run()
                try await Self.migrate(.postgres(try Self.url(url, database: name)))
                return name
            }
        postgresTemplate = task
        let template = try await task.value
        let name = "maillage_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await sql.raw("CREATE DATABASE \(unsafeRaw: name) TEMPLATE \(unsafeRaw: template)").run()
        return Lease(choice: .postgres(try Self.url(url, database: name)), sqlitePath: nil, postgresName: name)
    }
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

    /// A form body as a browser sends it, already encoded: for repeated fields (checkbox lists).
    @discardableResult
    func postRaw(_ path: String, _ encoded: String) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        headers.replaceOrAdd(name: .cookie, value: cookieHeader)
        let token = (csrfToken ?? "").addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let res = try await app.testing().sendRequest(
            .POST, path, headers: headers, body: ByteBuffer(string: encoded + "&\(CSRFMiddleware.field)=\(token)"))
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

    static func input(
        name: String = "Épicerie solidaire Test", category: Category = .aideAlimentaire,
        postalCode: String = "11100", commune: String = "Narbonne"
    ) -> OrganizationInput {
        OrganizationInput(
            name: name, category: category.rawValue, description: "Une épicerie pour les familles.",
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
