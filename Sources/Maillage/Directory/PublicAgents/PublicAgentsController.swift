import Fluent
import Foundation
import Vapor

/// Interlocutors of the State and local services (issue 13, item 10): each agent says their service and domains;
/// each territory lists who to call for what; its animators (and administrators) say who animates and who is
/// a public agent there.
enum PublicAgentsController {
    // MARK: The agent's own profile

    @Sendable static func profileForm(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        var form = FormState<PublicAgentRules.Field>()
        var domains: Set<String> = []
        if let profile = try await PublicAgentProfile.query(on: req.db).filter(\.$user.$id == viewer.userID).first() {
            form.values = [
                .service: profile.service, .serviceName: profile.serviceName, .jobTitle: profile.jobTitle, .phone: profile.phone ?? "",
                .organization: profile.$organization.id?.uuidString ?? "",
            ]
            domains = Set(profile.domainValues.map(\.rawValue))
        }
        return try await profilePage(req, viewer: viewer, form: form, domains: domains, status: .ok)
    }

    @Sendable static func saveProfile(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        var form = FormState<PublicAgentRules.Field>(req)
        let domains = (try? req.content.get([String].self, at: "domaines")) ?? ((try? req.content.get(String.self, at: "domaines")).map { [$0] } ?? [])
        let fiches = Set(try await serviceFiches(for: viewer, on: req.db).map(\.id))
        switch PublicAgentRules.validate(form, domains: domains, fiches: fiches) {
        case .failure(let refusal):
            form.errors = refusal.errors
            return try await profilePage(req, viewer: viewer, form: form, domains: Set(domains), status: .unprocessableEntity)
        case .success(let valid):
            try await req.db.audited(.agentProfileSaved, about: .account(viewer.userID), by: viewer, summary: "Service : \(valid.serviceName)") { tx in
                let profile = try await PublicAgentProfile.query(on: tx).filter(\.$user.$id == viewer.userID).first() ?? PublicAgentProfile()
                profile.$user.id = viewer.userID
                profile.service = valid.service.rawValue
                profile.serviceName = valid.serviceName
                profile.jobTitle = valid.jobTitle
                profile.phone = valid.phone
                profile.domains = valid.domains.map(\.rawValue).joined(separator: ",")
                profile.$organization.id = valid.organization
                try await profile.save(on: tx)
            }
            return Flash.redirect(req, to: DirectoryURL.agentProfile.path, notice: "Votre service et vos domaines sont enregistrés.")
        }
    }

    /// The fiches of services (institutions) on the agent's territories, to link the profile to.
    private static func serviceFiches(for viewer: Viewer, on db: any Database) async throws -> [(id: UUID, name: String)] {
        let territories = viewer.territoryRoles.filter { $0.value.contains(.publicAgent) }.map(\.key)
        guard !territories.isEmpty else { return [] }
        let ids = try await OrganizationTerritory.query(on: db).filter(\.$territory.$id ~~ territories).all().map { $0.$organization.id }
        guard !ids.isEmpty else { return [] }
        return try await Organization.query(on: db).filter(\.$id ~~ ids).filter(\.$category == Category.institution.rawValue)
            .filter(\.$status == OrganizationStatus.validated.rawValue).sort(\.$name).all().compactMap { o in o.id.map { ($0, "\(o.name) (\(o.commune))") } }
    }

    private static func profilePage(
        _ req: Request, viewer: Viewer, form: FormState<PublicAgentRules.Field>, domains: Set<String>, status: HTTPResponseStatus
    ) async throws -> Response {
        let model = AgentProfilePage.Model(form: form, domains: domains, fiches: try await serviceFiches(for: viewer, on: req.db))
        return AgentProfilePage.View(context: PageContext(req), model: model).response(status: status, on: req)
    }

    // MARK: Who to call for what, per territory

    @Sendable static func interlocutors(req: Request) async throws -> Response {
        let code = try Territory.code(of: req)
        let (territory, territoryID) = try await Territory.require(code: code, on: req.db)
        let roles = try await TerritoryRole.query(on: req.db).filter(\.$territory.$id == territoryID)
            .filter(\.$role == TerritoryRoleKind.publicAgent.rawValue).with(\.$user).all()
        let userIDs = roles.map { $0.$user.id }
        let profiles = userIDs.isEmpty ? [] : try await PublicAgentProfile.query(on: req.db).filter(\.$user.$id ~~ userIDs).all()
        let byUser = Dictionary(profiles.map { ($0.$user.id, $0) }, uniquingKeysWith: { a, _ in a })
        let showDetails = Permissions.canSeeContactDetails(req.viewer)
        let agents = roles.map { role -> InterlocutorsPage.Agent in
            let p = byUser[role.$user.id]
            return .init(
                name: role.user.name, jobTitle: p?.jobTitle, service: p.map { $0.serviceName } ?? "Service non renseigné",
                serviceKind: p?.serviceValue.label, organizationID: p?.$organization.id, domains: p?.domainValues ?? [],
                email: showDetails ? role.user.email : nil, phone: showDetails ? p?.phone : nil)
        }.sorted { $0.name < $1.name }
        let viewer = req.viewer
        let model = InterlocutorsPage.Model(
            territory: territory.summary, agents: agents, showDetails: showDetails, signedIn: viewer != nil,
            canManage: Permissions.animates(territoryID, viewer))
        return InterlocutorsPage.View(context: PageContext(req), model: model).response(on: req)
    }

