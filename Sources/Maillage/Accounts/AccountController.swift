import Fluent
import Foundation
import SQLKit
import Vapor

/// Sign-up, sign-in, address verification, password reset, invitations and API tokens.
///
/// Issue 11: nothing here tells whether an address has an account (same answers, same timing: a bcrypt check
/// runs against a dummy hash for unknown addresses), guessing is slowed per account and address before the
/// password is checked, and an invitation becomes a membership only when its verified owner accepts it.
enum AccountController {
    struct SignInForm: Content { var email: String?; var password: String?; var retour: String? }

    static func demoAccounts(_ req: Request) -> [DemoAccount] {
        req.application.maillageConfig.demo ? Modules.demoAccounts : []
    }

    @Sendable static func signInForm(req: Request) async throws -> Response {
        let model = SignInPage.Model(email: "", error: nil, returnTo: safeReturn(req.query[String.self, at: "retour"]), demoAccounts: demoAccounts(req))
        return SignInPage.View(context: PageContext(req), model: model).response(on: req)
    }

    @Sendable static func signIn(req: Request) async throws -> Response {
        let form = try req.content.decode(SignInForm.self)
        let email = (form.email ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = form.password ?? ""
        func again(_ error: String, _ status: HTTPResponseStatus) -> Response {
            let model = SignInPage.Model(email: email, error: error, returnTo: safeReturn(form.retour), demoAccounts: demoAccounts(req))
            return SignInPage.View(context: PageContext(req), model: model).response(status: status, on: req)
        }
        guard !email.isEmpty, !password.isEmpty, email.utf8.count <= 254, password.utf8.count <= 1024 else {
            return again("Indiquez votre adresse e-mail et votre mot de passe.", .unprocessableEntity)
        }
        let ticket: LoginThrottle.Ticket
        switch try await LoginThrottle.claim(email: email, ip: req.clientIP, now: req.clock.now, on: req.db) {
        case .wait(let seconds):
            let response = again("Trop de tentatives pour ce compte : réessayez dans \(Format.duration(seconds)).", .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
            return response
        case .check(let t):
            ticket = t
        }
        let user = try await User.query(on: req.db).filter(\.$email == email).first()
        // An unknown address costs the same bcrypt check as a known one.
        let hash = if let user { user.passwordHash } else { try await dummyHash(req) }
        let matches = try await req.password.async.verify(password, created: hash)
        guard let user, matches else {
            try await LoginThrottle.failed(ticket, now: req.clock.now, on: req.db)
            return again("E-mail ou mot de passe incorrect.", .unauthorized)
        }
        try await LoginThrottle.succeeded(ticket, on: req.db)
        let response = Flash.redirect(req, to: safeReturn(form.retour), notice: "Bonjour \(user.name) !")
        try await Sessions.start(for: try user.requireID(), on: req, response: response)
        return response
    }

    /// A hash of a random password at the configured cost, made once per process.
    private static func dummyHash(_ req: Request) async throws -> String {
        if let hash = req.application.storage[DummyHashKey.self] { return hash }
        let hash = try await req.password.async.hash(SecretToken.generate())
        req.application.storage[DummyHashKey.self] = hash
        return hash
    }

    private struct DummyHashKey: StorageKey { typealias Value = String }

    @Sendable static func signOut(req: Request) async throws -> Response {
        let response = Flash.redirect(req, to: DirectoryURL.home.path, notice: "Vous êtes déconnecté·e. À bientôt !")
        try await Sessions.end(on: req, response: response)
        return response
    }

    @Sendable static func signUpForm(req: Request) async throws -> Response {
        SignUpPage.View(context: PageContext(req), model: .init(form: .init())).response(on: req)
    }

    /// The same answer whether or not the address has an account: a link to activate the new account, or a
    /// word to the owner of the existing one.
    @Sendable static func signUp(req: Request) async throws -> Response {
        var form = FormState<SignUpField>(req)
        let name = form.trimmed(.name)
        let email = form.trimmed(.email).lowercased()
        let password = form[.password]
        if name.isEmpty { form.refuse(.name, "Indiquez votre nom.") } else if name.count > 120 { form.refuse(.name, "Nom trop long (120 caractères au plus).") }
        if !EmailAddress.isValid(email) { form.refuse(.email, "Adresse e-mail invalide, par exemple prenom.nom@association.fr.") }
        if let problem = PasswordRules.problem(password, email: email, name: name) { form.refuse(.password, problem) }
        if password != form[.passwordConfirmation] { form.refuse(.passwordConfirmation, "Les deux mots de passe ne sont pas identiques.") }
        guard form.isValid else {
            let kept = form.keeping(without: [.password, .passwordConfirmation])
            return kept.again(SignUpPage.View(context: PageContext(req), model: .init(form: kept)), on: req)
        }
        let hash = try await req.password.async.hash(password)
        let now = req.clock.now
        let base = req.publicBaseURL
        try await req.db.writeTransaction { tx in
            if let existing = try await User.query(on: tx).filter(\.$email == email).first() {
                // Told at most three times an hour, so the form cannot flood someone's mailbox.
                guard try await Outbox.recentCount(kind: "compte.inscription-existante", to: email, since: now.addingTimeInterval(-3600), on: tx) < 3
                else { return }
                let mail = AccountMails.alreadyRegistered(
                    name: existing.name, to: email, signIn: base + AccountsURL.signIn.path,
                    reset: base + AccountsURL.forgotPassword.path)
                try await Outbox.enqueue(mail, key: "inscription-existante:\(email):\(UUID().uuidString)", now: now, on: tx)
                return
            }
            let user = User(email: email, name: name, passwordHash: hash)
            try await user.create(on: tx)
            try await Audit.record(on: tx, viewer: nil, action: .accountCreated, about: .account(user.id), summary: "Création d'un compte")
            try await sendVerification(to: user, now: now, base: base, on: tx)
        }
        return Redirect.to(AccountsURL.checkMail.path, on: req, notice: "C'est presque fini : un lien d'activation vient de partir vers \(email).")
    }

    static func sendVerification(to user: User, now: Date, base: String, on db: any Database) async throws {
        let secret = try await AccountTokens.issue(.verifyEmail, for: user, now: now, on: db)
        let link = base + AccountsURL.activation.path + "?jeton=" + secret
        try await Outbox.enqueue(
            AccountMails.verification(name: user.name, to: user.email, link: link),
            key: "verification:\(SecretToken.hash(secret))", now: now, on: db)
    }

    @Sendable static func checkMail(req: Request) async throws -> Response {
        CheckMailPage.View(context: PageContext(req), model: .init()).response(on: req)
    }

    /// The link of the activation mail opens a page with one button, so that a mail scanner following links
    /// does not sign anyone in.
    @Sendable static func activationForm(req: Request) async throws -> Response {
        let secret = req.query[String.self, at: "jeton"] ?? ""
        let valid = try await AccountTokens.find(secret, purpose: .verifyEmail, now: req.clock.now, on: req.db) != nil
        return ActivationPage.View(context: PageContext(req), model: .init(token: secret, valid: valid))
            .response(status: valid ? .ok : .gone, on: req)
    }

    @Sendable static func activate(req: Request) async throws -> Response {
        let secret = (try? req.content.get(String.self, at: "jeton")) ?? ""
        let now = req.clock.now
        let user: User? = try await req.db.writeTransaction { tx in
            guard let token = try await AccountTokens.use(secret, purpose: .verifyEmail, now: now, on: tx),
                let user = try await User.find(token.$user.id, on: tx)
            else { return nil }
            if user.emailVerifiedAt == nil {
                user.emailVerifiedAt = now
                try await user.save(on: tx)
                try await Audit.record(
                    on: tx, viewer: nil, action: .emailVerified, about: .account(user.id),
                    summary: "Adresse e-mail vérifiée")
            }
            return user
        }
        guard let user else {
            return ActivationPage.View(context: PageContext(req), model: .init(token: "", valid: false)).response(status: .gone, on: req)
        }
        let response = Flash.redirect(req, to: AccountsURL.account.path, notice: "Votre adresse est vérifiée. Bienvenue \(user.name) !")
        try await Sessions.start(for: try user.requireID(), on: req, response: response)
        return response
    }

    @Sendable static func resendVerification(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        guard !viewer.isVerified else { return Flash.redirect(req, to: AccountsURL.account.path, notice: "Votre adresse est déjà vérifiée.") }
        let now = req.clock.now
        let base = req.publicBaseURL
        try await req.db.writeTransaction { tx in
            guard let user = try await User.find(viewer.userID, on: tx),
                try await Outbox.recentCount(kind: "compte.vérification", to: user.email, since: now.addingTimeInterval(-3600), on: tx) < 3
            else { return }
            try await sendVerification(to: user, now: now, base: base, on: tx)
        }
        return Flash.redirect(req, to: AccountsURL.account.path, notice: "Un nouveau lien d'activation est parti vers \(viewer.email).")
    }

    // MARK: - Password reset

    @Sendable static func forgotPasswordForm(req: Request) async throws -> Response {
        ForgotPasswordPage.View(context: PageContext(req), model: .init(email: "", sent: false, error: nil)).response(on: req)
    }

    /// Always the same answer; a mail only when the address has an account (and not more than three an hour).
    @Sendable static func forgotPassword(req: Request) async throws -> Response {
        let email = ((try? req.content.get(String.self, at: "email")) ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        guard EmailAddress.isValid(email) else {
            return ForgotPasswordPage.View(context: PageContext(req), model: .init(email: email, sent: false, error: "Adresse e-mail invalide."))
                .response(status: .unprocessableEntity, on: req)
        }
        let now = req.clock.now
        let base = req.publicBaseURL
        try await req.db.writeTransaction { tx in
            guard let user = try await User.query(on: tx).filter(\.$email == email).first(),
                try await Outbox.recentCount(kind: "compte.mot-de-passe", to: email, since: now.addingTimeInterval(-3600), on: tx) < 3
            else { return }
            let secret = try await AccountTokens.issue(.resetPassword, for: user, now: now, on: tx)
            try await Outbox.enqueue(
                AccountMails.passwordReset(name: user.name, to: email, link: base + AccountsURL.resetPassword.path + "?jeton=" + secret),
                key: "reinitialisation:\(SecretToken.hash(secret))", now: now, on: tx)
        }
        return ForgotPasswordPage.View(context: PageContext(req), model: .init(email: email, sent: true, error: nil)).response(on: req)
    }

    @Sendable static func resetPasswordForm(req: Request) async throws -> Response {
        let secret = req.query[String.self, at: "jeton"] ?? ""
        let valid = try await AccountTokens.find(secret, purpose: .resetPassword, now: req.clock.now, on: req.db) != nil
        return ResetPasswordPage.View(context: PageContext(req), model: .init(token: secret, valid: valid, errors: [:]))
            .response(status: valid ? .ok : .gone, on: req)
    }

    /// A new password ends every session of the account: whoever had it is signed out.
    @Sendable static func resetPassword(req: Request) async throws -> Response {
        let secret = (try? req.content.get(String.self, at: "jeton")) ?? ""
        let password = (try? req.content.get(String.self, at: "password")) ?? ""
        let confirmation = (try? req.content.get(String.self, at: "password_confirmation")) ?? ""
        let now = req.clock.now
        guard let pending = try await AccountTokens.find(secret, purpose: .resetPassword, now: now, on: req.db),
            let owner = try await User.find(pending.$user.id, on: req.db)
        else {
            return ResetPasswordPage.View(context: PageContext(req), model: .init(token: "", valid: false, errors: [:])).response(status: .gone, on: req)
        }
        var errors: [String: String] = [:]
        if let problem = PasswordRules.problem(password, email: owner.email, name: owner.name) { errors["password"] = problem }
        if password != confirmation { errors["password_confirmation"] = "Les deux mots de passe ne sont pas identiques." }
        guard errors.isEmpty else {
            return ResetPasswordPage.View(context: PageContext(req), model: .init(token: secret, valid: true, errors: errors))
                .response(status: .unprocessableEntity, on: req)
        }
        let hash = try await req.password.async.hash(password)
        let done: Bool = try await req.db.writeTransaction { tx in
            guard let token = try await AccountTokens.use(secret, purpose: .resetPassword, now: now, on: tx),
                let user = try await User.find(token.$user.id, on: tx)
            else { return false }
            user.passwordHash = hash
            // The link came to the address: it is verified.
            if user.emailVerifiedAt == nil { user.emailVerifiedAt = now }
            try await user.save(on: tx)
            try await UserSession.query(on: tx).filter(\.$user.$id == token.$user.id).delete()
            try await Audit.record(
                on: tx, viewer: nil, action: .passwordReset, about: .account(user.id),
                summary: "Mot de passe changé par lien de réinitialisation ; toutes les sessions fermées")
            return true
        }
        guard done else {
            return ResetPasswordPage.View(context: PageContext(req), model: .init(token: "", valid: false, errors: [:])).response(status: .gone, on: req)
        }
        return Flash.redirect(req, to: AccountsURL.signIn.path, notice: "Votre mot de passe est changé : connectez-vous avec le nouveau.")
    }

    // MARK: - Account and invitations

    @Sendable static func account(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let memberships = try await Membership.query(on: req.db).filter(\.$user.$id == viewer.userID).with(\.$organization).all()
        let roles = try await TerritoryRole.query(on: req.db).filter(\.$user.$id == viewer.userID).with(\.$territory).all()
        let invitations = try await Invitation.query(on: req.db).filter(\.$email == viewer.email).with(\.$organization).sort(\.$createdAt).all()
        let model = AccountPage.Model(
            organizations: memberships.compactMap { m -> AccountPage.Structure? in
                guard let id = m.organization.id, let role = MembershipRole(rawValue: m.role) else { return nil }
                return .init(id: id, name: m.organization.name, role: role, status: m.organization.statusValue)
            }.sorted { $0.name < $1.name },
            roles: roles.compactMap { r in TerritoryRoleKind(rawValue: r.role).map { "\($0.label) — \(r.territory.name)" } },
            invitations: invitations.compactMap { i in
                i.id.map {
                    AccountPage.Invitation(id: $0, organization: i.organization.name, role: MembershipRole(rawValue: i.role) ?? .member, invitedBy: i.invitedBy)
                }
            },
            verified: viewer.isVerified)
        return AccountPage.View(context: PageContext(req), model: model).response(on: req)
    }

    /// The invited person, signed in with the verified address the invitation was sent to, accepts or declines.
    @Sendable static func answerInvitation(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        guard viewer.isVerified else {
            return Flash.redirect(
                req, to: AccountsURL.account.path, notice: "Vérifiez d'abord votre adresse (lien reçu par e-mail) : l'invitation vous attend.")
        }
        guard let id = req.parameters.get("id", as: UUID.self),
            let invitation = try await Invitation.query(on: req.db).filter(\.$id == id).filter(\.$email == viewer.email).with(\.$organization).first()
        else {
            throw Abort(.notFound, reason: "Cette invitation n'existe plus : elle a peut-être été annulée ou déjà acceptée.")
        }
        let accept = (try? req.content.get(String.self, at: "decision")) == "accepter"
        let organization = invitation.organization
        try await req.db.writeTransaction { tx in
            guard let sql = tx as? any SQLDatabase else { return }
            // Conditional: two answers at once give one membership.
            let taken = try await sql.delete(from: Invitation.schema).where("id", .equal, id).returning("id").all()
            guard !taken.isEmpty else { throw OrganizationService.DecisionError.alreadyDecided }
            if accept {
                let role = MembershipRole(rawValue: invitation.role) ?? .member
                if let existing = try await Membership.query(on: tx).filter(\.$user.$id == viewer.userID)
                    .filter(\.$organization.$id == invitation.$organization.id).first()
                {
                    existing.role = role.rawValue
                    try await existing.save(on: tx)
                } else {
                    try await Membership(userID: viewer.userID, organizationID: invitation.$organization.id, role: role).create(on: tx)
                }
            }
            try await Audit.record(
                on: tx, viewer: viewer, action: accept ? .invitationAccepted : .invitationDeclined,
                about: .structure(invitation.$organization.id),
                territory: try await OrganizationService.find(invitation.$organization.id, on: tx).scope.primaryTerritoryID,
                summary: "\(viewer.name) \(accept ? "rejoint" : "décline l'invitation de") « \(organization.name) »")
        }
        return Flash.redirect(
            req, to: accept ? DirectoryURL.organization(invitation.$organization.id) : AccountsURL.account.path,
            notice: accept ? "Vous faites maintenant partie de « \(organization.name) »." : "Invitation déclinée.")
    }

    // MARK: - API tokens

    @Sendable static func tokens(req: Request) async throws -> Response {
        try await tokensPage(req, newToken: nil, error: nil, status: .ok)
    }

    private static func tokensPage(_ req: Request, newToken: String?, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let viewer = try req.requireViewer()
        let tokens = try await ApiToken.query(on: req.db).filter(\.$user.$id == viewer.userID).sort(\.$createdAt, .descending).all()
        let rows = tokens.compactMap { t in t.id.map { TokensPage.Token(id: $0, name: t.name, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt) } }
        return TokensPage.View(context: PageContext(req), model: .init(tokens: rows, newToken: newToken, error: error)).response(status: status, on: req)
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
            try await Audit.record(on: tx, viewer: viewer, action: .tokenCreated, about: .token(token.id), summary: "Jeton d'API « \(name) »")
        }
        return try await tokensPage(req, newToken: secret, error: nil, status: .created)
    }

    @Sendable static func revokeToken(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        guard let raw = req.parameters.get("id"), let id = UUID(uuidString: raw),
            let token = try await ApiToken.query(on: req.db).filter(\.$id == id).filter(\.$user.$id == viewer.userID).first()
        else {
            throw Abort(.notFound, reason: "Ce jeton n'existe pas.")
        }
        try await req.db.writeTransaction { tx in
            try await token.delete(on: tx)
            try await Audit.record(on: tx, viewer: viewer, action: .tokenRevoked, about: .token(id), summary: "Jeton d'API « \(token.name) » révoqué")
        }
        return Flash.redirect(req, to: AccountsURL.tokens.path, notice: "Jeton révoqué.")
    }

    /// Only paths on this site: an open redirect would help phishing.
    static func safeReturn(_ raw: String?) -> String { ReturnPath.or(raw, AccountsURL.account.path) }
}

/// The single-use links of accounts: a random secret in the mail, its SHA-256 in the database.
enum AccountTokens {
    static func issue(_ purpose: AccountToken.Purpose, for user: User, newEmail: String? = nil, now: Date, on db: any Database) async throws -> String {
        let secret = SecretToken.generate()
        let token = AccountToken()
        token.$user.id = try user.requireID()
        token.purpose = purpose.rawValue
        token.tokenHash = SecretToken.hash(secret)
        token.newEmail = newEmail
        token.expiresAt = now.addingTimeInterval(purpose.lifetime)
        token.createdAt = now
        try await token.create(on: db)
        return secret
    }

    /// The token, when it exists, is of this purpose, unused and not expired.
    static func find(_ secret: String, purpose: AccountToken.Purpose, now: Date, on db: any Database) async throws -> AccountToken? {
        guard !secret.isEmpty, secret.utf8.count <= 100 else { return nil }
        return try await AccountToken.query(on: db).filter(\.$tokenHash == SecretToken.hash(secret)).filter(\.$purpose == purpose.rawValue)
            .filter(\.$usedAt == nil).filter(\.$expiresAt > now).first()
    }

    /// Marks the token used, once: of two requests with the same link, one gets it.
    static func use(_ secret: String, purpose: AccountToken.Purpose, now: Date, on db: any Database) async throws -> AccountToken? {
        guard let token = try await find(secret, purpose: purpose, now: now, on: db), let id = token.id, let sql = db as? any SQLDatabase else { return nil }
        let taken = try await sql.update(AccountToken.schema).set("used_at", to: now).where("id", .equal, id)
            .where("used_at", .is, SQLLiteral.null).returning("id").all()
        return taken.isEmpty ? nil : token
    }
}
