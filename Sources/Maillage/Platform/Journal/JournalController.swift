import Fluent
import Foundation
import SQLKit
import Vapor

/// The journal of every change (DESIGN.md: audit log of every mutation), filtered and paged. Animators read the
/// lines of their territories, names without e-mails; administrators read everything (issue 11, finding 12).
enum JournalController {
    static let perPage = 50

    @Sendable static func journal(req: Request) async throws -> Response {
        let viewer = try req.requireAnimator()
        let page = try req.queryInt("page", in: 1...100_000, default: 1)
        var filters = JournalPage.Filters(
            territory: req.query[String.self, at: "territoire"] ?? "", structure: req.query[String.self, at: "structure"] ?? "",
            person: String((req.query[String.self, at: "personne"] ?? "").prefix(100)), action: req.query[String.self, at: "action"] ?? "",
            from: req.query[String.self, at: "du"] ?? "", to: req.query[String.self, at: "au"] ?? "")
        let territories = try await Territory.query(on: req.db).sort(\.$code).all()
            .filter { viewer.isAdmin || ($0.id.map(viewer.animatedTerritoryIDs.contains) ?? false) }
        guard let sql = req.db as? any SQLDatabase else { throw Abort(.internalServerError) }
        var query = sql.select().column("*").from(AuditEntry.schema)
        // Whose lines: an animator's territories, or the one chosen among them.
        let chosen = territories.first { $0.code == filters.territory }
        if let id = chosen?.id {
            query = query.where("territory_id", .equal, id)
        } else if !viewer.isAdmin {
            query = query.where("territory_id", .in, Array(viewer.animatedTerritoryIDs))
            filters.territory = ""
        } else {
            filters.territory = ""
        }
        if let structure = UUID(uuidString: filters.structure) {
            query = query.where("entity_id", .equal, structure)
        } else {
            filters.structure = ""
        }
        if !filters.person.isEmpty {
            query = query.where(SQLFunction("lower", args: SQLColumn("actor")), .like, SQLBind("%" + filters.person.lowercased() + "%"))
        }
        if Modules.auditActions.contains(where: { $0.code == filters.action }) {
            query = query.where("action", .equal, filters.action)
        } else {
            filters.action = ""
        }
        let day = DateFormatter()
        day.locale = Locale(identifier: "fr_FR")
        day.timeZone = TimeZone(identifier: "Europe/Paris")
        day.dateFormat = "yyyy-MM-dd"
        if let from = day.date(from: filters.from) { query = query.where("at", .greaterThanOrEqual, from) } else { filters.from = "" }
        if let to = day.date(from: filters.to) { query = query.where("at", .lessThan, to.addingTimeInterval(86_400)) } else { filters.to = "" }
        let rows = try await query.orderBy("at", .descending).limit(perPage + 1).offset((page - 1) * perPage).all(decodingFluent: AuditEntry.self)
        let model = JournalPage.Model(
            rows: rows.prefix(perPage).map { e in
                JournalPage.Row(
                    at: e.at, actor: viewer.isAdmin ? e.actor + (e.actorEmail.map { " <\($0)>" } ?? "") : e.actor,
                    action: AuditAction.label(of: e.action), summary: e.summary,
                    link: e.entityType == "structure" ? e.entityID.map { DirectoryURL.organization($0) } : nil)
            },
            filters: filters, territories: territories.map { ($0.code, "\($0.code) — \($0.name)") },
            actions: Modules.auditActions.map { ($0.code, $0.label) }.sorted { $0.1 < $1.1 }, page: page, hasMore: rows.count > perPage)
        return JournalPage.View(context: PageContext(req), model: model).response(on: req)
    }
}
