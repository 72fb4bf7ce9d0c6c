import Fluent
import Foundation
import Vapor

/// When a change happens and how the mails it causes link back: from the request, or defaults for commands and tests.
struct ChangeContext: Sendable {
    var now = Date()
    var base = ""
}

extension Request {
    var change: ChangeContext { ChangeContext(now: clock.now, base: publicBaseURL) }
}

/// The directory's notifications: who hears about what.
extension NotificationKind {
    static let invitation = NotificationKind("invitation", "Une structure m'invite à la rejoindre", default: .app)
    static let structureDecision = NotificationKind("structure-decision", "Ma structure est validée ou refusée")
    static let structureToValidate = NotificationKind("structure-a-valider", "Une structure attend ma validation (animateur·rices)", default: .digest)
    static let territoryRequest = NotificationKind(
        "territoire-demande", "Une structure demande à intervenir sur mon territoire (animateur·rices)",
        default: .digest)
    static let partnershipProposed = NotificationKind("partenariat-propose", "Un partenariat est proposé à ma structure")
    static let partnershipAnswered = NotificationKind("partenariat-reponse", "Réponse à un partenariat que nous avons proposé", default: .app)
    static let joinRequested = NotificationKind("demande-rejoindre", "Quelqu'un demande à rejoindre ma structure ou à tenir une fiche (animateur·rices)")
    static let joinAnswered = NotificationKind("demande-reponse", "Réponse à ma demande de rejoindre une structure")
    static let territoryRoleGiven = NotificationKind("role-territoire", "On me confie un rôle sur un territoire")
    static let errorReported = NotificationKind("erreur-signalee", "Une erreur est signalée sur une fiche que je tiens à jour")
}

enum DirectoryPeople {
    static func animators(of territoryID: UUID?, on db: any Database) async throws -> [UUID] {
        try await AccountsFace.animators(of: territoryID, on: db)
    }

    static func members(of organizationID: UUID, on db: any Database) async throws -> [UUID] {
        try await AccountsFace.members(of: organizationID, on: db)
    }

    static func referents(of organizationID: UUID, on db: any Database) async throws -> [UUID] {
        try await Membership.query(on: db).filter(\.$organization.$id == organizationID)
            .filter(\.$role == MembershipRole.referent.rawValue).all().map { $0.$user.id }
    }
}
