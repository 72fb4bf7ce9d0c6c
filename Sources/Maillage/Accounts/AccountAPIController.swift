import Foundation
import Vapor

struct MeDTO: Content {
    struct MembershipDTO: Content { var organization_id: UUID; var role: String }
    struct RoleDTO: Content { var territory_id: UUID; var role: String }
    var id: UUID
    var name: String
    var email: String
    var is_admin: Bool
    var memberships: [MembershipDTO]
    var territory_roles: [RoleDTO]
}

/// `/api/v1/me`: who the token belongs to, with their structures and territorial roles.
enum AccountAPIController {
    @Sendable static func me(req: Request) async throws -> MeDTO {
        let v = try req.requireViewer()
        return MeDTO(
            id: v.userID, name: v.name, email: v.email, is_admin: v.isAdmin,
            memberships: v.memberships.map { .init(organization_id: $0.key, role: $0.value.rawValue) }.sorted {
                $0.organization_id.uuidString < $1.organization_id.uuidString
            },
            territory_roles: v.territoryRoles.flatMap { t in t.value.map { MeDTO.RoleDTO(territory_id: t.key, role: $0.rawValue) } })
    }
}
