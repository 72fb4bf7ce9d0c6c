import Foundation
import Plot

/// Which of the person's structures gives or receives: asked only when they belong to several (or the one chosen
/// was refused).
struct StructureChoice: Component {
    var label: String
    var structures: [(UUID, String)]
    var selected: String
    var error: String?

    var body: Component {
        if structures.count > 1 || error != nil {
            SelectField(label: label, name: "organization", options: structures.map { ($0.0.uuidString, $0.1) }, selected: selected, error: error)
        } else {
            EmptyComponent()
        }
    }
}
