import Foundation

/// How a person wants to hear about one kind of notification.
enum NotificationChannel: String, CaseIterable, Codable, Sendable {
    case immediate = "immediat"
    case digest = "resume"
    case app = "application"

    var label: String {
        switch self {
        case .immediate: "Tout de suite par e-mail"
        case .digest: "Dans un résumé quotidien"
        case .app: "Seulement dans Maillage"
        }
    }
}

/// A kind of notification a module raises; each person chooses its channel.
struct NotificationKind: Sendable, Hashable {
    let key: String
    let label: String
    let defaultChannel: NotificationChannel

    init(_ key: String, _ label: String, default channel: NotificationChannel = .immediate) {
        self.key = key
        self.label = label
        self.defaultChannel = channel
    }
}
