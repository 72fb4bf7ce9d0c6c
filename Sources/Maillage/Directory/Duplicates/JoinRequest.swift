import Fluent
import Foundation
import SQLKit
import Vapor

/// A person's wish to join a structure, or to take over an imported fiche that has no referent yet.
final class JoinRequest: Model, @unchecked Sendable {
    static let schema = "join_requests"

    enum Kind: String, Sendable {
        /// Join as a member; the referents answer.
        case join = "rejoindre"
        /// Become the referent of a fiche nobody holds (typically imported); an animator answers.
        case claim = "revendiquer"
    }

    enum Status: String, Sendable { case pending = "en-attente", accepted = "acceptee", declined = "refusee" }

    @ID(key: .id) var id: UUID?
    // data
    @Field(key: "kind") var kind: String
    @Field(key: "message") var message: String
    @Field(key: "status") var status: String
    // relations
    @Parent(key: "organization_id") var organization: Organization
    @Parent(key: "user_id") var user: User
    @OptionalParent(key: "decided_by") var decidedBy: User?
    // timestamps
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "decided_at") var decidedAt: Date?
    init() {}

    var kindValue: Kind { Kind(rawValue: kind) ?? .join }
    var statusValue: Status { Status(rawValue: status) ?? .pending }
}

/// Fiches that may be the same structure as one being registered: the same SIRET, or a close name within 500 m.
enum LikelyDuplicates {
    struct Match: Equatable, Sendable {
        var id: UUID
        var name: String
        var commune: String
        var reason: String
        /// It came from an import and nobody holds it: it can be claimed rather than joined.
        var claimable: Bool
    }

    static let maxMeters = 500.0

    /// Close names: the same folded words, one containing the other, or a couple of letters apart.
    static func similar(_ a: String, _ b: String) -> Bool {
        let x = TextFolding.words(a).filter { !DirectoryIndex.stopWords.contains($0) }.joined(separator: " ")
        let y = TextFolding.words(b).filter { !DirectoryIndex.stopWords.contains($0) }.joined(separator: " ")
        guard !x.isEmpty, !y.isEmpty else { return false }
        if x == y || (min(x.count, y.count) >= 6 && (x.contains(y) || y.contains(x))) { return true }
        return CommuneTable.editDistance(x, y, limit: max(1, min(x.count, y.count) / 8)) != nil
    }

    static func find(name: String, siret: String?, point: GeoPoint, excluding: UUID? = nil, on db: any Database) async throws -> [Match] {
        let live = [OrganizationStatus.pending.rawValue, OrganizationStatus.validated.rawValue]
        var found: [UUID: (Organization, String)] = [:]
        if let siret {
            for o in try await Organization.query(on: db).filter(\.$siret == siret).filter(\.$status ~~ live).all() {
                if let id = o.id, id != excluding { found[id] = (o, "même SIRET (\(siret))") }
            }
        }
        // A box of ±500 m first, then the exact distance and the name.
        let dLat = maxMeters / 111_000, dLon = maxMeters / (111_000 * max(0.05, cos(point.latitude * .pi / 180)))
        let near = try await Organization.query(on: db).filter(\.$status ~~ live)
            .filter(\.$latitude >= point.latitude - dLat).filter(\.$latitude <= point.latitude + dLat)
            .filter(\.$longitude >= point.longitude - dLon).filter(\.$longitude <= point.longitude + dLon).all()
        for o in near {
            guard let id = o.id, id != excluding, found[id] == nil, similar(o.name, name) else { continue }
            let meters = Int((o.point.distanceKm(to: point) * 1000).rounded())
            if meters <= Int(maxMeters) { found[id] = (o, "nom proche à \(meters) m") }
        }
        var out: [Match] = []
        for (id, (o, reason)) in found {
            let held = try await Membership.query(on: db).filter(\.$organization.$id == id).filter(\.$role == MembershipRole.referent.rawValue).count() > 0
            let imported = try await OrganizationSource.query(on: db).filter(\.$organization.$id == id).count() > 0
            out.append(Match(id: id, name: o.name, commune: o.commune, reason: reason, claimable: imported && !held))
        }
        return out.sorted { $0.name < $1.name }
    }
}

/// Asking to join or to claim, and answering.
enum JoinRequests {
    /// The kind of request a person can make on this fiche: claim when nobody holds it, join otherwise.
    static func kind(for orgID: UUID, on db: any Database) async throws -> JoinRequest.Kind {
        let referents = try await DirectoryPeople.referents(of: orgID, on: db)
        return referents.isEmpty ? .claim : .join
    }

