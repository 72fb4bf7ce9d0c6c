import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Vapor

/// Builds the whole app: the same function serves production, the demo and the tests.
public func configure(_ app: Application, config: AppConfig) async throws {
    app.maillageConfig = config
    switch config.database {
    case .sqliteMemory:
        app.databases.use(.sqlite(.memory), as: .sqlite)
    case .sqliteFile(let path):
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        app.databases.use(.sqlite(.file(path)), as: .sqlite)
    case .postgres(let url):
        do {
            var pg = try SQLPostgresConfiguration(url: url)
            pg.searchPath = ["public"]
            app.databases.use(.postgres(configuration: pg, maxConnectionsPerEventLoop: 4), as: .psql)
        } catch {
            throw AppConfig.Invalid(variable: "DATABASE_URL", reason: "adresse PostgreSQL illisible (\(error))")
        }
    }
    app.migrations.add(Modules.migrations)
    app.passwords.use(.bcrypt(cost: config.bcryptCost))
    app.storage[DirectoryIndexStoreKey.self] = DirectoryIndexStore()
    app.storage[CoverageCacheKey.self] = CoverageCache()

    // A JSON body or a form is small; anything above this is refused with 413 before it is buffered whole.
    app.routes.defaultMaxBodySize = "1mb"
    app.middleware = Middlewares()
    // Outermost, so that stopping the server waits for every request still being answered.
    let inFlight = InFlightRequests()
    app.middleware.use(inFlight)
    app.lifecycle.use(inFlight)
    app.middleware.use(SecurityHeadersMiddleware(config: config))
    app.middleware.use(ProblemMiddleware())
    app.middleware.use(InputGuardMiddleware())
    // Who is asking, then whether the form is theirs (the CSRF token is derived from their session).
    app.middleware.use(ViewerMiddleware())
    app.middleware.use(CSRFMiddleware())
    app.lifecycle.use(JobRunner())
    app.lifecycle.use(OutboxSender())
    app.lifecycle.use(PeriodicTasks())
    Modules.register(app)
}

/// SQLite: one writer at a time; WAL lets readers go on meanwhile, and a busy timeout makes writers wait
/// instead of failing when two requests write at once.
public func prepareDatabase(_ app: Application) async throws {
    if case .sqliteFile = app.maillageConfig.database {
        // Each event loop holds one SQLite connection; the pragmas are set on every one of them.
        for loop in app.eventLoopGroup.makeIterator() {
            if let sql = app.databases.database(.sqlite, logger: app.logger, on: loop) as? any SQLDatabase {
                try await sql.raw("PRAGMA journal_mode=WAL").run()
                try await sql.raw("PRAGMA busy_timeout=5000").run()
            }
        }
    }
    try await app.autoMigrate()
}

struct DirectoryIndexStoreKey: StorageKey { typealias Value = DirectoryIndexStore }
