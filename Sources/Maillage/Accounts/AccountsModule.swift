import Fluent
import Foundation
import Vapor

/// Accounts (DESIGN.md, Platform): signing up with a verified address, signing in, password reset, invitations
/// to structures, personal API tokens.
enum AccountsModule: MaillageModule {
    static let title = "Comptes"
    static let prefixes = ["/connexion", "/inscription", "/deconnexion", "/mot-de-passe-oublie", "/mot-de-passe", "/compte", "/api/v1/me"]

    static func register(_ routes: ModuleRoutes) {
        routes.everyone.get(AccountsURL.signIn, use: AccountController.signInForm)
        routes.visitors.post(AccountsURL.signIn, use: AccountController.signIn)
        routes.everyone.get(AccountsURL.signUp, use: AccountController.signUpForm)
        routes.visitors.post(AccountsURL.signUp, use: AccountController.signUp)
        routes.everyone.get(AccountsURL.checkMail, use: AccountController.checkMail)
        routes.signedIn.post(AccountsURL.signOut, use: AccountController.signOut)
        routes.everyone.get(AccountsURL.activation, use: AccountController.activationForm)
        routes.visitors.post(AccountsURL.activation, use: AccountController.activate)
        routes.signedIn.post(AccountsURL.resendActivation, use: AccountController.resendVerification)
        routes.everyone.get(AccountsURL.forgotPassword, use: AccountController.forgotPasswordForm)
        routes.visitors.post(AccountsURL.forgotPassword, use: AccountController.forgotPassword)
        routes.everyone.get(AccountsURL.resetPassword, use: AccountController.resetPasswordForm)
        routes.visitors.post(AccountsURL.resetPassword, use: AccountController.resetPassword)

        routes.signedIn.get(AccountsURL.account, use: AccountController.account)
        routes.signedIn.post(AccountsURL.invitationAnswer, use: AccountController.answerInvitation)
        routes.signedIn.get(AccountsURL.tokens, use: AccountController.tokens)
        routes.signedIn.post(AccountsURL.tokens, use: AccountController.createToken)
        routes.signedIn.post(AccountsURL.tokenRevoke, use: AccountController.revokeToken)
        routes.signedIn.get(AccountsURL.settings, use: SettingsController.show)
        routes.signedIn.post(AccountsURL.settingsName, use: SettingsController.saveName)
        routes.signedIn.post(AccountsURL.settingsEmail, use: SettingsController.changeEmail)
        routes.everyone.get(AccountsURL.emailConfirm, use: SettingsController.confirmEmailForm)
        routes.visitors.post(AccountsURL.emailConfirm, use: SettingsController.confirmEmail)
        routes.signedIn.post(AccountsURL.settingsPassword, use: SettingsController.changePassword)
        routes.signedIn.post(AccountsURL.settingsNotifications, use: SettingsController.saveNotifications)
        routes.signedIn.post(AccountsURL.sessionsClose, use: SettingsController.closeOtherSessions)
        routes.signedIn.get(AccountsURL.dataExport, use: SettingsController.exportData)
        routes.signedIn.post(AccountsURL.deleteAccount, use: SettingsController.deleteAccount)
        routes.apiToken.get(AccountsURL.apiMe, use: AccountAPIController.me)
    }

    static let widgets: [any DashboardWidget.Type] = [InvitationsWidget.self]

    static let menu = [
        MenuEntry("Mon compte", AccountsURL.account.path, in: .space, for: .signedIn),
        MenuEntry("Se déconnecter", AccountsURL.signOut.path, in: .space, for: .signedIn, method: .post),
        MenuEntry("Se connecter", AccountsURL.signIn.path, in: .account, for: .visitors),
        MenuEntry("Créer un compte", AccountsURL.signUp.path, in: .account, for: .visitors),
    ]

    static let openAPI: String? = "accounts"

    static let auditActions: [AuditAction] = [
        .accountCreated, .emailVerified, .passwordReset, .invitationAccepted, .invitationDeclined, .tokenCreated, .tokenRevoked,
        .profileUpdated, .emailChangeRequested, .emailChanged, .passwordChanged, .notificationPreferences, .sessionsClosed, .accountDeleted,
    ]

    static let migrations: [(order: Int, migration: any Migration)] = [
        (3, CreateUser()), (5, CreateMembership()), (6, CreateSession()), (9, AddEmailVerification()), (14, CreateAccountToken()),
        (15, CreateLoginThrottle()), (19, AddSessionDetails()),
    ]
}

extension AuditAction {
    static let accountCreated = AuditAction("compte.création", "Compte créé")
    static let emailVerified = AuditAction("compte.vérification", "Adresse e-mail vérifiée")
    static let passwordReset = AuditAction("compte.mot-de-passe", "Mot de passe changé")
    static let invitationAccepted = AuditAction("membre.invitation-acceptée", "Invitation acceptée")
    static let invitationDeclined = AuditAction("membre.invitation-déclinée", "Invitation déclinée")
    static let tokenCreated = AuditAction("jeton.création", "Jeton d'API créé")
    static let tokenRevoked = AuditAction("jeton.révocation", "Jeton d'API révoqué")
    static let profileUpdated = AuditAction("compte.nom", "Nom changé")
    static let emailChangeRequested = AuditAction("compte.adresse-demandée", "Changement d'adresse demandé")
    static let emailChanged = AuditAction("compte.adresse", "Adresse e-mail changée")
    static let passwordChanged = AuditAction("compte.mot-de-passe-changé", "Mot de passe changé")
    static let notificationPreferences = AuditAction("compte.notifications", "Préférences de notification")
    static let sessionsClosed = AuditAction("compte.sessions", "Sessions fermées")
    static let accountDeleted = AuditAction("compte.suppression", "Compte supprimé")
}
