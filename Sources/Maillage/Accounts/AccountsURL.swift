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
    static let apiMe = Path0("/api/v1/me")
}
