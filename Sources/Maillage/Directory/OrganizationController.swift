import Fluent
import Foundation
import Vapor

enum OrganizationController {
    @Sendable static func show(req: Request) async throws -> Response {
        let org = try await OrganizationService.find(try DirectoryAPIController.requireID(req), on: req.db)
        // A merged-away fiche's address leads, for good, to the fiche that holds it now.
        if org.statusValue == .merged, let destination = try await Duplicates.destination(of: try org.requireID(), on: req.db) {
            return Redirect.to(DirectoryURL.organization(destination), on: req, permanent: true)
        }
        let viewer = req.viewer
        guard Permissions.canSee(org.scope, status: org.statusValue, viewer) else {
            throw Abort(.notFound, reason: "Cette structure n'existe pas (ou plus).")
        }
        let marker = MapRenderer.Marker(
            point: org.point, color: org.categoryValue?.color ?? "#555", title: org.name, href: org.id.map { DirectoryURL.organization($0) } ?? "")
        let nearby = CommuneTable.shared.communes(inDepartements: [Organization.departement(insee: org.inseeCode, postalCode: org.postalCode)])
            .filter { $0.point.distanceKm(to: org.point) < 25 }
        let config = req.application.maillageConfig
        let renderer = MapRenderer(
            markers: [marker], background: nearby.map(\.point),
            labels: nearby.sorted { $0.population > $1.population }.prefix(4).map { ($0.name, $0.point) },
            tileURL: config.tileURL, tileAttribution: config.tileAttribution, maxWidth: 420)
        var map = MapPanel(
            renderer: renderer, departements: [Organization.departement(insee: org.inseeCode, postalCode: org.postalCode)], config: config, small: true)
        map.place = (org.point, org.name, org.categoryValue)
        let canEdit = Permissions.canEdit(org.scope, viewer)
        let model = OrganizationShowPage.Model(
            org: try org.details(now: req.clock.now), canEdit: canEdit, canManageMembers: Permissions.canManageMembers(org.scope, viewer),
            isModerator: Permissions.isModerator(of: org.scope, viewer), showContactDetails: Permissions.canSeeContactDetails(of: org.scope, viewer),
            contactable: try await org.isContactable(on: req.db),
            joinAction: try await joinAction(org, viewer, on: req.db),
            map: map,
            surroundings: try await OrganizationSurroundings.load(org, withCandidates: canEdit, on: req.db))
        return OrganizationShowPage.View(context: PageContext(req), model: model).response(on: req)
    }

    /// What a signed-in person who is not a member may ask on a validated fiche: to join, or to hold it.
    private static func joinAction(_ org: Organization, _ viewer: Viewer?, on db: any Database) async throws -> JoinRequest.Kind? {
        let id = try org.requireID()
        guard let viewer, viewer.memberships[id] == nil, org.statusValue == .validated else { return nil }
        return try await JoinRequests.kind(for: id, on: db)
    }

    @Sendable static func newForm(req: Request) async throws -> Response {
        _ = try req.requireViewer()
        let model = OrganizationFormPage.Model(organizationID: nil, values: [:], errors: [:])
        return OrganizationFormPage.View(context: PageContext(req), model: model).response(on: req)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let form = try req.content.decode([String: String].self)
        let (input, parseErrors) = OrganizationFormMapping.input(from: form, today: req.today)
        switch OrganizationRules.validate(input) {
        case .success(let valid) where parseErrors.isEmpty:
            // The same structure may be there already (imported, or registered by a colleague): ask first.
            if form["autre_structure"] != "1" {
                let likely = try await LikelyDuplicates.find(name: valid.name, siret: valid.siret, point: valid.point, on: req.db)
                if !likely.isEmpty { return formAgain(req, id: nil, form: form, errors: [:], duplicates: likely, status: .conflict) }
            }
            let org = try await OrganizationService.create(valid, by: viewer, on: req.db, index: req.directoryIndex, change: req.change)
            let notice =
                org.statusValue == .validated
                ? "Structure inscrite et publiée dans l'annuaire."
                : "Structure inscrite. Elle apparaîtra dans l'annuaire dès qu'un·e animateur·rice l'aura validée."
            return Flash.redirect(req, to: DirectoryURL.organization(try org.requireID()), notice: notice)
        case .success:
            return formAgain(req, id: nil, form: form, errors: parseErrors)
        case .failure(let failure):
            return formAgain(req, id: nil, form: form, errors: failure.fields.merging(parseErrors) { _, parse in parse })
        }
    }

