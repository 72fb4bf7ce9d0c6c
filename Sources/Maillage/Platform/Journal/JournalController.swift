import Fluent
import Foundation
import Vapor

/// The journal of every change (DESIGN.md: audit log of every mutation).
enum JournalController {
    /// Animators read the lines of their territories (names only); administrators read everything, e-mails included
    /// (issue 11, finding 12).
    @Sendable static func journal(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        guard Permissions.canReadAudit(viewer) else { throw Abort(.forbidden, reason: "Le journal est réservé aux animateur·rices.") }
        let page = try req.queryInt("page", in: 1...100_000, default: 1)
        let per = 50
        var query = AuditEntry.query(on: req.db).sort(\.$at, .descending)
        if !viewer.isAdmin { query = query.filter(\.$territoryID ~~ Array(viewer.animatedTerritoryIDs)) }
        let entries = try await query.range(((page - 1) * per)..<(page * per + 1)).all()
        let model = AuditPage.Model(entries: Array(entries.prefix(per)), page: page, hasMore: entries.count > per, showEmails: viewer.isAdmin)
        return AuditPage.View(context: PageContext(req), model: model).response(on: req)
    }
}
