import Fluent
import Foundation
import Vapor

/// "Mon espace": what concerns the person today, one block per module that has something for them.
enum DashboardController {
    @Sendable static func dashboard(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        var widgets: [WidgetModel] = []
        for widget in Modules.widgets {
            if let model = try await widget.load(for: viewer, on: req.db, now: req.clock.now) { widgets.append(model) }
        }
        return DashboardPage.View(context: PageContext(req), model: .init(name: viewer.name, widgets: widgets, verified: viewer.isVerified))
            .response(on: req)
    }
}

/// The latest unread notifications.
enum NotificationsWidget: DashboardWidget {
    static func load(for viewer: Viewer, on db: any Database, now: Date) async throws -> WidgetModel? {
        let unread = try await UserNotification.query(on: db).filter(\.$user.$id == viewer.userID).filter(\.$readAt == nil)
            .sort(\.$createdAt, .descending).limit(5).all()
        return WidgetModel(
            title: "Notifications",
            items: unread.compactMap { n in n.id.map { .init(label: n.title, link: PlatformURL.notificationOpen($0), detail: Format.dateTime(n.createdAt)) } },
            empty: "Aucune notification non lue.", action: .init(label: "Toutes mes notifications", link: PlatformURL.notifications.path))
    }
}
