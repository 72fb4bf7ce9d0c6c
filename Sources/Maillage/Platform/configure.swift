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
    app.migrations.add(Migrations.all)
    app.passwords.use(.bcrypt(cost: config.bcryptCost))
    app.storage[DirectoryIndexStoreKey.self] = DirectoryIndexStore()
    app.storage[CoverageCacheKey.self] = CoverageCache()

    // A JSON body or a form is small; anything above this is refused with 413 before it is buffered whole.
    app.routes.defaultMaxBodySize = "1mb"
    app.middleware = Middlewares()
    app.middleware.use(SecurityHeadersMiddleware(config: config))
    app.middleware.use(ProblemMiddleware())
    app.middleware.use(InputGuardMiddleware())
    // Who is asking, then whether the form is theirs (the CSRF token is derived from their session).
    app.middleware.use(ViewerMiddleware())
    app.middleware.use(CSRFMiddleware())
    app.lifecycle.use(JobRunner())
    app.lifecycle.use(OutboxSender())
    routes(app)
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

func routes(_ app: Application) {
    app.get(SiteURL.stylesheet.components) { _ in Stylesheet.response() }
    app.get(SiteURL.script.components) { _ in Script.response() }
    app.get(SiteURL.home.components, use: DirectoryController.home)
    app.get(SiteURL.directory.components, use: DirectoryController.directory)
    app.get(SiteURL.directoryCSV.components, use: DirectoryController.exportCSV)
    app.get(SiteURL.directoryGeoJSON.components, use: DirectoryController.exportGeoJSON)
    app.get(SiteURL.map.components, use: DirectoryController.map)

    app.get(SiteURL.newOrganization.components, use: OrganizationController.newForm)
    app.post(SiteURL.newOrganization.components, use: OrganizationController.create)
    app.get(SiteURL.organization.components, use: OrganizationController.show)
    app.get(SiteURL.organizationEdit.components, use: OrganizationController.editForm)
    app.post(SiteURL.organizationEdit.components, use: OrganizationController.update)
    app.get(SiteURL.organizationMembers.components, use: OrganizationController.members)
    app.post(SiteURL.organizationMembers.components, use: OrganizationController.addMember)
    app.post(SiteURL.organizationMemberRemove.components, use: OrganizationController.removeMember)
    app.post(SiteURL.invitationCancel.components, use: OrganizationController.cancelInvitation)
    app.get(SiteURL.demoOutbox.components, use: DemoOutboxController.list)
    app.post(SiteURL.partnerships.components, use: PartnershipController.declare)
    app.post(SiteURL.partnershipRemove.components, use: PartnershipController.remove)
    app.post(SiteURL.partnershipAnswer.components, use: PartnershipController.answer)

    app.get(SiteURL.territories.components, use: TerritoryController.territories)
    app.get(SiteURL.coverage.components, use: TerritoryController.coverage)
    app.get(SiteURL.coverageCSV.components, use: TerritoryController.coverageCSV)
    app.post(SiteURL.coverageExpectations.components, use: TerritoryController.saveExpectations)
    app.get(SiteURL.cooperation.components, use: TerritoryController.cooperation)
    app.get(SiteURL.exportStructures.components, use: InteropController.exportStructures)
    app.get(SiteURL.exportServices.components, use: InteropController.exportServices)
    app.get(SiteURL.exportHSDS.components, use: InteropController.exportHSDS)

    app.get(SiteURL.signIn.components, use: AccountController.signInForm)
    app.post(SiteURL.signIn.components, use: AccountController.signIn)
    app.get(SiteURL.signUp.components, use: AccountController.signUpForm)
    app.post(SiteURL.signUp.components, use: AccountController.signUp)
    app.post(SiteURL.signOut.components, use: AccountController.signOut)
    app.get(SiteURL.checkMail.components, use: AccountController.checkMail)
    app.get(SiteURL.activation.components, use: AccountController.activationForm)
    app.post(SiteURL.activation.components, use: AccountController.activate)
    app.post(SiteURL.resendActivation.components, use: AccountController.resendVerification)
    app.get(SiteURL.forgotPassword.components, use: AccountController.forgotPasswordForm)
    app.post(SiteURL.forgotPassword.components, use: AccountController.forgotPassword)
    app.get(SiteURL.resetPassword.components, use: AccountController.resetPasswordForm)
    app.post(SiteURL.resetPassword.components, use: AccountController.resetPassword)
    app.post(SiteURL.invitationAnswer.components, use: AccountController.answerInvitation)
    app.get(SiteURL.account.components, use: AccountController.account)
    app.get(SiteURL.tokens.components, use: AccountController.tokens)
    app.post(SiteURL.tokens.components, use: AccountController.createToken)
    app.post(SiteURL.tokenRevoke.components, use: AccountController.revokeToken)

    app.get(SiteURL.moderation.components, use: AnimationController.moderation)
    app.post(SiteURL.moderationDecide.components, use: AnimationController.decide)
    app.post(SiteURL.territoryRequestAnswer.components, use: AnimationController.answerTerritoryRequest)
    app.get(SiteURL.audit.components, use: AnimationController.audit)
    app.get(SiteURL.imports.components, use: InteropController.imports)
    // Only an animator's upload is read: the guard answers before the body is collected (issue 11, finding 8).
    app.grouped(AnimatorGuard()).on(.POST, SiteURL.imports.components, body: .stream, use: InteropController.upload)
    app.get(SiteURL.importJob.components, use: InteropController.job)
    app.get(SiteURL.duplicates.components, use: DuplicatesController.list)
    app.post(SiteURL.merge.components, use: DuplicatesController.merge)

    app.get(SiteURL.apiOrganizations.components, use: DirectoryAPIController.list)
    app.post(SiteURL.apiOrganizations.components, use: DirectoryAPIController.create)
    app.get(SiteURL.apiOrganization.components, use: DirectoryAPIController.show)
    app.patch(SiteURL.apiOrganization.components, use: DirectoryAPIController.update)
    app.get(SiteURL.apiTerritories.components, use: DirectoryAPIController.territories)
    app.get(SiteURL.apiCoverage.components, use: TerritoryController.apiCoverage)
    app.get(SiteURL.apiMe.components, use: DirectoryAPIController.me)
    app.get(SiteURL.apiPing.components, use: DirectoryAPIController.ping)
    app.get(SiteURL.apiOpenAPI.components, use: DirectoryAPIController.openAPI)
}
