import Fluent
import Foundation
import SQLKit
import Vapor

/// Two records of the same structure (typically one imported, one registered by hand): same SIRET,
/// or the same name within 200 m.
enum Duplicates {
    struct Candidate: Sendable {
        var id: UUID
        var name: String
        var siret: String?
        var point: GeoPoint
        var commune: String
        var source: String?
    }

    struct Pair: Sendable {
        var a: Candidate
        var b: Candidate
        var reason: String
    }

    static let maxMeters = 200.0

    static func find(_ list: [Candidate]) -> [Pair] {
        var pairs: [Pair] = []
        var seen: Set<String> = []
        func add(_ a: Candidate, _ b: Candidate, _ reason: String) {
            let (x, y) = a.id.uuidString < b.id.uuidString ? (a, b) : (b, a)
            if seen.insert(x.id.uuidString + y.id.uuidString).inserted { pairs.append(Pair(a: x, b: y, reason: reason)) }
        }
        for group in Dictionary(grouping: list.filter { $0.siret != nil }, by: { $0.siret ?? "" }).values where group.count > 1 {
            for i in 0..<group.count { for j in (i + 1)..<group.count { add(group[i], group[j], "même SIRET (\(group[i].siret ?? ""))") } }
        }
        for group in Dictionary(grouping: list, by: { TextFolding.words($0.name).joined(separator: " ") }).values where group.count > 1 {
            for i in 0..<group.count {
                for j in (i + 1)..<group.count {
                    let meters = group[i].point.distanceKm(to: group[j].point) * 1000
                    if meters <= maxMeters { add(group[i], group[j], "même nom à \(Int(meters.rounded())) m") }
                }
            }
        }
        return pairs.sorted { $0.a.name == $1.a.name ? $0.b.name < $1.b.name : $0.a.name < $1.a.name }
    }

    /// Merges `removed` into `kept`: fields `kept` lacks are filled, sources, services, contacts, storage, members,
    /// territories and partnerships move over, then `removed` is deleted. One transaction, one audit line.
    static func merge(keep keptID: UUID, remove removedID: UUID, by viewer: Viewer, on db: any Database, index: DirectoryIndexStore) async throws
        -> Organization
    {
        guard keptID != removedID else { throw Abort(.badRequest, reason: "Une structure ne peut pas être fusionnée avec elle-même.") }
        let kept = try await OrganizationService.find(keptID, on: db)
        let removed = try await OrganizationService.find(removedID, on: db)
        guard Permissions.isModerator(of: kept.scope, viewer), Permissions.isModerator(of: removed.scope, viewer) else {
            throw Abort(.forbidden, reason: "Il faut animer le territoire des deux structures pour les fusionner.")
        }
        try await db.writeTransaction { tx in
            if kept.siret == nil { kept.siret = removed.siret }
            if kept.email == nil { kept.email = removed.email }
            if kept.phone == nil { kept.phone = removed.phone }
            if kept.website == nil { kept.website = removed.website }
            if kept.inseeCode == nil { kept.inseeCode = removed.inseeCode }
            if kept.openingHours.isEmpty { kept.openingHours = removed.openingHours }
            if kept.summary.isEmpty { kept.summary = removed.summary }
            if kept.address.isEmpty { kept.address = removed.address }
            if kept.services.isEmpty {
                kept.services = removed.services
            } else if !removed.services.isEmpty, !kept.services.contains(removed.services) {
                kept.services += "\n" + removed.services
            }
            try await kept.save(on: tx)
            guard let sql = tx as? any SQLDatabase else { return }
            for table in [OrganizationSource.schema, ServiceOffer.schema, Contact.schema, Capacity.schema] {
                try await sql.update(table).set("organization_id", to: keptID).where("organization_id", .equal, removedID).run()
            }
            let keptMembers = Set(try await Membership.query(on: tx).filter(\.$organization.$id == keptID).all().map { $0.$user.id })
            for m in try await Membership.query(on: tx).filter(\.$organization.$id == removedID).all() where !keptMembers.contains(m.$user.id) {
                m.$organization.id = keptID
                try await m.save(on: tx)
            }
            let keptTerritories = Set(kept.$territories.value?.compactMap(\.id) ?? [])
            for t in removed.$territories.value ?? [] {
                guard let tid = t.id, !keptTerritories.contains(tid) else { continue }
                let link = OrganizationTerritory()
                link.$organization.id = keptID
                link.$territory.id = tid
                try await link.create(on: tx)
            }
            let existing = try await Partnership.query(on: tx).group(.or) { $0.filter(\.$organization.$id == keptID).filter(\.$partner.$id == keptID) }.all()
            var pairs = Set(existing.map { [$0.$organization.id, $0.$partner.id].map(\.uuidString).sorted().joined() })
            let moved = try await Partnership.query(on: tx).group(.or) { $0.filter(\.$organization.$id == removedID).filter(\.$partner.$id == removedID) }.all()
            for p in moved {
                let a = p.$organization.id == removedID ? keptID : p.$organization.id
                let b = p.$partner.id == removedID ? keptID : p.$partner.id
                let key = [a, b].map(\.uuidString).sorted().joined()
                if a == b || !pairs.insert(key).inserted { try await p.delete(on: tx); continue }
                p.$organization.id = a
                p.$partner.id = b
                try await p.save(on: tx)
            }
            try await removed.delete(on: tx)
            try await Audit.record(
                on: tx, viewer: viewer, action: .structuresMerged, about: .structure(keptID), territory: kept.scope.primaryTerritoryID,
                summary: "« \(removed.name) » (\(removed.commune)) fusionnée dans « \(kept.name) »")
        }
        index.invalidate()
        return kept
    }
}

enum DuplicatesController {
    @Sendable static func list(req: Request) async throws -> Response {
        let viewer = try req.requireAnimator()
        let territories = viewer.isAdmin ? try await Territory.query(on: req.db).all().compactMap(\.id) : Array(viewer.animatedTerritoryIDs)
        let ids = Set(try await OrganizationTerritory.query(on: req.db).filter(\.$territory.$id ~~ territories).all().map { $0.$organization.id })
        var candidates: [Duplicates.Candidate] = []
        var sources: [UUID: String] = [:]
        for chunk in Array(ids).chunked(into: 500) {
            let list = Array(chunk)
            for s in try await OrganizationSource.query(on: req.db).filter(\.$organization.$id ~~ list).all() { sources[s.$organization.id] = s.source }
            for o in try await Organization.query(on: req.db).filter(\.$id ~~ list).filter(\.$status != OrganizationStatus.rejected.rawValue).all() {
                guard let id = o.id else { continue }
                candidates.append(.init(id: id, name: o.name, siret: o.siret, point: o.point, commune: o.commune, source: sources[id]))
            }
        }
        let pairs = Duplicates.find(candidates)
        return DuplicatesPage.View(context: PageContext(req), model: .init(pairs: pairs)).response(on: req)
    }

    struct MergeForm: Content { var keep: UUID?; var remove: UUID? }

    @Sendable static func merge(req: Request) async throws -> Response {
        let viewer = try req.requireAnimator()
        let form = try req.content.decode(MergeForm.self)
        guard let keep = form.keep, let remove = form.remove else { throw Abort(.badRequest, reason: "Structures à fusionner manquantes.") }
        let kept = try await Duplicates.merge(keep: keep, remove: remove, by: viewer, on: req.db, index: req.directoryIndex)
        return Flash.redirect(req, to: DirectoryURL.duplicates.path, notice: "Fusion faite : tout est maintenant sur la fiche « \(kept.name) ».")
    }
}
