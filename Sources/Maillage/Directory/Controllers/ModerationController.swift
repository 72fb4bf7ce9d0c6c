import Fluent
import Foundation
import Vapor

/// The animators' desk for structures: validate new ones, answer requests to act in their territory.
enum ModerationController {
    @Sendable static func queue(req: Request) async throws -> Response {
        let viewer = try req.requireAnimator()
        let pending = try await Organization.query(on: req.db).filter(\.$status == OrganizationStatus.pending.rawValue)
            .with(\.$territories).sort(\.$createdAt).all()
            .filter { Permissions.isModerator(of: $0.scope, viewer) }
        let requests = try await TerritoryRequest.query(on: req.db).with(\.$territory).with(\.$organization).sort(\.$createdAt).all()
            .filter { Permissions.animates($0.$territory.id, viewer) && $0.organization.statusValue != .rejected }
        // Who registered each one (its first referent) and the fiches it may duplicate.
        var items: [ModerationPage.Pending] = []
        for o in pending {
            guard let id = o.id else { continue }
            let submitter = try await Membership.query(on: req.db).filter(\.$organization.$id == id)
                .filter(\.$role == MembershipRole.referent.rawValue).with(\.$user).sort(\.$id).first()
            items.append(
                .init(
                    id: id, name: o.name, category: o.categoryValue?.label ?? o.category, commune: o.commune, postalCode: o.postalCode,
                    createdAt: o.createdAt, summary: o.summary, submittedBy: submitter.map { "\($0.user.name) (\($0.user.email))" },
                    duplicates: try await LikelyDuplicates.find(name: o.name, siret: o.siret, point: o.point, excluding: id, on: req.db)))
        }
        let claims = try await JoinRequest.query(on: req.db).filter(\.$status == JoinRequest.Status.pending.rawValue)
            .filter(\.$kind == JoinRequest.Kind.claim.rawValue).with(\.$user).with(\.$organization).sort(\.$createdAt).all()
        var claimItems: [ModerationPage.Claim] = []
        for c in claims {
            guard let id = c.id else { continue }
            let org = try await OrganizationService.find(c.$organization.id, on: req.db)
            guard Permissions.isModerator(of: org.scope, viewer) else { continue }
            claimItems.append(
                .init(
                    id: id, organizationID: c.$organization.id, organizationName: org.name, commune: org.commune, person: c.user.name,
                    email: c.user.email, message: c.message, at: c.createdAt))
        }
        let model = ModerationPage.Model(
            pending: items,
            requests: requests.compactMap { r in
                guard let id = r.id, let orgID = r.organization.id else { return nil }
                return .init(
                    id: id, organizationID: orgID, organizationName: r.organization.name, commune: r.organization.commune,
                    postalCode: r.organization.postalCode, territory: r.territory.summary)
            },
            claims: claimItems)
        return ModerationPage.View(context: PageContext(req), model: model).response(on: req)
    }

    struct Decision: Content { var decision: String?; var reason: String? }

    @Sendable static func decide(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let org = try await OrganizationService.find(try DirectoryAPIController.requireID(req), on: req.db)
        guard Permissions.isModerator(of: org.scope, viewer) else {
            throw Abort(.forbidden, reason: "Seuls les animateur·rices du territoire de cette structure peuvent la valider.")
        }
        let form = try req.content.decode(Decision.self)
        let reason = (form.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        switch form.decision {
        case "valider":
            try await OrganizationService.decide(org, validate: true, reason: reason, by: viewer, on: req.db, index: req.directoryIndex, change: req.change)
            return Flash.redirect(req, to: DirectoryURL.moderation.path, notice: "« \(org.name) » est validée et visible dans l'annuaire.")
        case "refuser":
            // Seed 004: refusals must carry a reason.
            guard !reason.isEmpty else {
                return Flash.redirect(req, to: DirectoryURL.moderation.path, notice: "Pour refuser une structure, indiquez le motif : il lui sera montré.")
            }
            guard reason.count <= 1000 else {
                return Flash.redirect(req, to: DirectoryURL.moderation.path, notice: "Le motif est trop long (1 000 caractères au plus).")
            }
            try await OrganizationService.decide(org, validate: false, reason: reason, by: viewer, on: req.db, index: req.directoryIndex, change: req.change)
            return Flash.redirect(req, to: DirectoryURL.moderation.path, notice: "« \(org.name) » est refusée. Le motif est visible sur sa fiche.")
        default:
            throw Abort(.badRequest, reason: "Décision inconnue : valider ou refuser.")
        }
    }

    /// A structure asks to act in the animator's territory too.
    @Sendable static func answerTerritoryRequest(req: Request) async throws -> Response {
        let viewer = try req.requireAnimator()
        guard
            let request = try await TerritoryRequest.query(on: req.db).filter(\.$id == DirectoryAPIController.requireID(req))
                .with(\.$organization).first()
        else {
            throw Abort(.notFound, reason: "Cette demande n'existe plus : elle a peut-être déjà reçu une réponse.")
        }
        guard Permissions.animates(request.$territory.id, viewer) else {
            throw Abort(.forbidden, reason: "Seuls les animateur·rices de ce territoire répondent à cette demande.")
        }
        let accept = try req.content.decode(Decision.self).decision == "accepter"
        try await OrganizationService.answer(request, accept: accept, by: viewer, on: req.db, index: req.directoryIndex)
        return Flash.redirect(
            req, to: DirectoryURL.moderation.path,
            notice: accept
                ? "« \(request.organization.name) » intervient désormais sur votre territoire."
                : "Demande de « \(request.organization.name) » refusée.")
    }
}
