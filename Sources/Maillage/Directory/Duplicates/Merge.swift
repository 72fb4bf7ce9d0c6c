import Fluent
import Foundation
import SQLKit
import Vapor

/// One merge of two fiches: the kept one, the merged-away one and its status before, and what moved (the snapshot),
/// so that it can be undone for 30 days.
final class Merge: Model, @unchecked Sendable {
    static let schema = "merges"
    @ID(key: .id) var id: UUID?
    // data
    @Field(key: "removed_status") var removedStatus: String
    /// `MergeSnapshot` as JSON.
    @Field(key: "snapshot") var snapshot: String
    // relations
    @Parent(key: "kept_id") var kept: Organization
    @Parent(key: "removed_id") var removed: Organization
    @OptionalParent(key: "merged_by") var mergedBy: User?
    // timestamps
    @Field(key: "merged_at") var mergedAt: Date
    @OptionalField(key: "undone_at") var undoneAt: Date?
    init() {}

    static let undoWindow: TimeInterval = 30 * 86_400

    func canBeUndone(now: Date) -> Bool { undoneAt == nil && now.timeIntervalSince(mergedAt) <= Self.undoWindow }
}

/// What a merge changed, to put back.
struct MergeSnapshot: Codable, Sendable {
    struct PartnershipMove: Codable, Sendable {
        var id: UUID
        var organization: UUID
        var partner: UUID
    }
    /// The kept fiche's fields the merge filled in: before, and as the merge left them (restored only if unchanged).
    var fieldsBefore: [String: String?] = [:]
    var fieldsAfter: [String: String?] = [:]
    /// Rows moved from the merged-away fiche to the kept one, by table.
    var moved: [String: [UUID]] = [:]
    var addedTerritoryLinks: [UUID] = []
    var partnerships: [PartnershipMove] = []
}

/// The two fiches side by side before a merge, field by field, and what the kept one becomes.
struct MergePreview: Sendable {
    struct Line: Sendable, Equatable {
        var field: String
        var kept: String
        var removed: String
        var result: String
    }
    var kept: (id: UUID, name: String)
    var removed: (id: UUID, name: String)
    var lines: [Line]
}

extension Duplicates {
    /// The fields a merge may fill in on the kept fiche: (label, column, read, write).
    static let mergeFields: [(label: String, column: String, read: @Sendable (Organization) -> String?, write: @Sendable (Organization, String?) -> Void)] = [
        ("SIRET", "siret", { $0.siret }, { $0.siret = $1 }),
        ("E-mail", "email", { $0.email }, { $0.email = $1 }),
        ("Téléphone", "phone", { $0.phone }, { $0.phone = $1 }),
        ("Site", "website", { $0.website }, { $0.website = $1 }),
        ("Code INSEE", "insee_code", { $0.inseeCode }, { $0.inseeCode = $1 }),
        ("Horaires", "opening_hours", { $0.openingHours.isEmpty ? nil : $0.openingHours }, { $0.openingHours = $1 ?? "" }),
        ("Présentation", "description", { $0.summary.isEmpty ? nil : $0.summary }, { $0.summary = $1 ?? "" }),
        ("Adresse", "address", { $0.address.isEmpty ? nil : $0.address }, { $0.address = $1 ?? "" }),
        ("Services", "services", { $0.services.isEmpty ? nil : $0.services }, { $0.services = $1 ?? "" }),
    ]

    /// What the kept fiche's field becomes: its own value, else the other's; services are joined.
    static func mergedValue(column: String, kept: String?, removed: String?) -> String? {
        if column == "services", let k = kept, let r = removed, !k.contains(r) { return k + "\n" + r }
        return kept ?? removed
    }

    static func preview(keep kept: Organization, remove removed: Organization, counts: (kept: [String: Int], removed: [String: Int])) throws -> MergePreview {
        var lines: [MergePreview.Line] = [
            .init(field: "Nom", kept: kept.name, removed: removed.name, result: kept.name),
            .init(
                field: "Catégorie", kept: kept.categoryValue?.label ?? kept.category, removed: removed.categoryValue?.label ?? removed.category,
                result: kept.categoryValue?.label ?? kept.category),
            .init(
                field: "Commune", kept: "\(kept.postalCode) \(kept.commune)", removed: "\(removed.postalCode) \(removed.commune)",
                result: "\(kept.postalCode) \(kept.commune)"),
        ]
        for f in mergeFields {
            let k = f.read(kept), r = f.read(removed)
            let shown = { (v: String?) in f.column == "opening_hours" ? v.map(HoursText.sentence) ?? "—" : v ?? "—" }
            lines.append(.init(field: f.label, kept: shown(k), removed: shown(r), result: shown(mergedValue(column: f.column, kept: k, removed: r))))
        }
        for (key, label) in [
            ("contacts", "Interlocuteurs"), ("members", "Membres"), ("capacities", "Stockages"), ("services", "Services publiés"), ("sources", "Provenances"),
        ] {
            let k = counts.kept[key] ?? 0, r = counts.removed[key] ?? 0
            lines.append(.init(field: label, kept: "\(k)", removed: "\(r)", result: "\(k + r)"))
        }
        return MergePreview(kept: (try kept.requireID(), kept.name), removed: (try removed.requireID(), removed.name), lines: lines)
    }

