import Fluent
import Foundation
import Vapor

/// The inbox: the person's notifications, newest first.
enum NotificationsController {
    @Sendable static func inbox(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let page = try req.queryInt("page", in: 1...10_000, default: 1)
        let per = 30
        let rows = try await UserNotification.query(on: req.db).filter(\.$user.$id == viewer.userID).sort(\.$createdAt, .descending)
            .range(((page - 1) * per)..<(page * per + 1)).all()
        let model = NotificationsPage.Model(
            items: rows.prefix(per).compactMap { n in
                n.id.map {
                    .init(id: $0, kind: Modules.notificationKind(n.kind)?.label ?? n.kind, title: n.title, body: n.body, at: n.createdAt, read: n.readAt != nil)
                }
            },
            unread: viewer.unreadNotifications, page: page, hasMore: rows.count > per)
        return NotificationsPage.View(context: PageContext(req), model: model).response(on: req)
    }

    /// Marks the notification read and goes where it points.
    @Sendable static func open(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = try PlatformURL.notificationOpen.value(of: req)
        guard let notification = try await UserNotification.query(on: req.db).filter(\.$id == id).filter(\.$user.$id == viewer.userID).first() else {
            throw Abort(.notFound, reason: "Cette notification n'existe pas (ou plus).")
        }
        if notification.readAt == nil {
            let now = req.clock.now
            try await req.db.writeTransaction { tx in
                try await UserNotification.query(on: tx).filter(\.$id == id).set(\.$readAt, to: now).update()
            }
        }
        return Redirect.to(notification.link, on: req)
    }

    @Sendable static func markAllRead(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let now = req.clock.now
        try await req.db.writeTransaction { tx in
            try await UserNotification.query(on: tx).filter(\.$user.$id == viewer.userID).filter(\.$readAt == nil).set(\.$readAt, to: now).update()
        }
        return Redirect.to(PlatformURL.notifications.path, on: req, notice: "Toutes vos notifications sont marquées comme lues.")
    }
}
