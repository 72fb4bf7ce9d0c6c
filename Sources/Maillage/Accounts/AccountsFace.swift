import Fluent
import Foundation

/// What other modules may ask about people (issue 21): who to tell, as user ids, never the accounts' tables.
enum AccountsFace {
    /// The members of a structure (referents included): those told of what concerns it.
    static func members(of organizationID: UUID, on db: any Database) async throws -> [UUID] {
        try await Membership.query(on: db).filter(\.$organization.$id == organizationID).all().map { $0.$user.id }
    }

    /// The animators of a territory.
    static func animators(of territoryID: UUID?, on db: any Database) async throws -> [UUID] {
        guard let territoryID else { return [] }
        return try await TerritoryRole.query(on: db).filter(\.$territory.$id == territoryID)
            .filter(\.$role == TerritoryRoleKind.animator.rawValue).all().map { $0.$user.id }
    }
}
