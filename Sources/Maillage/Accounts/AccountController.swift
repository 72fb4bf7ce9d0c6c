import Fluent
import Foundation
import Vapor

enum AccountController {
    struct SignInForm: Content { var email: String?; var password: String?; var retour: String? }

    @Sendable static func signInForm(req: Request) async throws -> Response {
        let model = SignInPage.Model(email: "", error: nil, returnTo: safeReturn(req.query[String.self, at: "retour"]),
                                     demoAccounts: req.application.maillageConfig.demo ? DemoTerritory.accountsForLoginPage : [])
        return SignInPage.View(context: PageContext(req), model: model).response(on: req)
    }

    @Sendable static func signIn(req: Request) async throws -> Response {
        let form = try req.content.decode(SignInForm.self)
        let email = (form.email ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = form.password ?? ""
        let ip = req.remoteAddress?.ipAddress
        func again(_ error: String, _ status: HTTPResponseStatus) -> Response {
            let model = SignInPage.Model(email: email, error: error, returnTo: safeReturn(form.retour),
                                         demoAccounts: req.application.maillageConfig.demo ? DemoTerritory.accountsForLoginPage : [])
            return SignInPage.View(context: PageContext(req), model: model).response(status: status, on: req)
        }
        if try await LoginThrottle.isBlocked(email: email, ip: ip, on: req.db) {
            return again("Trop de tentatives de connexion : réessayez dans 15 minutes.", .tooManyRequests)
        }
        guard let user = try await User.query(on: req.db).filter(\.$email == email).first(),
              try await req.password.async.verify(password, created: user.passwordHash) else {
            try await LoginThrottle.recordFailure(email: email, ip: ip, on: req.db)
            return again("E-mail ou mot de passe incorrect.", .unauthorized)
        }
        try await LoginThrottle.clear(email: email, on: req.db)
        try await Invitations.accept(for: user, on: req.db)
        let response = Flash.redirect(req, to: safeReturn(form.retour), notice: "Bonjour \(user.name) !")
        try await Sessions.start(for: try user.requireID(), on: req, response: response)
        return response
    }

    @Sendable static func signOut(req: Request) async throws -> Response {
        let response = Flash.redirect(req, to: SiteURL.home.path(), notice: "Vous êtes déconnecté·e. À bientôt !")
        try await Sessions.end(on: req, response: response)
        return response
    }

    @Sendable static func signUpForm(req: Request) async throws -> Response {
        SignUpPage.View(context: PageContext(req), model: .init(values: [:], errors: [:])).response(on: req)
    }

    struct SignUpForm: Content { var name: String?; var email: String?; var password: String?; var password_confirmation: String? }

    @Sendable static func signUp(req: Request) async throws -> Response {
        let form = try req.content.decode(SignUpForm.self)
        let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        let email = (form.email ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = form.password ?? ""
        var errors: [String: String] = [:]
        if name.isEmpty { errors["name"] = "Indiquez votre nom." } else if name.count > 120 { errors["name"] = "Nom trop long." }
        if !EmailAddress.isValid(email) { errors["email"] = "Adresse e-mail invalide." }
        if password.count < 10 { errors["password"] = "Le mot de passe doit faire au moins 10 caractères." }
        else if password.count > 72 { errors["password"] = "Le mot de passe doit faire au plus 72 caractères." }
        if password != (form.password_confirmation ?? "") { errors["password_confirmation"] = "Les deux mots de passe ne sont pas identiques." }
        if errors["email"] == nil, try await User.query(on: req.db).filter(\.$email == email).first() != nil {
            errors["email"] = "Un compte existe déjà avec cette adresse : connectez-vous."
        }
        guard errors.isEmpty else {
            return SignUpPage.View(context: PageContext(req), model: .init(values: ["name": name, "email": email], errors: errors))
                .response(status: .unprocessableEntity, on: req)
        }
        let user = User(email: email, name: name, passwordHash: try await req.password.async.hash(password))
        do {
            try await req.db.writeTransaction { tx in
                try await user.create(on: tx)
                try await Audit.record(on: tx, viewer: nil, action: "compte.création", entityType: "compte", entityID: user.id,
                                       summary: "Création du compte \(email)")
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Two sign-ups with the same address at once: the unique index keeps one.
            errors["email"] = "Un compte existe déjà avec cette adresse : connectez-vous."
            return SignUpPage.View(context: PageContext(req), model: .init(values: ["name": name, "email": email], errors: errors))
                .response(status: .unprocessableEntity, on: req)
        }
        try await Invitations.accept(for: user, on: req.db)
        let response = Flash.redirect(req, to: SiteURL.account.path(), notice: "Bienvenue \(name) ! Votre compte est créé.")
        try await Sessions.start(for: try user.requireID(), on: req, response: response)
        return response
    }

    @Sendable static func account(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let memberships = try await Membership.query(on: req.db).filter(\.$user.$id == viewer.userID).with(\.$organization).all()
        let roles = try await TerritoryRole.query(on: req.db).filter(\.$user.$id == viewer.userID).with(\.$territory).all()
        let model = AccountPage.Model(
            organizations: memberships.compactMap { m in MembershipRole(rawValue: m.role).map { (m.organization, $0) } }.sorted { $0.0.name < $1.0.name },
            roles: roles.compactMap { r in TerritoryRoleKind(rawValue: r.role).map { (r.territory, $0) } })
        return AccountPage.View(context: PageContext(req), model: model).response(on: req)
    }

    @Sendable static func tokens(req: Request) async throws -> Response {
        try await tokensPage(req, newToken: nil, error: nil, status: .ok)
    }

    private static func tokensPage(_ req: Request, newToken: String?, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let viewer = try req.requireViewer()
        let tokens = try await ApiToken.query(on: req.db).filter(\.$user.$id == viewer.userID).sort(\.$createdAt, .descending).all()
        return TokensPage.View(context: PageContext(req), model: .init(tokens: tokens, newToken: newToken, error: error)).response(status: status, on: req)
    }

    struct TokenForm: Content { var name: String? }

    @Sendable static func createToken(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let name = (try req.content.decode(TokenForm.self).name ?? "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 100 else {
            return try await tokensPage(req, newToken: nil, error: "Donnez un nom au jeton (100 caractères au plus).", status: .unprocessableEntity)
        }
        let secret = "mlg_" + SecretToken.generate()
        let token = ApiToken()
        token.$user.id = viewer.userID
        token.name = name
        token.tokenHash = SecretToken.hash(secret)
        try await req.db.writeTransaction { tx in
            try await token.create(on: tx)
            try await Audit.record(on: tx, viewer: viewer, action: "jeton.création", entityType: "jeton", entityID: token.id, summary: "Jeton d'API « \(name) »")
        }
        return try await tokensPage(req, newToken: secret, error: nil, status: .created)
    }

    @Sendable static func revokeToken(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        guard let raw = req.parameters.get("id"), let id = UUID(uuidString: raw),
              let token = try await ApiToken.query(on: req.db).filter(\.$id == id).filter(\.$user.$id == viewer.userID).first() else {
            throw Abort(.notFound, reason: "Ce jeton n'existe pas.")
        }
        try await req.db.writeTransaction { tx in
            try await token.delete(on: tx)
            try await Audit.record(on: tx, viewer: viewer, action: "jeton.révocation", entityType: "jeton", entityID: id, summary: "Jeton d'API « \(token.name) » révoqué")
        }
        return Flash.redirect(req, to: SiteURL.tokens.path(), notice: "Jeton révoqué.")
    }

    /// Only paths on this site: an open redirect would help phishing.
    static func safeReturn(_ raw: String?) -> String { ReturnPath.or(raw, SiteURL.account.path()) }
}

enum Invitations {
    /// Pending invitations for this e-mail become memberships.
    static func accept(for user: User, on db: any Database) async throws {
        let uid = try user.requireID()
        let pending = try await Invitation.query(on: db).filter(\.$email == user.email).all()
        guard !pending.isEmpty else { return }
        try await db.writeTransaction { tx in
            for invitation in pending {
                let exists = try await Membership.query(on: tx).filter(\.$user.$id == uid).filter(\.$organization.$id == invitation.$organization.id).first()
                if exists == nil {
                    try await Membership(userID: uid, organizationID: invitation.$organization.id, role: MembershipRole(rawValue: invitation.role) ?? .member).create(on: tx)
                }
                try await invitation.delete(on: tx)
                try await Audit.record(on: tx, viewer: nil, action: "membre.invitation-acceptée", entityType: "structure",
                                       entityID: invitation.$organization.id, summary: "\(user.email) a rejoint la structure sur invitation")
            }
        }
    }
}