    /// How many of each kind of attached rows a fiche has, for the preview.
    static func counts(of id: UUID, on db: any Database) async throws -> [String: Int] {
        [
            "contacts": try await Contact.query(on: db).filter(\.$organization.$id == id).count(),
            "members": try await Membership.query(on: db).filter(\.$organization.$id == id).count(),
            "capacities": try await Capacity.query(on: db).filter(\.$organization.$id == id).count(),
            "services": try await ServiceOffer.query(on: db).filter(\.$organization.$id == id).count(),
            "sources": try await OrganizationSource.query(on: db).filter(\.$organization.$id == id).count(),
        ]
    }

    /// Puts back what a merge moved and brings the merged-away fiche back, within 30 days. The kept fiche's fields
    /// are restored only where nobody changed them since.
    static func undo(_ mergeID: UUID, by viewer: Viewer, now: Date, on db: any Database, index: DirectoryIndexStore) async throws -> Organization {
        guard let merge = try await Merge.find(mergeID, on: db) else { throw Abort(.notFound, reason: "Cette fusion n'existe pas.") }
        let kept = try await OrganizationService.find(merge.$kept.id, on: db)
        let removed = try await OrganizationService.find(merge.$removed.id, on: db)
        guard Permissions.isModerator(of: kept.scope, viewer) || Permissions.isModerator(of: removed.scope, viewer) else {
            throw Abort(.forbidden, reason: "Seuls les animateur·rices du territoire peuvent annuler cette fusion.")
        }
        guard merge.canBeUndone(now: now) else {
            throw Abort(
                .gone,
                reason: merge.undoneAt != nil
                    ? "Cette fusion a déjà été annulée."
                    : "Une fusion ne peut être annulée que pendant 30 jours : celle-ci date du \(Format.date(merge.mergedAt)).")
        }
        let snapshot = try JSONDecoder().decode(MergeSnapshot.self, from: Data(merge.snapshot.utf8))
        let keptID = merge.$kept.id, removedID = merge.$removed.id
        try await db.writeTransaction { tx in
            guard let sql = tx as? any SQLDatabase else { return }
            // Once, even if two people press "Annuler" together.
            let claimed = try await sql.update(Merge.schema).set("undone_at", to: now)
                .where("id", .equal, mergeID).where("undone_at", .is, SQLLiteral.null).returning("id").all()
            guard !claimed.isEmpty else { throw Abort(.gone, reason: "Cette fusion a déjà été annulée.") }
            for (table, ids) in snapshot.moved where !ids.isEmpty {
                try await sql.update(table).set("organization_id", to: removedID).where("id", .in, ids).where("organization_id", .equal, keptID).run()
            }
            if !snapshot.addedTerritoryLinks.isEmpty {
                try await sql.delete(from: OrganizationTerritory.schema).where("id", .in, snapshot.addedTerritoryLinks).run()
            }
            for move in snapshot.partnerships {
                try await sql.update(Partnership.schema).set("organization_id", to: move.organization).set("partner_id", to: move.partner)
                    .where("id", .equal, move.id).run()
            }
            for f in mergeFields {
                guard let before = snapshot.fieldsBefore[f.column], let after = snapshot.fieldsAfter[f.column], f.read(kept) == after else { continue }
                f.write(kept, before)
            }
            try await kept.save(on: tx)
            try await sql.update(Organization.schema).set("status", to: merge.removedStatus).where("id", .equal, removedID).run()
            try await Audit.record(
                on: tx, viewer: viewer, action: .mergeUndone, about: .structure(removedID), territory: removed.scope.primaryTerritoryID,
                summary: "Fusion annulée : « \(removed.name) » séparée de nouveau de « \(kept.name) »", at: now)
        }
        index.invalidate()
        return removed
    }

    /// Where a merged-away fiche now lives (following later merges), or nil.
    static func destination(of id: UUID, on db: any Database) async throws -> UUID? {
        var current = id
        for _ in 0..<5 {
            guard
                let merge = try await Merge.query(on: db).filter(\.$removed.$id == current).filter(\.$undoneAt == nil)
                    .sort(\.$mergedAt, .descending).first()
            else { return current == id ? nil : current }
            current = merge.$kept.id
        }
        return current
    }
}
