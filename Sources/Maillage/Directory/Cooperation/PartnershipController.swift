import Fluent
import Foundation
import SQLKit
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

    /// A declared partnership the other side has not confirmed yet.
    struct Proposal {
        var partnershipID: UUID
        var otherID: UUID
        var otherName: String
        var summary: String
    }

    var partners: [Partner]
    /// Proposals this structure received (its people confirm or decline) and sent (waiting).
    var received: [Proposal]
    var sent: [Proposal]
    /// Structures of the same territories that could be declared as partners (for the form).
    var candidates: [(UUID, String)]
    var sources: [Source]
    var offers: [Offer]

    /// Where the structure's data came from.
    struct Source: Equatable {
        var source: String
        var sourceID: String
        var sourceUpdated: String
        var importedAt: Date?
        var provenance: Provenance?
    }

    /// A service of the structure, described by it or published by an outside directory; vocabulary as labels.
    struct Offer: Equatable {
        var id: UUID?
        var name: String
        var summary: String
        var fees: String?
        var openingHours: String?
        var themes: [String] = []
        var publics: [String] = []
        var modes: [String] = []
        var conditions = ""
        /// Described in Maillage: its people edit it; otherwise it is corrected at its source.
        var isNative = false
        var source = ""
    }

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
        // Only validated structures show as partners (issue 11, finding 13).
        let others = try await Organization.query(on: db).filter(\.$id ~~ Array(byPartner.keys))
            .filter(\.$status == OrganizationStatus.validated.rawValue).all()
        for o in others { if let oid = o.id { byPartner[oid]?.name = o.name } }
        let waiting = declared.filter { $0.confirmedAt == nil }
        let names = Dictionary(
            try await Organization.query(on: db).filter(\.$id ~~ waiting.flatMap { [$0.$organization.id, $0.$partner.id] }).all()
                .compactMap { o in o.id.map { ($0, o.name) } }, uniquingKeysWith: { a, _ in a })
        func proposal(_ p: Partnership, other: UUID) -> Proposal? {
            guard let pid = p.id, let name = names[other] else { return nil }
            return Proposal(partnershipID: pid, otherID: other, otherName: name, summary: p.summary)
        }
        var candidates: [(UUID, String)] = []
        if withCandidates {
            let territories = org.$territories.value?.compactMap(\.id) ?? []
            let linked = try await OrganizationTerritory.query(on: db).filter(\.$territory.$id ~~ territories).all().map { $0.$organization.id }
            let proposed = declared.flatMap { [$0.$organization.id, $0.$partner.id] }
            let set = Set(linked).subtracting([id]).subtracting(byPartner.keys).subtracting(proposed)
            for chunk in Array(set).chunked(into: 500) {
                for o in try await Organization.query(on: db).filter(\.$id ~~ Array(chunk)).filter(\.$status == OrganizationStatus.validated.rawValue).all() {
                    if let oid = o.id { candidates.append((oid, "\(o.name) (\(o.commune))")) }
                }
            }
            candidates.sort { $0.1.localizedStandardCompare($1.1) == .orderedAscending }
        }
        return OrganizationSurroundings(
            partners: byPartner.values.filter { !$0.name.isEmpty }.sorted { $0.name < $1.name },
            received: waiting.filter { $0.$partner.id == id }.compactMap { proposal($0, other: $0.$organization.id) },
            sent: waiting.filter { $0.$organization.id == id }.compactMap { proposal($0, other: $0.$partner.id) },
            candidates: candidates,
            sources: try await OrganizationSource.query(on: db).filter(\.$organization.$id == id).sort(\.$importedAt).all().map {
                Source(source: $0.source, sourceID: $0.sourceID, sourceUpdated: $0.sourceUpdated, importedAt: $0.importedAt, provenance: $0.provenanceValue)
            },
            offers: try await ServiceOffer.query(on: db).filter(\.$organization.$id == id).sort(\.$name).all().map { o in
                let v = ServiceVocabulary.shared
                return Offer(
                    id: o.id, name: o.name, summary: o.summary, fees: o.fees.map(v.feeLabel), openingHours: o.openingHours,
                    themes: o.themeList.map(v.themeLabel), publics: o.publicList.map(v.publicLabel), modes: o.receptionModeList.map(v.modeLabel),
                    conditions: o.accessConditions, isNative: o.isNative, source: o.source)
            })
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
        let back = DirectoryURL.organization(orgID) + "#partenaires"
        guard let raw = form.partner, let partnerID = UUID(uuidString: raw), partnerID != orgID,
            let partner = try await Organization.find(partnerID, on: req.db), partner.statusValue == .validated
        else {
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
        // Someone who speaks for both structures needs no one's confirmation.
        let speaksForBoth = Permissions.canEdit(try await OrganizationService.find(partnerID, on: req.db).scope, viewer)
        let change = req.change
        try await req.db.writeTransaction { tx in
            let p = Partnership()
            p.$organization.id = orgID
            p.$partner.id = partnerID
            p.$declaredBy.id = viewer.userID
            p.summary = description
            p.since = Date()
            p.confirmedAt = speaksForBoth ? Date() : nil
            try await p.create(on: tx)
            if !speaksForBoth {
                try await Notifier.notify(
                    try await DirectoryPeople.members(of: partnerID, on: tx), .partnershipProposed,
                    title: "« \(org.name) » dit travailler avec « \(partner.name) »",
                    body: "Confirmez ce partenariat s'il est réel : il apparaîtra alors sur vos deux fiches."
                        + (description.isEmpty ? "" : " (\(description))"),
                    link: DirectoryURL.organization(partnerID) + "#partenaires", now: change.now, base: change.base, on: tx)
            }
            try await Audit.record(
                on: tx, viewer: viewer, action: .partnershipDeclared, about: .structure(orgID), territory: org.scope.primaryTerritoryID,
                summary: "« \(org.name) » déclare travailler avec « \(partner.name) »" + (description.isEmpty ? "" : " : \(description)"))
        }
        return Flash.redirect(
            req, to: back,
            notice: speaksForBoth
                ? "Partenariat avec « \(partner.name) » enregistré."
                : "Partenariat proposé à « \(partner.name) » : il apparaîtra dès que ses membres l'auront confirmé.")
    }

    /// The partner's people confirm a proposal (it then shows publicly and feeds the cooperation graph) or decline it.
    @Sendable static func answer(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let org = try await OrganizationService.find(try DirectoryAPIController.requireID(req), on: req.db)
        let orgID = try org.requireID()
        guard Permissions.canEdit(org.scope, viewer) else {
            throw Abort(.forbidden, reason: "Seuls les membres de la structure sollicitée répondent à cette proposition.")
        }
        guard let pid = req.parameters.get("partnershipID", as: UUID.self), let p = try await Partnership.find(pid, on: req.db),
            p.$partner.id == orgID, p.confirmedAt == nil
        else {
            throw Abort(.notFound, reason: "Cette proposition n'existe plus (ou a déjà reçu une réponse).")
        }
        let confirm = (try? req.content.get(String.self, at: "decision")) == "confirmer"
        let declarer = try await Organization.find(p.$organization.id, on: req.db)?.name ?? "?"
        let declarerID = p.$organization.id
        let change = req.change
        try await req.db.writeTransaction { tx in
            guard let sql = tx as? any SQLDatabase else { return }
            // Conditional, so that two answers sent together make one change.
            let changed =
                confirm
                ? try await sql.update(Partnership.schema).set("confirmed_at", to: Date()).where("id", .equal, pid).where("confirmed_at", .is, SQLLiteral.null)
                    .returning("id").all()
                : try await sql.delete(from: Partnership.schema).where("id", .equal, pid).where("confirmed_at", .is, SQLLiteral.null).returning("id").all()
            guard !changed.isEmpty else { throw OrganizationService.DecisionError.alreadyDecided }
            try await Notifier.notify(
                try await DirectoryPeople.members(of: declarerID, on: tx), .partnershipAnswered,
                title: "« \(org.name) » \(confirm ? "confirme" : "décline") votre partenariat",
                body: confirm
                    ? "Le partenariat apparaît sur vos deux fiches et dans le graphe des coopérations."
                    : "Le partenariat proposé ne sera pas affiché.",
                link: DirectoryURL.organization(declarerID) + "#partenaires", now: change.now, base: change.base, on: tx)
            try await Audit.record(
                on: tx, viewer: viewer, action: confirm ? .partnershipConfirmed : .partnershipDeclined,
                about: .structure(orgID), territory: org.scope.primaryTerritoryID,
                summary: "« \(org.name) » \(confirm ? "confirme" : "décline") le partenariat proposé par « \(declarer) »")
        }
        return Flash.redirect(
            req, to: DirectoryURL.organization(orgID) + "#partenaires",
            notice: confirm
                ? "Partenariat avec « \(declarer) » confirmé." : "Proposition de « \(declarer) » déclinée.")
    }

    @Sendable static func remove(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let org = try await OrganizationService.find(try DirectoryAPIController.requireID(req), on: req.db)
        let orgID = try org.requireID()
        guard let pid = req.parameters.get("partnershipID", as: UUID.self), let p = try await Partnership.find(pid, on: req.db),
            p.$organization.id == orgID || p.$partner.id == orgID
        else {
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
            try await Audit.record(
                on: tx, viewer: viewer, action: .partnershipRemoved, about: .structure(orgID), territory: org.scope.primaryTerritoryID,
                summary: "Partenariat retiré de « \(org.name) »")
        }
        return Flash.redirect(req, to: DirectoryURL.organization(orgID) + "#partenaires", notice: "Le partenariat est retiré.")
    }
}