    static func ask(_ org: Organization, message: String, by viewer: Viewer, now: Date, base: String, on db: any Database) async throws
        -> JoinRequest.Kind
    {
        let orgID = try org.requireID()
        guard viewer.memberships[orgID] == nil else { throw Abort(.unprocessableEntity, reason: "Vous êtes déjà membre de cette structure.") }
        guard viewer.isVerified else {
            throw Abort(.forbidden, reason: "Activez d'abord votre compte avec le lien reçu par e-mail : une structure doit savoir qui la rejoint.")
        }
        let kind = try await kind(for: orgID, on: db)
        let text = String(message.trimmingCharacters(in: .whitespacesAndNewlines).prefix(1000))
        try await db.audited(
            kind == .claim ? .fileClaimed : .joinRequested, about: .structure(orgID), territory: org.scope.primaryTerritoryID, by: viewer,
            summary: kind == .claim ? "Demande à tenir la fiche « \(org.name) »" : "Demande à rejoindre « \(org.name) »"
        ) { tx in
            if let existing = try await JoinRequest.query(on: tx).filter(\.$organization.$id == orgID).filter(\.$user.$id == viewer.userID).first() {
                guard existing.statusValue != .pending else { throw Abort(.conflict, reason: "Votre demande est déjà en attente de réponse.") }
                existing.kind = kind.rawValue
                existing.message = text
                existing.status = JoinRequest.Status.pending.rawValue
                existing.createdAt = now
                existing.decidedAt = nil
                existing.$decidedBy.id = nil
                try await existing.save(on: tx)
            } else {
                let request = JoinRequest()
                request.$organization.id = orgID
                request.$user.id = viewer.userID
                request.kind = kind.rawValue
                request.message = text
                request.status = JoinRequest.Status.pending.rawValue
                request.createdAt = now
                try await request.create(on: tx)
            }
            let deciders =
                kind == .claim
                ? try await DirectoryPeople.animators(of: org.scope.primaryTerritoryID, on: tx)
                : try await DirectoryPeople.referents(of: orgID, on: tx)
            try await Notifier.notify(
                deciders, .joinRequested,
                title: kind == .claim ? "\(viewer.name) demande à tenir la fiche « \(org.name) »" : "\(viewer.name) demande à rejoindre « \(org.name) »",
                body: "\(viewer.name) (\(viewer.email))" + (text.isEmpty ? "." : " : « \(text) »"),
                link: kind == .claim ? DirectoryURL.moderation.path : DirectoryURL.members(orgID), now: now, base: base, on: tx)
        }
        return kind
    }

    /// Accepting makes the person a member (a referent for a claim); once, even when answered twice at once.
    static func answer(_ requestID: UUID, accept: Bool, by viewer: Viewer, now: Date, base: String, on db: any Database) async throws -> JoinRequest {
        guard let request = try await JoinRequest.query(on: db).filter(\.$id == requestID).with(\.$organization).with(\.$user).first() else {
            throw Abort(.notFound, reason: "Cette demande n'existe plus.")
        }
        let org = try await OrganizationService.find(request.$organization.id, on: db)
        let allowed =
            request.kindValue == .claim ? Permissions.isModerator(of: org.scope, viewer) : Permissions.canManageMembers(org.scope, viewer)
        guard allowed else {
            throw Abort(
                .forbidden,
                reason: request.kindValue == .claim
                    ? "Seuls les animateur·rices du territoire confient une fiche."
                    : "Seuls les référent·es de la structure répondent à ces demandes.")
        }
        let orgID = try org.requireID()
        try await db.audited(
            accept ? .joinAccepted : .joinDeclined, about: .structure(orgID), territory: org.scope.primaryTerritoryID, by: viewer,
            summary: "\(request.user.name) : demande \(accept ? "acceptée" : "refusée")"
        ) { tx in
            guard let sql = tx as? any SQLDatabase else { return }
            let claimed = try await sql.update(JoinRequest.schema)
                .set("status", to: (accept ? JoinRequest.Status.accepted : .declined).rawValue).set("decided_at", to: now)
                .set("decided_by", to: viewer.userID)
                .where("id", .equal, requestID).where("status", .equal, JoinRequest.Status.pending.rawValue).returning("id").all()
            guard !claimed.isEmpty else { throw Abort(.conflict, reason: "Quelqu'un a déjà répondu à cette demande.") }
            if accept {
                let role: MembershipRole = request.kindValue == .claim ? .referent : .member
                if let existing = try await Membership.query(on: tx).filter(\.$organization.$id == orgID).filter(\.$user.$id == request.$user.id).first() {
                    if role == .referent, existing.role != role.rawValue {
                        existing.role = role.rawValue
                        try await existing.save(on: tx)
                    }
                } else {
                    try await Membership(userID: request.$user.id, organizationID: orgID, role: role).create(on: tx)
                }
            }
            try await Notifier.notify(
                [request.$user.id], .joinAnswered,
                title: accept ? "Vous avez rejoint « \(org.name) »" : "Demande non acceptée par « \(org.name) »",
                body: accept
                    ? (request.kindValue == .claim
                        ? "Vous êtes désormais référent·e de la fiche : tenez-la à jour et invitez votre équipe."
                        : "Vous êtes désormais membre de la structure : vous pouvez tenir sa fiche à jour.")
                    : "Votre demande n'a pas été acceptée. Contactez la structure pour en savoir plus.",
                link: DirectoryURL.organization(orgID), now: now, base: base, on: tx)
        }
        return request
    }
}
