import Fluent
import Foundation
import SQLKit
import Vapor

/// Writes to structures: each in one transaction with its audit line, then the directory index is refreshed.
enum OrganizationService {
    static func create(
        _ valid: ValidOrganization, by viewer: Viewer, on db: any Database, index: DirectoryIndexStore,
        change: ChangeContext = ChangeContext()
    ) async throws -> Organization {
        let org = Organization()
        try await db.writeTransaction { tx in
            let primary = try await Territory.require(code: valid.departement, on: tx).1
            // An animator of the structure's own territory who registers it vouches for it.
            let status: OrganizationStatus = Permissions.animates(primary, viewer) ? .validated : .pending
            apply(valid, to: org)
            org.status = status.rawValue
            try await org.create(on: tx)
            let id = try org.requireID()
            try await replaceDetails(of: id, with: valid, on: tx)
            try await placeInTerritories(id, primary: primary, wanted: valid.extraTerritories, by: viewer, change: change, on: tx)
            try await Membership(userID: viewer.userID, organizationID: id, role: .referent).create(on: tx)
            if status == .pending { try await askForValidation(id, name: valid.name, commune: valid.commune, territory: primary, change: change, on: tx) }
            try await Audit.record(
                on: tx, viewer: viewer, action: .structureCreated, about: .structure(id), territory: primary,
                summary: "Création de « \(valid.name) » (\(status.label.lowercased()))")
        }
        index.invalidate()
        return org
    }

    /// A structure that moves to another département, or that was refused and is corrected, waits for the
    /// animators of its territory again (unless the person editing is one of them).
    static func update(
        _ org: Organization, with valid: ValidOrganization, by viewer: Viewer, on db: any Database, index: DirectoryIndexStore,
        change: ChangeContext = ChangeContext()
    ) async throws {
        let id = try org.requireID()
        try await db.writeTransaction { tx in
            let before = changeSummary(org, valid)
            let primary = try await Territory.require(code: valid.departement, on: tx).1
            let moved = valid.departement != org.primaryTerritoryCode
            var resubmitted = false
            if !Permissions.animates(primary, viewer), moved || org.statusValue == .rejected {
                org.status = OrganizationStatus.pending.rawValue
                org.statusReason = nil
                resubmitted = true
            }
            apply(valid, to: org)
            try await org.save(on: tx)
            try await replaceDetails(of: id, with: valid, on: tx)
            try await placeInTerritories(id, primary: primary, wanted: valid.extraTerritories, by: viewer, change: change, on: tx)
            if resubmitted { try await askForValidation(id, name: valid.name, commune: valid.commune, territory: primary, change: change, on: tx) }
            try await Audit.record(
                on: tx, viewer: viewer, action: .structureUpdated, about: .structure(id), territory: primary,
                summary: "Modification de « \(valid.name) »" + (before.isEmpty ? "" : " : " + before)
                    + (resubmitted ? " — renvoyée pour validation" : ""))
        }
        index.invalidate()
    }

    enum DecisionError: AbortError {
        case alreadyDecided
        var status: HTTPResponseStatus { .conflict }
        var reason: String { "Cette structure n'est plus en attente : elle a déjà été validée ou refusée, peut-être par quelqu'un d'autre. Rechargez la page." }
    }

    /// Only a pending structure can be validated or refused, once: the update is conditional on the status,
    /// so two decisions sent together give one change and one 409 (issue 11, finding 9).
    static func decide(
        _ org: Organization, validate: Bool, reason: String, by viewer: Viewer, on db: any Database, index: DirectoryIndexStore,
        change: ChangeContext = ChangeContext()
    ) async throws {
        let id = try org.requireID()
        let territory = org.scope.primaryTerritoryID
        try await db.writeTransaction { tx in
            guard let sql = tx as? any SQLDatabase else { return }
            let changed = try await sql.update(Organization.schema)
                .set("status", to: (validate ? OrganizationStatus.validated : .rejected).rawValue)
                .set("status_reason", to: reason.isEmpty ? nil : reason)
                .set("updated_at", to: Date())
                .where("id", .equal, id).where("status", .equal, OrganizationStatus.pending.rawValue)
                .returning("id").all()
            guard !changed.isEmpty else { throw DecisionError.alreadyDecided }
            try await Notifier.notify(
                try await DirectoryPeople.referents(of: id, on: tx), .structureDecision,
                title: validate ? "« \(org.name) » est validée" : "« \(org.name) » est refusée",
                body: validate
                    ? "Votre structure est visible dans l'annuaire de Maillage."
                    : "Motif : \(reason). Corrigez la fiche : elle repartira en validation.",
                link: DirectoryURL.organization(id), now: change.now, base: change.base, on: tx)
            try await Audit.record(
                on: tx, viewer: viewer, action: validate ? .structureValidated : .structureRejected,
                about: .structure(id), territory: territory,
                summary: (validate ? "Validation de « \(org.name) »" : "Refus de « \(org.name) »") + (reason.isEmpty ? "" : " : \(reason)"))
        }
        index.invalidate()
    }

    /// The territory of the address always; other territories when the person animates them or they were
    /// already accepted; the rest are requests for their animators.
    /// The animators of the structure's territory hear that it waits for them.
    private static func askForValidation(_ id: UUID, name: String, commune: String, territory: UUID, change: ChangeContext, on db: any Database) async throws {
        try await Notifier.notify(
            try await DirectoryPeople.animators(of: territory, on: db), .structureToValidate,
            title: "« \(name) » attend votre validation", body: "Une structure de \(commune) s'est inscrite : validez-la ou refusez-la avec un motif.",
            link: DirectoryURL.moderation.path, now: change.now, base: change.base, on: db)
    }

