import Fluent
import Foundation

/// Injection payloads in every text field a person or an import can fill (issue 11): the tests render every
/// page over this data and fail if any payload becomes markup, a script or an event handler.
/// `serve --demo --hostile` adds it to the demo territory, for the browser test.
enum HostileData {
    /// Each payload tries a different way out: of an attribute (double and single quotes), of an element,
    /// of a textarea, into a URL scheme, into a header (CR LF).
    static let payloads = [
        #""><script>alert('xss-1')</script>"#,
        #"' onmouseover='alert(2)' data-x='"#,
        #"<img src=x onerror=alert(3)>"#,
        #"javascript:alert(4)"#,
        #"</textarea><svg onload=alert(5)>"#,
        "\"\r\nSet-Cookie: maillage_session=volé",
    ]

    static func payload(_ i: Int) -> String { payloads[i % payloads.count] }

    /// The e-mail of finding 1, which the old check accepted.
    static let email = #"z"><img src=x onerror=alert(9)>@evil.fr"#

    struct Seeded {
        var validated: UUID
        var pending: UUID
        var user: UUID
    }

    /// Written straight to the tables, as an old import or a bug could have left it: the views must hold
    /// whatever is stored. `members` become referents of both structures.
    @discardableResult
    static func seed(on db: any Database, passwordHash: String, members: [UUID] = []) async throws -> Seeded {
        guard let aude = try await Territory.find(code: "11", on: db), let audeID = aude.id else {
            throw ImportFileError(file: "territoire", message: "département 11 absent")
        }
        let user = User(email: email, name: "Mallory " + payload(0), passwordHash: passwordHash)
        user.emailVerifiedAt = Date()
        try await user.create(on: db)
        let userID = try user.requireID()

        func organization(_ k: Int, status: OrganizationStatus) async throws -> UUID {
            let org = Organization()
            org.name = "Épicerie \(k) " + payload(k)
            org.category = Category.aideAlimentaire.rawValue
            org.summary = payload(k + 1) + "\n" + payload(k + 2)
            org.services = payload(k + 3)
            org.address = "1 rue " + payload(k + 4)
            org.postalCode = "11100"
            org.commune = "Narbonne " + payload(k + 5)
            org.inseeCode = "11262"
            org.latitude = 43.184 + Double(k) * 0.001
            org.longitude = 3.004
            org.email = email
            org.phone = payload(k + 1)
            org.website = "javascript:alert(7)//" + payload(k)
            org.openingHours = payload(k + 2)
            org.status = status.rawValue
            org.statusReason = status == .validated ? nil : payload(k + 3)
            try await org.create(on: db)
            let id = try org.requireID()
            let link = OrganizationTerritory()
            link.$organization.id = id
            link.$territory.id = audeID
            try await link.create(on: db)
            try await Contact(organizationID: id, name: payload(k), role: payload(k + 1), email: email, phone: payload(k + 2)).create(on: db)
            try await Capacity(organizationID: id, temperature: .frais, capacityKg: 100, note: payload(k + 3)).create(on: db)
            for member in [userID] + members {
                try await Membership(userID: member, organizationID: id, role: .referent).create(on: db)
            }
            return id
        }
        let validated = try await organization(0, status: .validated)
        let pending = try await organization(1, status: .pending)

        let partnership = Partnership()
        partnership.$organization.id = validated
        partnership.$partner.id = pending
        partnership.summary = payload(2)
        partnership.since = Date()
        try await partnership.create(on: db)

        let invitation = Invitation()
        invitation.$organization.id = validated
        invitation.email = email
        invitation.role = MembershipRole.member.rawValue
        invitation.invitedBy = payload(3)
        try await invitation.create(on: db)

        let entry = AuditEntry()
        entry.at = Date()
        entry.userID = userID
        entry.actor = payload(4)
        entry.action = payload(5)
        entry.entityType = "structure"
        entry.entityID = validated
        entry.summary = payload(0)
        try await entry.create(on: db)
        return Seeded(validated: validated, pending: pending, user: userID)
    }
}
