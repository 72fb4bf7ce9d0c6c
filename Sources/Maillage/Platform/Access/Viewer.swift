import Fluent
import Foundation
import Vapor

/// Who is asking: a signed-in person with their memberships and territorial roles.
struct Viewer: Sendable {
    let userID: UUID
    let name: String
    let email: String
    let isAdmin: Bool
    /// The person opened the link sent to their address.
    var isVerified = true
    let memberships: [UUID: MembershipRole]
    let territoryRoles: [UUID: Set<TerritoryRoleKind>]
    /// Member of at least one structure the territory has validated (not only of a structure just typed in).
    var belongsToValidatedStructure = false
    /// Notifications not read yet, for the header.
    var unreadNotifications = 0

    var animatedTerritoryIDs: Set<UUID> {
        Set(territoryRoles.filter { $0.value.contains(.animator) }.keys)
    }
    var isAnimator: Bool { isAdmin || !animatedTerritoryIDs.isEmpty }
    var isPublicAgent: Bool { territoryRoles.values.contains { $0.contains(.publicAgent) } }

    static func load(userID: UUID, on db: any Database) async throws -> Viewer? {
        guard let user = try await User.find(userID, on: db) else { return nil }
        let memberships = try await Membership.query(on: db).filter(\.$user.$id == userID).all()
        let roles = try await TerritoryRole.query(on: db).filter(\.$user.$id == userID).all()
        var byTerritory: [UUID: Set<TerritoryRoleKind>] = [:]
        for role in roles {
            if let kind = TerritoryRoleKind(rawValue: role.role) { byTerritory[role.$territory.id, default: []].insert(kind) }
        }
        let organizationIDs = memberships.map(\.$organization.id)
        let validated =
            organizationIDs.isEmpty
            ? 0
            : try await Organization.query(on: db).filter(\.$id ~~ organizationIDs)
                .filter(\.$status == OrganizationStatus.validated.rawValue).count()
        return Viewer(
            userID: userID, name: user.name, email: user.email, isAdmin: user.isAdmin, isVerified: user.emailVerifiedAt != nil,
            memberships: Dictionary(
                memberships.compactMap { m in MembershipRole(rawValue: m.role).map { (m.$organization.id, $0) } },
                uniquingKeysWith: { a, _ in a }),
            territoryRoles: byTerritory, belongsToValidatedStructure: validated > 0,
            unreadNotifications: try await Notifier.unreadCount(for: userID, on: db))
    }
}

/// What a permission check needs to know about a structure.
struct OrganizationScope: Sendable {
    let id: UUID
    /// The territory of its address: the one whose animators moderate it (issue 11, finding 11).
    let primaryTerritoryID: UUID?
    /// Every territory it acts in (its address's and those their animators accepted).
    let territoryIDs: Set<UUID>
}

/// Who may do what (DESIGN.md: a structure's data is changed only by its members, a territory's operations only by its animators).
enum Permissions {
    /// The animators of the structure's own territory (from its address), and administrators.
    static func isModerator(of org: OrganizationScope, _ viewer: Viewer?) -> Bool {
        guard let viewer else { return false }
        return viewer.isAdmin || org.primaryTerritoryID.map(viewer.animatedTerritoryIDs.contains) ?? false
    }

    static func animates(_ territoryID: UUID?, _ viewer: Viewer?) -> Bool {
        guard let viewer, let territoryID else { return viewer?.isAdmin ?? false }
        return viewer.isAdmin || viewer.animatedTerritoryIDs.contains(territoryID)
    }

    static func canEdit(_ org: OrganizationScope, _ viewer: Viewer?) -> Bool {
        guard let viewer else { return false }
        return viewer.memberships[org.id] != nil || isModerator(of: org, viewer)
    }

    static func canManageMembers(_ org: OrganizationScope, _ viewer: Viewer?) -> Bool {
        guard let viewer else { return false }
        return viewer.memberships[org.id] == .referent || isModerator(of: org, viewer)
    }

    /// A pending or rejected structure is seen by its own people and by those who moderate it.
    static func canSee(_ org: OrganizationScope, status: OrganizationStatus, _ viewer: Viewer?) -> Bool {
        status == .validated || (status != .merged && canEdit(org, viewer))
    }

    /// Interlocutors' e-mail addresses and phone numbers (issue 13, item 4) are for people the territory knows: a
    /// verified member of a validated structure, an animator, a public agent; and for the structure's own people.
    /// Everyone else writes through the contact form, which never shows the address.
    static func canSeeContactDetails(of org: OrganizationScope? = nil, _ viewer: Viewer?) -> Bool {
        guard let viewer, viewer.isVerified else { return false }
        if let org, viewer.memberships[org.id] != nil { return true }
        return viewer.isAdmin || viewer.isAnimator || viewer.isPublicAgent || viewer.belongsToValidatedStructure
    }

    static func canReadAudit(_ viewer: Viewer?) -> Bool { viewer?.isAnimator ?? false }
}

extension Request {
    private struct ViewerKey: StorageKey { typealias Value = Viewer }
    var viewer: Viewer? {
        get { storage[ViewerKey.self] }
        set { storage[ViewerKey.self] = newValue }
    }

    func requireViewer() throws -> Viewer {
        guard let viewer else { throw Abort(.unauthorized, reason: "Connectez-vous pour continuer.") }
        return viewer
    }

    /// The animators' desk (validations, imports, duplicates) is theirs alone.
    func requireAnimator() throws -> Viewer {
        let viewer = try requireViewer()
        guard viewer.isAnimator else { throw Abort(.forbidden, reason: "Cette page est réservée aux animateur·rices territoriaux·ales.") }
        return viewer
    }
}
