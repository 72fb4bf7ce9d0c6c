import Fluent
import Foundation

final class User: Model, @unchecked Sendable {
    static let schema = "users"
    @ID(key: .id) var id: UUID?
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "is_admin") var isAdmin: Bool
    /// Set when the person opened the link sent to their address: until then the address is only a claim,
    /// so it earns no invitation and no contact details (issue 11, finding 5).
    @OptionalField(key: "email_verified_at") var emailVerifiedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
    init(email: String, name: String, passwordHash: String, isAdmin: Bool = false) {
        self.email = email
        self.name = name
        self.passwordHash = passwordHash
        self.isAdmin = isAdmin
    }
}

enum MembershipRole: String, Codable, Sendable, CaseIterable {
    case referent, member
    var label: String { self == .referent ? "Référent·e" : "Membre" }
}

final class Membership: Model, @unchecked Sendable {
    static let schema = "memberships"
    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "role") var role: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
    init(userID: UUID, organizationID: UUID, role: MembershipRole) {
        self.$user.id = userID
        self.$organization.id = organizationID
        self.role = role.rawValue
    }
}

/// An invitation to join a structure, taken up when someone signs up or signs in with that e-mail.
final class Invitation: Model, @unchecked Sendable {
    static let schema = "invitations"
    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "email") var email: String
    @Field(key: "role") var role: String
    @Field(key: "invited_by") var invitedBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}

enum TerritoryRoleKind: String, Codable, Sendable, CaseIterable {
    case animator, publicAgent = "public-agent"
    var label: String { self == .animator ? "Animateur·rice territorial·e" : "Agent public / financeur" }
}

final class TerritoryRole: Model, @unchecked Sendable {
    static let schema = "territory_roles"
    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Parent(key: "territory_id") var territory: Territory
    @Field(key: "role") var role: String
    init() {}
    init(userID: UUID, territoryID: UUID, role: TerritoryRoleKind) {
        self.$user.id = userID
        self.$territory.id = territoryID
        self.role = role.rawValue
    }
}

/// A browser session; the cookie holds a random token, the database only its SHA-256.
final class UserSession: Model, @unchecked Sendable {
    static let schema = "user_sessions"
    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: User
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "created_at") var createdAt: Date?
    /// The browser, as it named itself, so that the person recognises the session.
    @OptionalField(key: "user_agent") var userAgent: String?
    init() {}
}

/// A personal API token ("Authorization: Bearer …"), shown once at creation, stored hashed.
final class ApiToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"
    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    init() {}
}

/// A single-use link sent by mail; the database keeps only the SHA-256 of its secret.
final class AccountToken: Model, @unchecked Sendable {
    static let schema = "account_tokens"

    enum Purpose: String, Sendable {
        case verifyEmail = "verification"
        case resetPassword = "reinitialisation"
        case changeEmail = "changement-adresse"

        var lifetime: TimeInterval {
            switch self {
            case .verifyEmail, .changeEmail: 7 * 24 * 3600
            case .resetPassword: 3600
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "purpose") var purpose: String
    @Field(key: "token_hash") var tokenHash: String
    /// For a change of address: the new address, which counts once its owner opens the link.
    @OptionalField(key: "new_email") var newEmail: String?
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

/// Sign-in failures of one account from one address (`pair:`), or of one address (`ip:`).
final class LoginThrottleRow: Model, @unchecked Sendable {
    static let schema = "login_throttle"
    @ID(custom: "key", generatedBy: .user) var id: String?
    @Field(key: "failures") var failures: Int
    @Field(key: "next_allowed_at") var nextAllowedAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    init() {}
}
