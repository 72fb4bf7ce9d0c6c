import Fluent
import Foundation
import Vapor

/// "Demander à rejoindre" / "Revendiquer cette fiche", and the answers.
enum JoinController {
    @Sendable static func form(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let org = try await visible(req)
        let orgID = try org.requireID()
        let pending = try await JoinRequest.query(on: req.db).filter(\.$organization.$id == orgID).filter(\.$user.$id == viewer.userID)
            .filter(\.$status == JoinRequest.Status.pending.rawValue).first()
        let model = JoinPage.Model(
            organizationID: orgID, name: org.name, kind: try await JoinRequests.kind(for: orgID, on: req.db),
            alreadyMember: viewer.memberships[orgID] != nil, pending: pending != nil, verified: viewer.isVerified)
        return JoinPage.View(context: PageContext(req), model: model).response(on: req)
    }

    @Sendable static func ask(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let org = try await visible(req)
        let message = (try? req.content.get(String.self, at: "message")) ?? ""
        let kind = try await JoinRequests.ask(org, message: message, by: viewer, now: req.clock.now, base: req.publicBaseURL, on: req.db)
        return Flash.redirect(
            req, to: DirectoryURL.organization(try org.requireID()),
            notice: kind == .claim
                ? "Demande envoyée à l'animateur·rice du territoire : vous serez prévenu·e de sa réponse."
                : "Demande envoyée aux référent·es de la structure : vous serez prévenu·e de leur réponse.")
    }

    @Sendable static func answer(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let (orgID, requestID) = try DirectoryURL.joinAnswer.values(of: req)
        let decision = (try? req.content.get(String.self, at: "decision")) ?? ""
        guard decision == "accepter" || decision == "refuser" else {
            throw Abort(.unprocessableEntity, reason: "Décision inconnue : accepter ou refuser.")
        }
        let request = try await JoinRequests.answer(
            requestID, accept: decision == "accepter", by: viewer, now: req.clock.now, base: req.publicBaseURL, on: req.db)
        guard request.$organization.id == orgID else { throw Abort(.notFound, reason: "Cette demande ne concerne pas cette structure.") }
        let back = request.kindValue == .claim && !(viewer.memberships[orgID] == .referent) ? DirectoryURL.moderation.path : DirectoryURL.members(orgID)
        return Flash.redirect(
            req, to: back, notice: decision == "accepter" ? "\(request.user.name) a rejoint la structure." : "Demande de \(request.user.name) refusée.")
    }

    private static func visible(_ req: Request) async throws -> Organization {
        let org = try await OrganizationService.find(try DirectoryAPIController.requireID(req), on: req.db)
        guard org.statusValue == .validated || org.statusValue == .pending, Permissions.canSee(org.scope, status: org.statusValue, req.viewer) else {
            throw Abort(.notFound, reason: "Cette structure n'existe pas (ou plus).")
        }
        return org
    }
}
