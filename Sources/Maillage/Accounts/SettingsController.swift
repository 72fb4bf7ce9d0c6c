import Fluent
import Foundation
import SQLKit
import Vapor

/// The person's settings (issue 12): name, address (changed once the new one is verified), password,
/// notifications, sessions, their data, and closing the account.
enum SettingsController {
    static func page(_ req: Request, errors: [String: String] = [:], status: HTTPResponseStatus = .ok) async throws -> Response {
        let viewer = try req.requireViewer()
        let preferences = try await NotificationPreference.query(on: req.db).filter(\.$user.$id == viewer.userID).all()
        let chosen = Dictionary(preferences.map { ($0.kind, NotificationChannel(rawValue: $0.channel)) }, uniquingKeysWith: { a, _ in a })
        let sessions = try await UserSession.query(on: req.db).filter(\.$user.$id == viewer.userID).filter(\.$expiresAt > Date())
            .sort(\.$createdAt, .descending).all()
        let current = req.sessionToken.map(SecretToken.hash)
        let pendingEmail = try await AccountToken.query(on: req.db).filter(\.$user.$id == viewer.userID)
            .filter(\.$purpose == AccountToken.Purpose.changeEmail.rawValue).filter(\.$usedAt == nil).filter(\.$expiresAt > req.clock.now)
            .sort(\.$createdAt, .descending).first()?.newEmail
        let model = SettingsPage.Model(
            name: viewer.name, email: viewer.email, pendingEmail: pendingEmail,
            notifications: Modules.notificationKinds.map { .init(key: $0.key, label: $0.label, channel: (chosen[$0.key] ?? nil) ?? $0.defaultChannel) },
            sessions: sessions.map { .init(createdAt: $0.createdAt, browser: Self.browser($0.userAgent), current: $0.tokenHash == current) },
            errors: errors)
        return SettingsPage.View(context: PageContext(req), model: model).response(status: status, on: req)
    }

    @Sendable static func show(req: Request) async throws -> Response { try await page(req) }

    /// "Firefox sur Linux" from a user agent, enough to recognise a session.
    static func browser(_ agent: String?) -> String {
        guard let agent, !agent.isEmpty else { return "Navigateur inconnu" }
        let browser = ["Firefox", "Edg", "Chrome", "Safari"].first { agent.contains($0) }.map { $0 == "Edg" ? "Edge" : $0 } ?? "Navigateur"
        let system = [("Android", "Android"), ("iPhone", "iPhone"), ("Windows", "Windows"), ("Mac OS", "Mac"), ("Linux", "Linux")]
            .first { agent.contains($0.0) }?.1
        return system.map { "\(browser) sur \($0)" } ?? browser
    }

    @Sendable static func saveName(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let name = ((try? req.content.get(String.self, at: "name")) ?? "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 120 else {
            return try await page(req, errors: ["name": "Indiquez votre nom (120 caractères au plus)."], status: .unprocessableEntity)
        }
        try await req.db.audited(.profileUpdated, about: .account(viewer.userID), by: viewer, summary: "Nom changé") { tx in
            try await User.query(on: tx).filter(\.$id == viewer.userID).set(\.$name, to: name).update()
        }
        return Redirect.to(AccountsURL.settings.path, on: req, notice: "Votre nom est enregistré.")
    }

