import Fluent
import Foundation

/// A block of "Mon espace": what concerns the person today, from one module.
protocol DashboardWidget: Sendable {
    /// Nil when the block does not concern this person at all (an animator's block for a volunteer).
    static func load(for viewer: Viewer, on db: any Database, now: Date) async throws -> WidgetModel?
}

/// What a block shows: plain values.
struct WidgetModel: Sendable, Equatable {
    struct Item: Sendable, Equatable {
        var label: String
        var link: String
        var detail: String = ""
    }

    var title: String
    var items: [Item]
    /// Said when there is nothing, with what to do next.
    var empty: String
    var action: Item?
}
