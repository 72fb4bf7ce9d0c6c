import Fluent
import Foundation
import Vapor

/// Writes to structures: each in one transaction with its audit line, then the directory index is refreshed.
enum OrganizationService {
    static func create(_ valid: ValidOrganization, by viewer: Viewer, on db: any Database, index: DirectoryIndexStore) async throws -> Organization {
        let org = Organization()
        try await db.writeTransaction { tx in
            let territories = try await territoryIDs(for: valid, on: tx)
            let scope = OrganizationScope(id: UUID(), territoryIDs: Set(territories))
            // An animator who creates a structure in their own territory vouches for it.
            let status: OrganizationStatus = Permissions.isModerator(of: scope, viewer) ? .validated : .pending
            apply(valid, to: org)
            org.status = status.rawValue
            try await org.create(on: tx)
            let id = try org.requireID()
            try await replaceDetails(of: id, with: valid, territories: territories, on: tx)
            try await Membership(userID: viewer.userID, organizationID: id, role: .referent).create(on: tx)
            try await Audit.record(on: tx, viewer: viewer, action: "structure.création", entityType: "structure", entityID: id,
                                   summary: "Création de « \(valid.name) » (\(status.label.lowercased()))")
        }
        index.invalidate()
        return org
    }

    static func update(_ org: Organization, with valid: ValidOrganization, by viewer: Viewer, on db: any Database, index: DirectoryIndexStore) async throws {
        let id = try org.requireID()
        try await db.writeTransaction { tx in
            let before = changeSummary(org, valid)
            apply(valid, to: org)
            try await org.save(on: tx)
            let territories = try await territoryIDs(for: valid, on: tx)
            try await replaceDetails(of: id, with: valid, territories: territories, on: tx)
            try await Audit.record(on: tx, viewer: viewer, action: "structure.modification", entityType: "structure", entityID: id,
                                   summary: "Modification de « \(valid.name) »" + (before.isEmpty ? "" : " : " + before))
        }
        index.invalidate()
    }

    static func decide(_ org: Organization, validate: Bool, reason: String, by viewer: Viewer, on db: any Database, index: DirectoryIndexStore) async throws {
        let id = try org.requireID()
        try await db.writeTransaction { tx in
            org.status = (validate ? OrganizationStatus.validated : .rejected).rawValue
            org.statusReason = reason.isEmpty ? nil : reason
            try await org.save(on: tx)
            try await Audit.record(on: tx, viewer: viewer, action: validate ? "structure.validation" : "structure.refus",
                                   entityType: "structure", entityID: id,
                                   summary: (validate ? "Validation de « \(org.name) »" : "Refus de « \(org.name) »") + (reason.isEmpty ? "" : " : \(reason)"))
        }
        index.invalidate()
    }

    private static func apply(_ v: ValidOrganization, to org: Organization) {
        org.name = v.name
        org.category = v.category.rawValue
        org.summary = v.summary
        org.services = v.services
        org.address = v.address
        org.postalCode = v.postalCode
        org.commune = v.commune
        org.inseeCode = v.inseeCode
        org.latitude = v.point.latitude
        org.longitude = v.point.longitude
        org.siret = v.siret
        org.email = v.email
        org.phone = v.phone
        org.website = v.website
        org.openingHours = v.openingHours
    }

    private static func changeSummary(_ org: Organization, _ v: ValidOrganization) -> String {
        var changed: [String] = []
        if org.name != v.name { changed.append("nom") }
        if org.category != v.category.rawValue { changed.append("catégorie") }
        if org.summary != v.summary { changed.append("présentation") }
        if org.services != v.services { changed.append("services") }
        if org.address != v.address || org.postalCode != v.postalCode || org.commune != v.commune { changed.append("adresse") }
        if org.latitude != v.point.latitude || org.longitude != v.point.longitude { changed.append("coordonnées") }
        if org.email != v.email || org.phone != v.phone || org.website != v.website { changed.append("coordonnées de contact") }
        if org.openingHours != v.openingHours { changed.append("horaires") }
        if org.siret != v.siret { changed.append("SIRET") }
        return changed.joined(separator: ", ")
    }

    private static func territoryIDs(for v: ValidOrganization, on db: any Database) async throws -> [UUID] {
        let codes = Array(Set([v.departement] + v.extraTerritories))
        return try await Territory.query(on: db).filter(\.$code ~~ codes).all().compactMap(\.id)
    }

    private static func replaceDetails(of id: UUID, with v: ValidOrganization, territories: [UUID], on db: any Database) async throws {
        try await OrganizationTerritory.query(on: db).filter(\.$organization.$id == id).delete()
        for territory in territories {
            let link = OrganizationTerritory()
            link.$organization.id = id
            link.$territory.id = territory
            try await link.create(on: db)
        }
        try await Capacity.query(on: db).filter(\.$organization.$id == id).delete()
        for (t, kg, note) in v.capacities {
            try await Capacity(organizationID: id, temperature: t, capacityKg: kg, note: note).create(on: db)
        }
        try await Contact.query(on: db).filter(\.$organization.$id == id).delete()
        for c in v.contacts {
            try await Contact(organizationID: id, name: c.name, role: c.role, email: c.email, phone: c.phone).create(on: db)
        }
    }

    /// Loads a structure with what pages and permission checks need.
    static func find(_ id: UUID, on db: any Database) async throws -> Organization {
        guard let org = try await Organization.query(on: db).filter(\.$id == id)
            .with(\.$territories).with(\.$contacts).with(\.$capacities).first() else {
            throw Abort(.notFound, reason: "Cette structure n'existe pas (ou plus).")
        }
        return org
    }
}

extension Organization {
    var scope: OrganizationScope {
        OrganizationScope(id: id ?? UUID(), territoryIDs: Set($territories.value?.compactMap(\.id) ?? []))
    }

    /// The stored structure as input, so that a PATCH or a form starts from what is there.
    var asInput: OrganizationInput {
        OrganizationInput(
            name: name, category: category, description: summary, services: services, address: address,
            postal_code: postalCode, commune: commune, latitude: latitude, longitude: longitude, siret: siret,
            email: email, phone: phone, website: website, opening_hours: openingHours,
            territories: $territories.value?.map(\.code),
            capacities: $capacities.value?.map { .init(temperature: $0.temperature, capacity_kg: $0.capacityKg, note: $0.note) },
            contacts: $contacts.value?.map { .init(name: $0.name, role: $0.role, email: $0.email, phone: $0.phone) })
    }
}