    private static func placeInTerritories(
        _ id: UUID, primary: UUID, wanted codes: [String], by viewer: Viewer, change: ChangeContext,
        on db: any Database
    ) async throws {
        let wanted = Set(try await Territory.query(on: db).filter(\.$code ~~ codes).all().compactMap(\.id)).subtracting([primary])
        let links = try await OrganizationTerritory.query(on: db).filter(\.$organization.$id == id).all()
        let linked = Set(links.map { $0.$territory.id })
        let keep = wanted.filter { linked.contains($0) || Permissions.animates($0, viewer) }.union([primary])
        for link in links where !keep.contains(link.$territory.id) { try await link.delete(on: db) }
        for territory in keep.subtracting(linked) {
            let link = OrganizationTerritory()
            link.$organization.id = id
            link.$territory.id = territory
            try await link.create(on: db)
        }
        let requests = try await TerritoryRequest.query(on: db).filter(\.$organization.$id == id).all()
        let requested = Set(requests.map { $0.$territory.id })
        let toRequest = wanted.subtracting(keep)
        for request in requests where !toRequest.contains(request.$territory.id) { try await request.delete(on: db) }
        for territory in toRequest.subtracting(requested) {
            let request = TerritoryRequest()
            request.$organization.id = id
            request.$territory.id = territory
            request.$requestedBy.id = viewer.userID
            try await request.create(on: db)
            try await Notifier.notify(
                try await DirectoryPeople.animators(of: territory, on: db), .territoryRequest,
                title: "Une structure demande à intervenir sur votre territoire",
                body: "Acceptez ou refusez sa demande depuis vos validations.", link: DirectoryURL.moderation.path,
                now: change.now, base: change.base, on: db)
        }
    }

    /// The animator of a requested territory accepts (the structure then acts there too) or refuses.
    static func answer(_ request: TerritoryRequest, accept: Bool, by viewer: Viewer, on db: any Database, index: DirectoryIndexStore) async throws {
        let territoryID = request.$territory.id
        try await db.writeTransaction { tx in
            guard let current = try await TerritoryRequest.find(request.id, on: tx) else { throw DecisionError.alreadyDecided }
            let org = try await OrganizationService.find(current.$organization.id, on: tx)
            try await current.delete(on: tx)
            if accept {
                let link = OrganizationTerritory()
                link.$organization.id = try org.requireID()
                link.$territory.id = territoryID
                try await link.create(on: tx)
            }
            try await Audit.record(
                on: tx, viewer: viewer, action: accept ? .territoryRequestAccepted : .territoryRequestRefused,
                about: .structure(org.id), territory: territoryID,
                summary: "« \(org.name) » \(accept ? "intervient désormais" : "n'intervient pas") sur ce territoire")
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

    private static func replaceDetails(of id: UUID, with v: ValidOrganization, on db: any Database) async throws {
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
        guard
            let org = try await Organization.query(on: db).filter(\.$id == id)
                .with(\.$territories).with(\.$contacts).with(\.$capacities).with(\.$territoryRequests, { $0.with(\.$territory) }).first()
        else {
            throw Abort(.notFound, reason: "Cette structure n'existe pas (ou plus).")
        }
        return org
    }
}

extension Organization {
    /// The structure as its page shows it (loaded with `OrganizationService.find`).
    func details(now: Date) throws -> OrganizationShowPage.Details {
        OrganizationShowPage.Details(
            id: try requireID(), name: name, category: categoryValue, categoryCode: category, status: statusValue, statusReason: statusReason,
            summary: summary, services: services,
            hours: HoursSummary.make(openingHours, departement: primaryTerritoryCode, now: now), address: address, postalCode: postalCode, commune: commune,
            email: email, phone: phone, website: website, siret: siret,
            territories: ($territories.value ?? []).map(\.summary).sorted { $0.code < $1.code },
            requestedTerritories: ($territoryRequests.value ?? []).compactMap { $0.$territory.value?.summary }.sorted { $0.code < $1.code },
            contacts: ($contacts.value ?? []).map { .init(id: $0.id, name: $0.name, role: $0.role, email: $0.email, phone: $0.phone) }.sorted {
                $0.name < $1.name
            },
            storage: ($capacities.value ?? []).compactMap { c in
                TemperatureClass(rawValue: c.temperature).map { .init(temperature: $0, kg: c.capacityKg, note: c.note) }
            },
            updatedAt: updatedAt, checkedAgo: checkedAt.map { Freshness.ago($0, now: now) } ?? "il y a longtemps",
            isStale: Freshness.isStale(checkedAt, now: now))
    }

    /// The département of its address: the territory that moderates it.
    var primaryTerritoryCode: String { Organization.departement(insee: inseeCode, postalCode: postalCode) }

    var scope: OrganizationScope {
        let territories = $territories.value ?? []
        return OrganizationScope(
            id: id ?? UUID(), primaryTerritoryID: territories.first { $0.code == primaryTerritoryCode }?.id,
            territoryIDs: Set(territories.compactMap(\.id)))
    }

    /// The stored structure as input, so that a PATCH or a form starts from what is there.
    var asInput: OrganizationInput {
        OrganizationInput(
            name: name, category: category, description: summary, services: services, address: address,
            postal_code: postalCode, commune: commune, latitude: latitude, longitude: longitude, siret: siret,
            email: email, phone: phone, website: website, opening_hours: openingHours,
            territories: (($territories.value?.map(\.code) ?? []) + ($territoryRequests.value?.map(\.territory.code) ?? []))
                .filter { $0 != primaryTerritoryCode }.sorted(),
            capacities: $capacities.value?.map { .init(temperature: $0.temperature, capacity_kg: $0.capacityKg, note: $0.note) },
            contacts: $contacts.value?.map { .init(name: $0.name, role: $0.role, email: $0.email, phone: $0.phone) })
    }
}
