import Foundation

/// Accounts: signing in and up, verification, password reset, the account's own pages and its API.
enum AccountsURL {
    static let signIn = Path0("/connexion")
    static let signUp = Path0("/inscription")
    static let checkMail = Path0("/inscription/verifiez")
    static let signOut = Path0("/deconnexion")
    static let forgotPassword = Path0("/mot-de-passe-oublie")
    static let resetPassword = Path0("/mot-de-passe/nouveau")
    static let account = Path0("/compte")
    static let activation = Path0("/compte/activation")
    static let resendActivation = Path0("/compte/activation/renvoyer")
    static let tokens = Path0("/compte/jetons")
    static let tokenRevoke = Path1<UUID>("/compte/jetons/:id/revoquer")
    static let invitationAnswer = Path1<UUID>("/compte/invitations/:id")
    static let settings = Path0("/compte/parametres")
    static let settingsName = Path0("/compte/parametres/nom")
    static let settingsEmail = Path0("/compte/parametres/adresse")
    static let emailConfirm = Path0("/compte/adresse/confirmer")
    static let settingsPassword = Path0("/compte/parametres/mot-de-passe")
    static let settingsNotifications = Path0("/compte/parametres/notifications")
    static let sessionsClose = Path0("/compte/parametres/sessions/fermer")
    static let dataExport = Path0("/compte/mes-donnees.json")
    static let deleteAccount = Path0("/compte/parametres/suppression")
    static let apiMe = Path0("/api/v1/me")
}