    // MARK: The territory's team (animators and public agents), for its animators and administrators

    @Sendable static func team(req: Request) async throws -> Response {
        try await teamPage(req, email: "", error: nil, status: .ok)
    }

    @Sendable static func addToTeam(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let code = try Territory.code(of: req)
        let (territory, territoryID) = try await Territory.require(code: code, on: req.db)
        let email = ((try? req.content.get(String.self, at: "courriel")) ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        guard let role = TerritoryRoleKind(rawValue: (try? req.content.get(String.self, at: "role")) ?? "") else {
            return try await teamPage(req, email: email, error: "Choisissez le rôle : animateur·rice ou agent public.", status: .unprocessableEntity)
        }
        guard EmailAddress.isValid(email) else {
            return try await teamPage(req, email: email, error: "Adresse e-mail invalide, par exemple prenom.nom@aude.gouv.fr.", status: .unprocessableEntity)
        }
        guard let user = try await User.query(on: req.db).filter(\.$email == email).first(), let userID = user.id, user.emailVerifiedAt != nil else {
            return try await teamPage(
                req, email: email,
                error:
                    "Aucun compte activé avec cette adresse : la personne doit d'abord créer son compte sur Maillage (\(req.publicBaseURL + AccountsURL.signUp.path)) et l'activer.",
                status: .unprocessableEntity)
        }
        let exists =
            try await TerritoryRole.query(on: req.db).filter(\.$user.$id == userID).filter(\.$territory.$id == territoryID)
            .filter(\.$role == role.rawValue).count() > 0
        guard !exists else {
            return try await teamPage(req, email: email, error: "\(user.name) a déjà ce rôle sur ce territoire.", status: .conflict)
        }
        let now = req.clock.now
        try await req.db.audited(
            .territoryRoleGranted, about: .territory(territoryID), territory: territoryID, by: viewer, summary: "\(user.name) : \(role.label)"
        ) { tx in
            try await TerritoryRole(userID: userID, territoryID: territoryID, role: role).create(on: tx)
            try await Notifier.notify(
                [userID], .territoryRoleGiven, title: "Vous êtes \(role.label.lowercased()) : \(territory.name)",
                body: role == .publicAgent
                    ? "\(viewer.name) vous a ajouté·e comme agent public. Indiquez votre service et vos domaines : les structures sauront qui appeler pour quoi."
                    : "\(viewer.name) vous a confié l'animation du territoire : validations, imports, couverture.",
                link: role == .publicAgent ? DirectoryURL.agentProfile.path : DirectoryURL.moderation.path, now: now, base: req.publicBaseURL, on: tx)
        }
        return Flash.redirect(req, to: DirectoryURL.territoryTeam(code), notice: "\(user.name) est maintenant \(role.label.lowercased()).")
    }

    @Sendable static func removeFromTeam(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let (code, roleID) = try DirectoryURL.territoryTeamRemove.values(of: req)
        let (_, territoryID) = try await Territory.require(code: code, on: req.db)
        guard let role = try await TerritoryRole.query(on: req.db).filter(\.$id == roleID).filter(\.$territory.$id == territoryID).with(\.$user).first()
        else { throw Abort(.notFound, reason: "Ce rôle n'existe plus.") }
        if role.role == TerritoryRoleKind.animator.rawValue {
            let animators = try await TerritoryRole.query(on: req.db).filter(\.$territory.$id == territoryID)
                .filter(\.$role == TerritoryRoleKind.animator.rawValue).count()
            guard animators > 1 || viewer.isAdmin else {
                throw Abort(.conflict, reason: "Le territoire garderait zéro animateur·rice : ajoutez d'abord quelqu'un d'autre.")
            }
        }
        try await req.db.audited(
            .territoryRoleRemoved, about: .territory(territoryID), territory: territoryID, by: viewer,
            summary: "\(role.user.name) : \(TerritoryRoleKind(rawValue: role.role)?.label ?? role.role) retiré"
        ) { tx in try await role.delete(on: tx) }
        return Flash.redirect(req, to: DirectoryURL.territoryTeam(code), notice: "Rôle retiré à \(role.user.name).")
    }

    private static func teamPage(_ req: Request, email: String, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let code = try Territory.code(of: req)
        let (territory, territoryID) = try await Territory.require(code: code, on: req.db)
        let roles = try await TerritoryRole.query(on: req.db).filter(\.$territory.$id == territoryID).with(\.$user).all()
        let model = TeamPage.Model(
            territory: territory.summary,
            members: roles.compactMap { r in
                guard let id = r.id, let kind = TerritoryRoleKind(rawValue: r.role) else { return nil }
                return .init(id: id, name: r.user.name, email: r.user.email, role: kind)
            }.sorted { ($0.role.rawValue, $0.name) < ($1.role.rawValue, $1.name) },
            email: email, error: error)
        return TeamPage.View(context: PageContext(req), model: model).response(status: status, on: req)
    }
}
