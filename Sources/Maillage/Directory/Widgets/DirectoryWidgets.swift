import Fluent
import Foundation

/// For animators: structures and requests waiting for them.
enum ModerationWidget: DashboardWidget {
    static func load(for viewer: Viewer, on db: any Database, now: Date) async throws -> WidgetModel? {
        guard viewer.isAnimator else { return nil }
        let pending = try await Organization.query(on: db).filter(\.$status == OrganizationStatus.pending.rawValue).with(\.$territories)
            .sort(\.$createdAt).all().filter { Permissions.isModerator(of: $0.scope, viewer) }
        let requests = try await TerritoryRequest.query(on: db).all().filter { Permissions.animates($0.$territory.id, viewer) }
        var items: [WidgetModel.Item] = pending.prefix(5).compactMap { o in
            o.id.map { .init(label: o.name, link: DirectoryURL.organization($0), detail: "à valider · \(o.commune)") }
        }
        if !requests.isEmpty {
            items.append(
                .init(
                    label: French.count(requests.count, "demande", plural: "demandes") + " pour intervenir sur vos territoires",
                    link: DirectoryURL.moderation.path))
        }
        return WidgetModel(
            title: "À valider", items: items, empty: "Aucune structure en attente sur vos territoires : tout est à jour.",
            action: pending.count > 5 ? .init(label: "Les \(pending.count) structures en attente", link: DirectoryURL.moderation.path) : nil)
    }
}

/// The person's structures, and those whose fiche has not changed for a year (seed 004: keep "qui fait quoi" current).
enum MyStructuresWidget: DashboardWidget {
    static func load(for viewer: Viewer, on db: any Database, now: Date) async throws -> WidgetModel? {
        let ids = Array(viewer.memberships.keys)
        let structures = ids.isEmpty ? [] : try await Organization.query(on: db).filter(\.$id ~~ ids).sort(\.$name).all()
        return WidgetModel(
            title: "Mes structures",
            items: structures.compactMap { o in
                guard let id = o.id else { return nil }
                let stale = Freshness.isStale(o.checkedAt, now: now)
                let detail =
                    o.statusValue != .validated
                    ? o.statusValue.label
                    : stale
                        ? "fiche vérifiée \(o.checkedAt.map { Freshness.ago($0, now: now) } ?? "il y a longtemps") : est-elle toujours exacte ?"
                        : "fiche à jour"
                return .init(
                    label: o.name, link: DirectoryURL.organization(id),
                    detail: detail)
            },
            empty: "Vous n'êtes membre d'aucune structure : inscrivez la vôtre, ou demandez à son ou sa référent·e de vous inviter.",
            action: .init(label: "Inscrire une structure", link: DirectoryURL.newOrganization.path))
    }
}