    @Sendable static func editForm(req: Request) async throws -> Response {
        let org = try await editable(req)
        let model = OrganizationFormPage.Model(organizationID: org.id, values: OrganizationFormMapping.values(from: org.asInput, today: req.today), errors: [:])
        return OrganizationFormPage.View(context: PageContext(req), model: model).response(on: req)
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let org = try await editable(req)
        let viewer = try req.requireViewer()
        let form = try req.content.decode([String: String].self)
        let (input, parseErrors) = OrganizationFormMapping.input(from: form, today: req.today)
        switch OrganizationRules.validate(input, previousHours: org.openingHours) {
        case .success(let valid) where parseErrors.isEmpty:
            try await OrganizationService.update(org, with: valid, by: viewer, on: req.db, index: req.directoryIndex, change: req.change)
            return Flash.redirect(req, to: DirectoryURL.organization(try org.requireID()), notice: "Modifications enregistrées.")
        case .success:
            return formAgain(req, id: org.id, form: form, errors: parseErrors)
        case .failure(let failure):
            return formAgain(req, id: org.id, form: form, errors: failure.fields.merging(parseErrors) { _, parse in parse })
        }
    }

    private static func formAgain(
        _ req: Request, id: UUID?, form: [String: String], errors: [String: String], duplicates: [LikelyDuplicates.Match] = [],
        status: HTTPResponseStatus = .unprocessableEntity
    ) -> Response {
        let model = OrganizationFormPage.Model(organizationID: id, values: form, errors: errors, duplicates: duplicates)
        return OrganizationFormPage.View(context: PageContext(req), model: model).response(status: status, on: req)
    }

    private static func editable(_ req: Request) async throws -> Organization {
        let viewer = try req.requireViewer()
        let org = try await OrganizationService.find(try DirectoryAPIController.requireID(req), on: req.db)
        guard Permissions.canSee(org.scope, status: org.statusValue, viewer) else { throw Abort(.notFound) }
        guard Permissions.canEdit(org.scope, viewer) else {
            throw Abort(.forbidden, reason: "Seuls les membres de cette structure et les animateurs de son territoire peuvent la modifier.")
        }
        return org
    }

    // MARK: members

    private static func managed(_ req: Request) async throws -> (Organization, Viewer) {
        let viewer = try req.requireViewer()
        let org = try await OrganizationService.find(try DirectoryAPIController.requireID(req), on: req.db)
        guard Permissions.canManageMembers(org.scope, viewer) else {
            throw Abort(.forbidden, reason: "Seuls les référents de la structure et les animateurs du territoire gèrent ses membres.")
        }
        return (org, viewer)
    }

    @Sendable static func members(req: Request) async throws -> Response {
        let (org, _) = try await managed(req)
        return try await membersPage(req, org: org, email: "", error: nil, status: .ok)
    }

    private static func membersPage(_ req: Request, org: Organization, email: String, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let id = try org.requireID()
        let memberships = try await Membership.query(on: req.db).filter(\.$organization.$id == id).with(\.$user).all()
        let members = memberships.compactMap { m -> MembersPage.Member? in
            guard let mid = m.id, let role = MembershipRole(rawValue: m.role) else { return nil }
            return .init(membershipID: mid, name: m.user.name, email: m.user.email, role: role)
        }.sorted { ($0.role == .referent ? 0 : 1, $0.name) < ($1.role == .referent ? 0 : 1, $1.name) }
        let invitations = try await Invitation.query(on: req.db).filter(\.$organization.$id == id).sort(\.$email).all()
        let requests = try await JoinRequest.query(on: req.db).filter(\.$organization.$id == id)
            .filter(\.$status == JoinRequest.Status.pending.rawValue).filter(\.$kind == JoinRequest.Kind.join.rawValue).with(\.$user)
            .sort(\.$createdAt).all()
        let model = MembersPage.Model(
            organizationID: id, organizationName: org.name, members: members,
            invitations: invitations.compactMap { i in i.id.map { .init(id: $0, email: i.email, role: MembershipRole(rawValue: i.role) ?? .member) } },
            requests: requests.compactMap { r in r.id.map { .init(id: $0, name: r.user.name, email: r.user.email, message: r.message, at: r.createdAt) } },
            email: email, error: error)
        return MembersPage.View(context: PageContext(req), model: model).response(status: status, on: req)
    }

    struct AddMember: Content { var email: String?; var role: String? }

