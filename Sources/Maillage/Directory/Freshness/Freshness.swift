import Fluent
import Foundation
import SQLKit
import Vapor

/// A referent's yearly "toujours exact ?" link for one fiche (issue 13, item 9).
final class FreshnessCheck: Model, @unchecked Sendable {
    static let schema = "freshness_checks"
    @ID(key: .id) var id: UUID?
    // data
    @Field(key: "token_hash") var tokenHash: String
    // relations
    @Parent(key: "organization_id") var organization: Organization
    @Parent(key: "user_id") var user: User
    // timestamps
    @Field(key: "sent_at") var sentAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    init() {}
}

/// How fresh a fiche is, said plainly: "mise à jour il y a 3 mois".
enum Freshness {
    static let staleAfter: TimeInterval = 365 * 86_400
    /// The link of the yearly mail stays valid a month.
    static let linkLifetime: TimeInterval = 30 * 86_400

    static func isStale(_ checkedAt: Date?, now: Date) -> Bool {
        checkedAt.map { now.timeIntervalSince($0) > staleAfter } ?? true
    }

    /// "aujourd'hui", "hier", "il y a 12 jours", "il y a 3 mois", "il y a 2 ans".
    static func ago(_ date: Date, now: Date) -> String {
        let days = Int(now.timeIntervalSince(date) / 86_400)
        switch days {
        case ..<1: return "aujourd'hui"
        case 1: return "hier"
        case 2..<31: return "il y a \(days) jours"
        case 31..<730: return "il y a \(max(1, days / 30)) mois"
        default: return "il y a \(days / 365) ans"
        }
    }
}

/// Once a day, the referents of fiches neither changed nor confirmed for a year get a mail asking whether they are
/// still right, with a link that confirms in one click. One mail per fiche and referent a year.
enum FreshnessReminder {
    /// Returns how many mails were written to the outbox.
    @discardableResult
    static func run(app: Application, now: Date, limit: Int = 200) async throws -> Int {
        let db = app.db
        let yearAgo = now.addingTimeInterval(-Freshness.staleAfter)
        // Validated, neither changed nor confirmed for a year, and not reminded this year.
        guard let sql = db as? any SQLDatabase else { return 0 }
        let ids = try await sql.raw(
            """
            SELECT o.id FROM organizations o
            WHERE o.status = \(bind: OrganizationStatus.validated.rawValue) AND o.updated_at < \(bind: yearAgo)
              AND (o.confirmed_at IS NULL OR o.confirmed_at < \(bind: yearAgo))
              AND NOT EXISTS (SELECT 1 FROM freshness_checks f WHERE f.organization_id = o.id AND f.sent_at > \(bind: yearAgo))
            ORDER BY o.updated_at LIMIT \(bind: limit)
            """
        ).all().map { try $0.decode(column: "id", as: UUID.self) }
        let candidates = ids.isEmpty ? [] : try await Organization.query(on: db).filter(\.$id ~~ ids).sort(\.$updatedAt).all()
        let base = app.publicBaseURL
        var sent = 0
        for org in candidates {
            guard let orgID = org.id else { continue }
            let referentIDs = try await DirectoryPeople.referents(of: orgID, on: db)
            let referents = try await User.query(on: db).filter(\.$id ~~ referentIDs).filter(\.$emailVerifiedAt != nil).all()
            guard !referents.isEmpty else { continue }
            try await db.writeTransaction { tx in
                for user in referents {
                    let secret = SecretToken.generate()
                    let check = FreshnessCheck()
                    check.$organization.id = orgID
                    check.$user.id = try user.requireID()
                    check.tokenHash = SecretToken.hash(secret)
                    check.sentAt = now
                    check.expiresAt = now.addingTimeInterval(Freshness.linkLifetime)
                    try await check.create(on: tx)
                    let mail = DirectoryMails.stillAccurate(
                        to: user, organization: org.name, checkedAgo: org.checkedAt.map { Freshness.ago($0, now: now) } ?? "il y a longtemps",
                        confirm: base + DirectoryURL.stillAccurate(orgID) + "?jeton=" + secret, edit: base + DirectoryURL.organizationEdit(orgID))
                    try await Outbox.enqueue(mail, key: "fraicheur:\(try check.requireID().uuidString)", now: now, on: tx)
                }
            }
            sent += referents.count
        }
        return sent
    }
}

extension DirectoryMails {
    static func stillAccurate(to user: User, organization: String, checkedAgo: String, confirm: String, edit: String) -> Mail {
        MailComposer(
            greeting: "Bonjour \(user.name),",
            paragraphs: [
                "La fiche « \(organization) » sur Maillage a été vérifiée pour la dernière fois \(checkedAgo). Les bénévoles et les services du territoire s'en servent pour savoir qui fait quoi : est-elle toujours exacte (horaires, adresse, interlocuteurs) ?",
                "Si oui, un clic suffit :",
            ],
            action: ("Oui, la fiche est toujours exacte", confirm),
            closing: [
                "Quelque chose a changé ? Modifiez la fiche ici : \(edit)",
                "Ce lien reste valable 30 jours. Vous recevez ce message une fois par an parce que vous êtes référent·e de cette structure.",
            ]
        ).mail(kind: "structure.toujours-exacte", to: user.email, subject: "« \(organization) » : la fiche est-elle toujours exacte ?")
    }
}
