import Fluent
import Foundation
import SQLKit
import Vapor

/// Something that happened which concerns one person: shown in their inbox, and mailed as they chose.
final class UserNotification: Model, @unchecked Sendable {
    static let schema = "notifications"
    @ID(key: .id) var id: UUID?
    // data
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    /// A path of the site where the person acts on it.
    @Field(key: "link") var link: String
    // relations
    @Parent(key: "user_id") var user: User
    // timestamps
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "read_at") var readAt: Date?
    /// When it went out in a daily summary.
    @OptionalField(key: "digested_at") var digestedAt: Date?
    init() {}
}

/// A person's choice of channel for one kind of notification.
final class NotificationPreference: Model, @unchecked Sendable {
    static let schema = "notification_preferences"
    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "kind") var kind: String
    @Field(key: "channel") var channel: String
    init() {}
}

extension Modules {
    static func notificationKind(_ key: String) -> NotificationKind? { notificationKinds.first { $0.key == key } }
}

/// Raises notifications on the transaction of the change that causes them: the inbox row, and the mail at once
/// for those who want it (through the outbox, so it goes once, and only if the change lands).
enum Notifier {
    static func notify(
        _ userIDs: [UUID], _ kind: NotificationKind, title: String, body: String, link: String, now: Date, base: String,
        on db: any Database
    ) async throws {
        let recipients = Array(Set(userIDs))
        guard !recipients.isEmpty else { return }
        let preferences = try await NotificationPreference.query(on: db).filter(\.$user.$id ~~ recipients).filter(\.$kind == kind.key).all()
        let channelOf = Dictionary(
            preferences.map { ($0.$user.id, NotificationChannel(rawValue: $0.channel) ?? kind.defaultChannel) },
            uniquingKeysWith: { a, _ in a })
        let users = try await User.query(on: db).filter(\.$id ~~ recipients).all()
        for user in users {
            guard let userID = user.id else { continue }
            let notification = UserNotification()
            notification.$user.id = userID
            notification.kind = kind.key
            notification.title = String(title.prefix(300))
            notification.body = String(body.prefix(2000))
            notification.link = ReturnPath.or(link, "/")
            notification.createdAt = now
            try await notification.create(on: db)
            guard (channelOf[userID] ?? kind.defaultChannel) == .immediate, user.emailVerifiedAt != nil else { continue }
            let mail = MailComposer(
                greeting: "Bonjour \(user.name),", paragraphs: [body], action: ("Voir sur Maillage", base + notification.link),
                closing: [
                    "Vous recevez ce message tout de suite parce que vous l'avez choisi pour « \(kind.label) ». "
                        + "Changez-le dans vos paramètres : \(base + AccountsURL.settings.path)#notifications"
                ]
            )
            .mail(kind: "notification." + kind.key, to: user.email, subject: title)
            try await Outbox.enqueue(mail, key: "notification:\(try notification.requireID())", now: now, on: db)
        }
    }

    static func unreadCount(for userID: UUID, on db: any Database) async throws -> Int {
        try await UserNotification.query(on: db).filter(\.$user.$id == userID).filter(\.$readAt == nil).count()
    }
}

/// The daily summary: once a day, from 7 a.m. in France, one mail per person with what they chose to receive
/// that way and have not read yet.
enum NotificationDigest {
    static let hour = 7
    static let paris = TimeZone(identifier: "Europe/Paris") ?? .current

    /// Sends the day's summaries when it is time; returns how many were written to the outbox.
    @discardableResult
    static func runIfDue(app: Application, now: Date) async throws -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = paris
        guard calendar.component(.hour, from: now) >= hour else { return 0 }
        let day = calendar.dateComponents([.year, .month, .day], from: now)
        let dayKey = String(format: "%04d-%02d-%02d", day.year ?? 0, day.month ?? 0, day.day ?? 0)
        let digestKinds = try await digestChoices(on: app.db)
        let pending = try await UserNotification.query(on: app.db).filter(\.$readAt == nil).filter(\.$digestedAt == nil)
            .filter(\.$createdAt <= now).with(\.$user).sort(\.$createdAt).all()
            .filter { n in
                let chosen = digestKinds[n.$user.id]?[n.kind] ?? Modules.notificationKind(n.kind)?.defaultChannel
                return chosen == .digest && n.user.emailVerifiedAt != nil
            }
        let base = app.maillageConfig.baseURL ?? "http://\(app.http.server.configuration.hostname):\(app.http.server.configuration.port)"
        var sent = 0
        for (userID, items) in Dictionary(grouping: pending, by: { $0.$user.id }) {
            guard let user = items.first?.user else { continue }
            let lines = items.prefix(30).map { "• \($0.title) — \(base + $0.link)" }
            let mail = MailComposer(
                greeting: "Bonjour \(user.name),",
                paragraphs: ["Voici ce qui s'est passé pour vous sur Maillage :"] + lines
                    + (items.count > 30 ? ["… et \(French.count(items.count - 30, "autre notification")) dans Maillage."] : []),
                action: ("Ouvrir mes notifications", base + PlatformURL.notifications.path),
                closing: ["Résumé quotidien : changez vos préférences dans vos paramètres."]
            )
            .mail(kind: "notification.résumé", to: user.email, subject: "Maillage : votre résumé du jour (\(items.count))")
            let ids = items.compactMap(\.id)
            try await app.db.writeTransaction { tx in
                try await Outbox.enqueue(mail, key: "résumé:\(userID.uuidString):\(dayKey)", now: now, on: tx)
                try await UserNotification.query(on: tx).filter(\.$id ~~ ids).set(\.$digestedAt, to: now).update()
            }
            sent += 1
        }
        return sent
    }

    /// Each person's channel per kind, where they chose one.
    private static func digestChoices(on db: any Database) async throws -> [UUID: [String: NotificationChannel]] {
        var out: [UUID: [String: NotificationChannel]] = [:]
        for p in try await NotificationPreference.query(on: db).all() {
            out[p.$user.id, default: [:]][p.kind] = NotificationChannel(rawValue: p.channel)
        }
        return out
    }
}

/// Work that comes back on its own, every few minutes in the background of `serve`: the daily summary, each module's
/// frequent tasks (`MaillageModule.frequentTasks`), and each module's daily tasks (`MaillageModule.dailyTasks`, from 9 a.m. Paris time, once a day per instance).
struct PeriodicTasks: LifecycleHandler {
    static let dailyHour = 9

    func didBootAsync(_ app: Application) async throws {
        guard app.maillageConfig.backgroundJobs else { return }
        let task = Task.detached {
            var lastDaily: LocalDate?
            while !Task.isCancelled {
                do {
                    try await NotificationDigest.runIfDue(app: app, now: app.clock.now)
                    let now = app.clock.now
                    for frequent in Modules.frequentTasks { try await frequent(app, now) }
                    let (today, minutes) = LocalTime.moment(now, departement: "75")
                    if today != lastDaily, minutes >= Self.dailyHour * 60 {
                        lastDaily = today
                        for daily in Modules.dailyTasks { try await daily(app, now) }
                    }
                } catch {
                    app.logger.error("Tâches périodiques : \(error)")
                }
                try? await Task.sleep(for: .seconds(300))
            }
        }
        app.storage[TaskKey.self] = task
    }

    func shutdownAsync(_ app: Application) async {
        app.storage[TaskKey.self]?.cancel()
    }

    private struct TaskKey: StorageKey { typealias Value = Task<Void, Never> }
}