    /// Adding someone is an invitation they accept or decline from their account (issue 11, finding 5:
    /// a membership is never given to whoever signs up with an address). A member already in changes role at once.
    @Sendable static func addMember(req: Request) async throws -> Response {
        let (org, viewer) = try await managed(req)
        let form = try req.content.decode(AddMember.self)
        let email = (form.email ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        guard EmailAddress.isValid(email) else {
            return try await membersPage(
                req, org: org, email: email, error: "Adresse e-mail invalide, par exemple prenom.nom@association.fr.",
                status: .unprocessableEntity)
        }
        let role = MembershipRole(rawValue: form.role ?? "") ?? .member
        let id = try org.requireID()
        let now = req.clock.now
        let base = req.publicBaseURL
        let link = base + AccountsURL.account.path + "#invitations"
        let notice: String = try await req.db.writeTransaction { tx in
            let territory = org.scope.primaryTerritoryID
            if let user = try await User.query(on: tx).filter(\.$email == email).first(), let uid = user.id,
                let existing = try await Membership.query(on: tx).filter(\.$user.$id == uid).filter(\.$organization.$id == id).first()
            {
                existing.role = role.rawValue
                try await existing.save(on: tx)
                try await Audit.record(
                    on: tx, viewer: viewer, action: .memberRoleChanged, about: .structure(id), territory: territory,
                    summary: "\(user.name) devient \(role.label.lowercased()) de « \(org.name) »")
                return "\(user.name) est maintenant \(role.label.lowercased())."
            }
            if let pending = try await Invitation.query(on: tx).filter(\.$organization.$id == id).filter(\.$email == email).first() {
                pending.role = role.rawValue
                try await pending.save(on: tx)
                return "Une invitation attend déjà \(email) : son rôle est mis à jour."
            }
            let invitation = Invitation()
            invitation.$organization.id = id
            invitation.email = email
            invitation.role = role.rawValue
            invitation.invitedBy = viewer.name
            try await invitation.create(on: tx)
            try await Outbox.enqueue(
                AccountMails.invitation(to: email, organization: org.name, inviter: viewer.name, role: role, link: link),
                key: "invitation:\(try invitation.requireID())", now: now, on: tx)
            if let invited = try await User.query(on: tx).filter(\.$email == email).first(), let invitedID = invited.id {
                try await Notifier.notify(
                    [invitedID], .invitation, title: "« \(org.name) » vous invite à la rejoindre",
                    body: "\(viewer.name) vous invite comme \(role.label.lowercased()). Acceptez ou déclinez depuis votre compte.",
                    link: AccountsURL.account.path + "#invitations", now: now, base: base, on: tx)
            }
            try await Audit.record(
                on: tx, viewer: viewer, action: .memberInvited, about: .structure(id), territory: territory,
                summary: "Invitation de \(email) dans « \(org.name) » (\(role.label))")
            return "Invitation envoyée à \(email). La personne rejoindra la structure quand elle l'aura acceptée."
        }
        return Flash.redirect(req, to: DirectoryURL.members(id), notice: notice)
    }

    @Sendable static func cancelInvitation(req: Request) async throws -> Response {
        let (org, viewer) = try await managed(req)
        let id = try org.requireID()
        guard let invitationID = req.parameters.get("invitationID", as: UUID.self),
            let invitation = try await Invitation.query(on: req.db).filter(\.$id == invitationID).filter(\.$organization.$id == id).first()
        else {
            throw Abort(.notFound, reason: "Cette invitation n'existe plus : elle a peut-être déjà reçu une réponse.")
        }
        try await req.db.writeTransaction { tx in
            try await invitation.delete(on: tx)
            try await Audit.record(
                on: tx, viewer: viewer, action: .invitationCancelled, about: .structure(id),
                territory: org.scope.primaryTerritoryID, summary: "Invitation de \(invitation.email) annulée")
        }
        return Flash.redirect(req, to: DirectoryURL.members(id), notice: "L'invitation de \(invitation.email) est annulée.")
    }

    @Sendable static func removeMember(req: Request) async throws -> Response {
        let (org, viewer) = try await managed(req)
        let id = try org.requireID()
        guard let raw = req.parameters.get("memberID"), let membershipID = UUID(uuidString: raw),
            let membership = try await Membership.query(on: req.db).filter(\.$id == membershipID).filter(\.$organization.$id == id).with(\.$user).first()
        else {
            throw Abort(.notFound, reason: "Ce membre n'existe pas.")
        }
        let referents = try await Membership.query(on: req.db).filter(\.$organization.$id == id).filter(\.$role == MembershipRole.referent.rawValue).count()
        if membership.role == MembershipRole.referent.rawValue, referents <= 1 {
            return try await membersPage(
                req, org: org, email: "", error: "Une structure garde au moins un·e référent·e : nommez-en un·e autre avant de retirer celui-ci.",
                status: .conflict)
        }
        try await req.db.writeTransaction { tx in
            try await membership.delete(on: tx)
            try await Audit.record(
                on: tx, viewer: viewer, action: .memberRemoved, about: .structure(id), territory: org.scope.primaryTerritoryID,
                summary: "\(membership.user.name) retiré·e de « \(org.name) »")
        }
        return Flash.redirect(req, to: DirectoryURL.members(id), notice: "\(membership.user.name) a été retiré·e de la structure.")
    }
}
