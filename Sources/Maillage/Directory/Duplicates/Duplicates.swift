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
    /// territories and partnerships move over, `removed` becomes "merged" (its address redirects to `kept`). What
    /// moved is kept in the merge's snapshot, so that it can be undone for 30 days. One transaction, one audit line.
    static func merge(keep keptID: UUID, remove removedID: UUID, by viewer: Viewer, now: Date, on db: any Database, index: DirectoryIndexStore)
        async throws -> Organization
    {
        guard keptID != removedID else { throw Abort(.unprocessableEntity, reason: "Une structure ne peut pas être fusionnée avec elle-même.") }
        let kept = try await OrganizationService.find(keptID, on: db)
        let removed = try await OrganizationService.find(removedID, on: db)
        guard Permissions.isModerator(of: kept.scope, viewer), Permissions.isModerator(of: removed.scope, viewer) else {
            throw Abort(.forbidden, reason: "Il faut animer le territoire des deux structures pour les fusionner.")
        }
        guard kept.statusValue != .merged else {
            throw Abort(.conflict, reason: "La fiche à garder a elle-même été fusionnée : choisissez celle qui la remplace.")
        }
        try await db.writeTransaction { tx in
            guard let sql = tx as? any SQLDatabase else { return }
            // The merged-away fiche changes state once: a second merge of it, even at the same moment, is refused.
            let claimed = try await sql.update(Organization.schema).set("status", to: OrganizationStatus.merged.rawValue)
                .where("id", .equal, removedID).where("status", .in, [OrganizationStatus.pending.rawValue, OrganizationStatus.validated.rawValue])
                .returning("id").all()
            guard !claimed.isEmpty else { throw Abort(.conflict, reason: "« \(removed.name) » a déjà été fusionnée ou refusée.") }
            var snapshot = MergeSnapshot()
            for f in mergeFields {
                let before = f.read(kept)
                let after = mergedValue(column: f.column, kept: before, removed: f.read(removed))
                guard after != before else { continue }
                snapshot.fieldsBefore[f.column] = .some(before)
                snapshot.fieldsAfter[f.column] = .some(after)
                f.write(kept, after)
            }
            try await kept.save(on: tx)
            for table in [OrganizationSource.schema, ServiceOffer.schema, Contact.schema, Capacity.schema] {
                let rows = try await sql.select().column("id").from(table).where("organization_id", .equal, removedID).all()
                let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
                snapshot.moved[table] = ids
                if !ids.isEmpty { try await sql.update(table).set("organization_id", to: keptID).where("id", .in, ids).run() }
            }
            // Members move unless they already belong to the kept fiche (they stay on the other, for an undo).
            let keptMembers = Set(try await Membership.query(on: tx).filter(\.$organization.$id == keptID).all().map { $0.$user.id })
            var movedMembers: [UUID] = []
            for m in try await Membership.query(on: tx).filter(\.$organization.$id == removedID).all() where !keptMembers.contains(m.$user.id) {
                m.$organization.id = keptID
                try await m.save(on: tx)
                if let id = m.id { movedMembers.append(id) }
            }
            snapshot.moved[Membership.schema] = movedMembers
            let keptTerritories = Set(kept.$territories.value?.compactMap(\.id) ?? [])
            for t in removed.$territories.value ?? [] {
                guard let tid = t.id, !keptTerritories.contains(tid) else { continue }
                let link = OrganizationTerritory()
                link.$organization.id = keptID
                link.$territory.id = tid
                try await link.create(on: tx)
                if let id = link.id { snapshot.addedTerritoryLinks.append(id) }
            }
            // Partnerships move unless the kept fiche already has the same one (or it would join it to itself).
            let existing = try await Partnership.query(on: tx).group(.or) { $0.filter(\.$organization.$id == keptID).filter(\.$partner.$id == keptID) }.all()
            var pairs = Set(existing.map { [$0.$organization.id, $0.$partner.id].map(\.uuidString).sorted().joined() })
            let attached = try await Partnership.query(on: tx).group(.or) { $0.filter(\.$organization.$id == removedID).filter(\.$partner.$id == removedID) }
                .all()
            for p in attached {
                let a = p.$organization.id == removedID ? keptID : p.$organization.id
                let b = p.$partner.id == removedID ? keptID : p.$partner.id
                guard a != b, pairs.insert([a, b].map(\.uuidString).sorted().joined()).inserted, let id = p.id else { continue }
                snapshot.partnerships.append(.init(id: id, organization: p.$organization.id, partner: p.$partner.id))
                p.$organization.id = a
                p.$partner.id = b
                try await p.save(on: tx)
            }
            let merge = Merge()
            merge.$kept.id = keptID
            merge.$removed.id = removedID
            merge.removedStatus = removed.status
            merge.snapshot = String(decoding: try JSONEncoder().encode(snapshot), as: UTF8.self)
            merge.$mergedBy.id = viewer.userID
            merge.mergedAt = now
            try await merge.create(on: tx)
            try await Audit.record(
                on: tx, viewer: viewer, action: .structuresMerged, about: .structure(keptID), territory: kept.scope.primaryTerritoryID,
                summary: "« \(removed.name) » (\(removed.commune)) fusionnée dans « \(kept.name) »", at: now)
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
            for o in try await Organization.query(on: req.db).filter(\.$id ~~ list)
                .filter(\.$status ~~ [OrganizationStatus.pending.rawValue, OrganizationStatus.validated.rawValue]).all()
            {
                guard let id = o.id else { continue }
                candidates.append(.init(id: id, name: o.name, siret: o.siret, point: o.point, commune: o.commune, source: sources[id]))
            }
        }
        let pairs = Duplicates.find(candidates)
        // Merges of the last 30 days on these territories, to undo if one was a mistake.
        let now = req.clock.now
        let recent = try await Merge.query(on: req.db).filter(\.$undoneAt == nil)
            .filter(\.$mergedAt > now.addingTimeInterval(-Merge.undoWindow)).filter(\.$kept.$id ~~ Array(ids))
            .with(\.$kept).with(\.$removed).sort(\.$mergedAt, .descending).all()
        let merges = recent.compactMap { m -> DuplicatesPage.RecentMerge? in
            guard let id = m.id else { return nil }
            return .init(
                id: id, keptID: m.$kept.id, kept: m.kept.name, removed: "\(m.removed.name) (\(m.removed.commune))", mergedAt: m.mergedAt,
                daysLeft: max(0, Int((m.mergedAt.addingTimeInterval(Merge.undoWindow).timeIntervalSince(now) / 86_400).rounded(.down))))
        }
        return DuplicatesPage.View(context: PageContext(req), model: .init(pairs: pairs, merges: merges)).response(on: req)
    }

    struct MergeForm: Content { var keep: UUID?; var remove: UUID? }

    /// The two fiches field by field, and what the kept one becomes, before anything is done.
    @Sendable static func preview(req: Request) async throws -> Response {
        let viewer = try req.requireAnimator()
        guard let keep = req.query[UUID.self, at: "garder"], let remove = req.query[UUID.self, at: "retirer"] else {
            throw Abort(.unprocessableEntity, reason: "Choisissez les deux fiches à fusionner depuis la liste des doublons.")
        }
        guard keep != remove else { throw Abort(.unprocessableEntity, reason: "Une structure ne peut pas être fusionnée avec elle-même.") }
        let kept = try await OrganizationService.find(keep, on: req.db)
        let removed = try await OrganizationService.find(remove, on: req.db)
        guard Permissions.isModerator(of: kept.scope, viewer), Permissions.isModerator(of: removed.scope, viewer) else {
            throw Abort(.forbidden, reason: "Il faut animer le territoire des deux structures pour les fusionner.")
        }
        let preview = try Duplicates.preview(
            keep: kept, remove: removed, counts: (try await Duplicates.counts(of: keep, on: req.db), try await Duplicates.counts(of: remove, on: req.db)))
        return MergePreviewPage.View(context: PageContext(req), model: .init(preview: preview)).response(on: req)
    }

    @Sendable static func merge(req: Request) async throws -> Response {
        let viewer = try req.requireAnimator()
        let form = try req.content.decode(MergeForm.self)
        guard let keep = form.keep, let remove = form.remove else {
            throw Abort(.unprocessableEntity, reason: "Choisissez les deux fiches à fusionner depuis la liste des doublons.")
        }
        let kept = try await Duplicates.merge(keep: keep, remove: remove, by: viewer, now: req.clock.now, on: req.db, index: req.directoryIndex)
        return Flash.redirect(
            req, to: DirectoryURL.organization(try kept.requireID()),
            notice: "Fusion faite : tout est maintenant sur cette fiche. Vous pouvez l'annuler pendant 30 jours depuis la page des doublons.")
    }

    @Sendable static func undo(req: Request) async throws -> Response {
        let viewer = try req.requireAnimator()
        let id = try DirectoryURL.mergeUndo.value(of: req)
        let restored = try await Duplicates.undo(id, by: viewer, now: req.clock.now, on: req.db, index: req.directoryIndex)
        return Flash.redirect(
            req, to: DirectoryURL.organization(try restored.requireID()), notice: "Fusion annulée : les deux fiches sont de nouveau séparées.")
    }
}