    /// The new address counts once its owner opens the link sent to it; the old one is told.
    @Sendable static func changeEmail(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let email = ((try? req.content.get(String.self, at: "email")) ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = (try? req.content.get(String.self, at: "current_password")) ?? ""
        guard let user = try await User.find(viewer.userID, on: req.db) else { throw Abort(.unauthorized) }
        guard EmailAddress.isValid(email) else {
            return try await page(req, errors: ["email": "Adresse e-mail invalide, par exemple prenom.nom@association.fr."], status: .unprocessableEntity)
        }
        guard email != user.email else {
            return try await page(req, errors: ["email": "C'est déjà l'adresse de votre compte."], status: .unprocessableEntity)
        }
        guard try await req.password.async.verify(password, created: user.passwordHash) else {
            return try await page(req, errors: ["current_password": "Mot de passe incorrect."], status: .unprocessableEntity)
        }
        if try await User.query(on: req.db).filter(\.$email == email).first() != nil {
            return try await page(req, errors: ["email": "Cette adresse est déjà celle d'un autre compte Maillage."], status: .conflict)
        }
        let now = req.clock.now
        let base = req.publicBaseURL
        try await req.db.audited(.emailChangeRequested, about: .account(viewer.userID), by: viewer, summary: "Changement d'adresse demandé") { tx in
            let secret = try await AccountTokens.issue(.changeEmail, for: user, newEmail: email, now: now, on: tx)
            try await Outbox.enqueue(
                AccountMails.emailChange(name: user.name, to: email, link: base + AccountsURL.emailConfirm.path + "?jeton=" + secret),
                key: "changement-adresse:\(SecretToken.hash(secret))", now: now, on: tx)
        }
        return Redirect.to(
            AccountsURL.settings.path, on: req, notice: "Un lien de confirmation est parti vers \(email). Votre adresse change quand vous l'ouvrez.")
    }

    @Sendable static func confirmEmailForm(req: Request) async throws -> Response {
        let secret = req.query[String.self, at: "jeton"] ?? ""
        let token = try await AccountTokens.find(secret, purpose: .changeEmail, now: req.clock.now, on: req.db)
        return EmailConfirmPage.View(context: PageContext(req), model: .init(token: secret, newEmail: token?.newEmail))
            .response(status: token == nil ? .gone : .ok, on: req)
    }

    @Sendable static func confirmEmail(req: Request) async throws -> Response {
        let secret = (try? req.content.get(String.self, at: "jeton")) ?? ""
        let now = req.clock.now
        let result: Bool = try await req.db.writeTransaction { tx in
            guard let token = try await AccountTokens.use(secret, purpose: .changeEmail, now: now, on: tx), let email = token.newEmail,
                let user = try await User.find(token.$user.id, on: tx)
            else { return false }
            // Taken meanwhile by someone else: the unique index would refuse it; say so instead.
            if try await User.query(on: tx).filter(\.$email == email).first() != nil {
                throw Abort(.conflict, reason: "Cette adresse est déjà celle d'un autre compte Maillage.")
            }
            let old = user.email
            user.email = email
            user.emailVerifiedAt = now
            try await user.save(on: tx)
            try await Audit.record(on: tx, viewer: nil, action: .emailChanged, about: .account(user.id), summary: "Adresse du compte changée")
            let notice = MailComposer(
                greeting: "Bonjour \(user.name),",
                paragraphs: [
                    "L'adresse de votre compte Maillage vient d'être remplacée par \(email).",
                    "Si ce n'est pas vous, répondez à ce message ou écrivez-nous depuis la page contact.",
                ],
                action: nil
            )
            .mail(kind: "compte.adresse-changée", to: old, subject: "L'adresse de votre compte Maillage a changé")
            try await Outbox.enqueue(notice, key: "adresse-changée:\(try token.requireID())", now: now, on: tx)
            return true
        }
        guard result else {
            return EmailConfirmPage.View(context: PageContext(req), model: .init(token: "", newEmail: nil)).response(status: .gone, on: req)
        }
        return Redirect.to(AccountsURL.signIn.path, on: req, notice: "Votre nouvelle adresse est confirmée : connectez-vous avec elle.")
    }

    /// A new password closes every other session.
    @Sendable static func changePassword(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let current = (try? req.content.get(String.self, at: "current_password")) ?? ""
        let password = (try? req.content.get(String.self, at: "password")) ?? ""
        let confirmation = (try? req.content.get(String.self, at: "password_confirmation")) ?? ""
        guard let user = try await User.find(viewer.userID, on: req.db) else { throw Abort(.unauthorized) }
        var errors: [String: String] = [:]
        if !(try await req.password.async.verify(current, created: user.passwordHash)) { errors["current_password"] = "Mot de passe actuel incorrect." }
        if let problem = PasswordRules.problem(password, email: user.email, name: user.name) { errors["password"] = problem }
        if password != confirmation { errors["password_confirmation"] = "Les deux mots de passe ne sont pas identiques." }
        guard errors.isEmpty else { return try await page(req, errors: errors, status: .unprocessableEntity) }
        let hash = try await req.password.async.hash(password)
        let keep = req.sessionToken.map(SecretToken.hash) ?? ""
        try await req.db.audited(.passwordChanged, about: .account(viewer.userID), by: viewer, summary: "Mot de passe changé ; autres sessions fermées") { tx in
            try await User.query(on: tx).filter(\.$id == viewer.userID).set(\.$passwordHash, to: hash).update()
            try await UserSession.query(on: tx).filter(\.$user.$id == viewer.userID).filter(\.$tokenHash != keep).delete()
        }
        return Redirect.to(AccountsURL.settings.path, on: req, notice: "Mot de passe changé. Vos autres sessions sont fermées.")
    }

    @Sendable static func saveNotifications(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        var choices: [String: NotificationChannel] = [:]
        for kind in Modules.notificationKinds {
            if let raw = try? req.content.get(String.self, at: "canal_" + kind.key), let channel = NotificationChannel(rawValue: raw) {
                choices[kind.key] = channel
            }
        }
        let final = choices
        try await req.db.audited(.notificationPreferences, about: .account(viewer.userID), by: viewer, summary: "Préférences de notification") { tx in
            try await NotificationPreference.query(on: tx).filter(\.$user.$id == viewer.userID).delete()
            for (kind, channel) in final.sorted(by: { $0.key < $1.key }) {
                let p = NotificationPreference()
                p.$user.id = viewer.userID
                p.kind = kind
                p.channel = channel.rawValue
                try await p.create(on: tx)
            }
        }
        return Redirect.to(AccountsURL.settings.path + "#notifications", on: req, notice: "Vos préférences de notification sont enregistrées.")
    }

    @Sendable static func closeOtherSessions(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let keep = req.sessionToken.map(SecretToken.hash) ?? ""
        try await req.db.audited(.sessionsClosed, about: .account(viewer.userID), by: viewer, summary: "Autres sessions fermées") { tx in
            try await UserSession.query(on: tx).filter(\.$user.$id == viewer.userID).filter(\.$tokenHash != keep).delete()
        }
        return Redirect.to(AccountsURL.settings.path + "#sessions", on: req, notice: "Vos autres sessions sont fermées.")
    }

    /// Everything Maillage keeps about the person, as JSON (GDPR art. 15 and 20).
    @Sendable static func exportData(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        guard let user = try await User.find(viewer.userID, on: req.db) else { throw Abort(.unauthorized) }
        let memberships = try await Membership.query(on: req.db).filter(\.$user.$id == viewer.userID).with(\.$organization).all()
        let tokens = try await ApiToken.query(on: req.db).filter(\.$user.$id == viewer.userID).all()
        let sessions = try await UserSession.query(on: req.db).filter(\.$user.$id == viewer.userID).all()
        let notifications = try await UserNotification.query(on: req.db).filter(\.$user.$id == viewer.userID).sort(\.$createdAt).all()
        let journal = try await AuditEntry.query(on: req.db).filter(\.$userID == viewer.userID).sort(\.$at).all()
        let iso = ISO8601DateFormatter()
        func date(_ d: Date?) -> Any { d.map { iso.string(from: $0) } ?? NSNull() }
        let document: [String: Any] = [
            "compte": ["nom": user.name, "email": user.email, "cree_le": date(user.createdAt), "adresse_verifiee_le": date(user.emailVerifiedAt)],
            "structures": memberships.map { ["structure": $0.organization.name, "role": $0.role, "depuis": date($0.createdAt)] },
            "jetons_api": tokens.map { ["nom": $0.name, "cree_le": date($0.createdAt), "dernier_usage": date($0.lastUsedAt)] },
            "sessions": sessions.map { ["ouverte_le": date($0.createdAt), "navigateur": $0.userAgent ?? "", "expire_le": date($0.expiresAt)] },
            "notifications": notifications.map { ["titre": $0.title, "texte": $0.body, "le": date($0.createdAt), "lue_le": date($0.readAt)] },
            "journal": journal.map { ["le": date($0.at), "action": AuditAction.label(of: $0.action), "detail": $0.summary] },
        ]
        let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = .json
        response.headers.contentDisposition = .init(.attachment, filename: "maillage-mes-donnees.json")
        return response
    }

    /// Closing the account: sessions, tokens, memberships, preferences and notifications go; journal lines stay
    /// with the name replaced, as the privacy page says. The last referent of a structure names another first.
    @Sendable static func deleteAccount(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let password = (try? req.content.get(String.self, at: "current_password")) ?? ""
        guard let user = try await User.find(viewer.userID, on: req.db) else { throw Abort(.unauthorized) }
        guard try await req.password.async.verify(password, created: user.passwordHash) else {
            return try await page(req, errors: ["delete_password": "Mot de passe incorrect : le compte n'est pas supprimé."], status: .unprocessableEntity)
        }
        for (organizationID, role) in viewer.memberships where role == .referent {
            let referents = try await Membership.query(on: req.db).filter(\.$organization.$id == organizationID)
                .filter(\.$role == MembershipRole.referent.rawValue).count()
            if referents <= 1, let org = try await Organization.find(organizationID, on: req.db) {
                return try await page(
                    req, errors: ["delete_password": "Vous êtes le ou la seule référent·e de « \(org.name) » : nommez quelqu'un d'autre avant de partir."],
                    status: .conflict)
            }
        }
        let userID = viewer.userID
        try await req.db.writeTransaction { tx in
            guard let sql = tx as? any SQLDatabase else { return }
            try await sql.update(AuditEntry.schema).set("actor", to: "compte supprimé").set("actor_email", to: SQLLiteral.null)
                .where("user_id", .equal, userID).run()
            try await sql.update(AuditEntry.schema).set("user_id", to: SQLLiteral.null).where("user_id", .equal, userID).run()
            try await OutboxMessage.query(on: tx).filter(\.$recipient == user.email).filter(\.$status != OutboxMessage.Status.sent.rawValue).delete()
            try await Invitation.query(on: tx).filter(\.$email == user.email).delete()
            try await User.query(on: tx).filter(\.$id == userID).delete()
            try await Audit.record(
                on: tx, viewer: nil, action: .accountDeleted, about: .none, summary: "Un compte a été supprimé à la demande de son titulaire")
        }
        let response = Redirect.to(DirectoryURL.home.path, on: req, notice: "Votre compte est supprimé. Merci d'avoir participé.")
        response.cookies[ViewerMiddleware.sessionCookie] = Cookies.expired(on: req)
        return response
    }
}
