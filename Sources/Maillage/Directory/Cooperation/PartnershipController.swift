import Fluent
import Foundation
import Vapor

/// What the structure page shows beyond the structure itself: its partners and, for animators, where its data comes from.
struct OrganizationSurroundings {
    struct Partner {
        var id: UUID
        var name: String
        var kinds: [String]
        var since: Date
        /// The declared partnership row, when this link is one (it can then be removed).
        var partnershipID: UUID?
    }

    var partners: [Partner]
    /// Structures of the same territories that could be declared as partners (for the form).
    var candidates: [(UUID, String)]
    var sources: [OrganizationSource]
    var offers: [ServiceOffer]

    static func load(_ org: Organization, withCandidates: Bool, on db: any Database) async throws -> OrganizationSurroundings {
        let id = try org.requireID()
        let edges = try await Cooperation.edges(touching: [id], on: db)
        let declared = try await Partnership.query(on: db).group(.or) { $0.filter(\.$organization.$id == id).filter(\.$partner.$id == id) }.all()
        var byPartner: [UUID: Partner] = [:]
        for e in edges {
            let other = e.a == id ? e.b : e.a
            var p = byPartner[other] ?? Partner(id: other, name: "", kinds: [], since: e.at)
            if !p.kinds.contains(e.kind) { p.kinds.append(e.kind) }
            p.since = min(p.since, e.at)
            p.partnershipID = p.partnershipID ?? declared.first { ($0.$organization.id == other || $0.$partner.id == other) }?.id
            byPartner[other] = p
        }
        let others = try await Organization.query(on: db).filter(\.$id ~~ Array(byPartner.keys)).all()
        for o in others { if let oid = o.id { byPartner[oid]?.name = o.name } }
        var candidates: [(UUID, String)] = []
        if withCandidates {
            let territories = org.$territories.value?.compactMap(\.id) ?? []
            let linked = try await OrganizationTerritory.query(on: db).filter(\.$territory.$id ~~ territories).all().map { $0.$organization.id }
            let set = Set(linked).subtracting([id]).subtracting(byPartner.keys)
            for chunk in Array(set).chunked(into: 500) {
                for o in try await Organization.query(on: db).filter(\.$id ~~ Array(chunk)).filter(\.$status == OrganizationStatus.validated.rawValue).all() {
                    if let oid = o.id { candidates.append((oid, "\(o.name) (\(o.commune))")) }
                }
            }
            candidates.sort { $0.1.localizedStandardCompare($1.1) == .orderedAscending }
        }
        return OrganizationSurroundings(
            partners: byPartner.values.filter { !$0.name.isEmpty }.sorted { $0.name < $1.name }, candidates: candidates,
            sources: try await OrganizationSource.query(on: db).filter(\.$organization.$id == id).sort(\.$importedAt).all(),
            offers: try await ServiceOffer.query(on: db).filter(\.$organization.$id == id).sort(\.$name).all())
    }
}

enum PartnershipController {
    struct Declaration: Content {
        var partner: String?
        var description: String?
    }

    @Sendable static func declare(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let org = try await OrganizationService.find(try DirectoryAPIController.requireID(req), on: req.db)
        let orgID = try org.requireID()
        guard Permissions.canEdit(org.scope, viewer) else {
            throw Abort(.forbidden, reason: "Seuls les membres de la structure (ou les animateur·rices) peuvent déclarer ses partenaires.")
        }
        let form = try req.content.decode(Declaration.self)
        let back = SiteURL.organization.path(orgID) + "#partenaires"
        guard let raw = form.partner, let partnerID = UUID(uuidString: raw), partnerID != orgID,
              let partner = try await Organization.find(partnerID, on: req.db), partner.statusValue == .validated else {
            return Flash.redirect(req, to: back, notice: "Choisissez le partenaire dans la liste.")
        }
        let description = (form.description ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard description.count <= 200 else {
            return Flash.redirect(req, to: back, notice: "La description du partenariat est trop longue (200 caractères au plus).")
        }
        let exists = try await Partnership.query(on: req.db).group(.or) { g in
            g.group(.and) { $0.filter(\.$organization.$id == orgID).filter(\.$partner.$id == partnerID) }
            g.group(.and) { $0.filter(\.$organization.$id == partnerID).filter(\.$partner.$id == orgID) }
        }.first()
        if exists != nil { return Flash.redirect(req, to: back, notice: "« \(partner.name) » est déjà déclarée comme partenaire.") }
        try await req.db.writeTransaction { tx in
            let p = Partnership()
            p.$organization.id = orgID
            p.$partner.id = partnerID
            p.$declaredBy.id = viewer.userID
            p.summary = description
            p.since = Date()
            try await p.create(on: tx)
            try await Audit.record(on: tx, viewer: viewer, action: "partenariat.déclaration", entityType: "structure", entityID: orgID, territory: org.scope.primaryTerritoryID,
                                   summary: "« \(org.name) » déclare travailler avec « \(partner.name) »" + (description.isEmpty ? "" : " : \(description)"))
        }
        return Flash.redirect(req, to: back, notice: "Partenariat avec « \(partner.name) » enregistré.")
    }

    @Sendable static func remove(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let org = try await OrganizationService.find(try DirectoryAPIController.requireID(req), on: req.db)
        let orgID = try org.requireID()
        guard let pid = req.parameters.get("partnershipID", as: UUID.self), let p = try await Partnership.find(pid, on: req.db),
              p.$organization.id == orgID || p.$partner.id == orgID else {
            throw Abort(.notFound, reason: "Ce partenariat n'existe pas (ou plus).")
        }
        // Either side may end a declared partnership.
        let other = p.$organization.id == orgID ? p.$partner.id : p.$organization.id
        let otherScope = try await OrganizationService.find(other, on: req.db).scope
        guard Permissions.canEdit(org.scope, viewer) || Permissions.canEdit(otherScope, viewer) else {
            throw Abort(.forbidden, reason: "Seuls les membres d'une des deux structures peuvent retirer ce partenariat.")
        }
        try await req.db.writeTransaction { tx in
            try await p.delete(on: tx)
            try await Audit.record(on: tx, viewer: viewer, action: "partenariat.retrait", entityType: "structure", entityID: orgID, territory: org.scope.primaryTerritoryID,
                                   summary: "Partenariat retiré de « \(org.name) »")
        }
        return Flash.redirect(req, to: SiteURL.organization.path(orgID) + "#partenaires", notice: "Le partenariat est retiré.")
    }
}
