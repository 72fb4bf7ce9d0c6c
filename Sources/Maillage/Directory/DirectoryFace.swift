import Fluent
import Foundation

/// What other modules may ask the directory (issue 21): plain values, never its tables, so that the directory's
/// rules (a structure's territories follow its address and its declared links) hold for every module.
enum DirectoryFace {
    /// The territories a structure belongs to (its département, and those it declared it serves).
    static func territories(of organizationID: UUID, on db: any Database) async throws -> Set<UUID> {
        Set(try await OrganizationTerritory.query(on: db).filter(\.$organization.$id == organizationID).all().map { $0.$territory.id })
    }

    /// The validated structures the person belongs to, by name: those they may act for.
    static func validatedOrganizations(of viewer: Viewer, on db: any Database) async throws -> [(UUID, String)] {
        try await Organization.query(on: db).filter(\.$id ~~ Array(viewer.memberships.keys))
            .filter(\.$status == OrganizationStatus.validated.rawValue).sort(\.$name).all()
            .compactMap { o in o.id.map { ($0, o.name) } }
    }
}
