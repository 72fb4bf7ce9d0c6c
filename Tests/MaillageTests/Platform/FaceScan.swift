import Foundation

/// Reads the sources for the face test: which module names which other module's top-level types, how often,
/// outside the faces. A module is a folder of `Sources/Maillage`; the migrations (one shared order) and the
/// commands (benchmarks that seed every module) are not modules.
enum FaceScan {
    static let notModules: Set<String> = ["Migrations", "Commands", "Resources"]

    /// "Surplus Directory Organization" → number of lines of Surplus naming Directory's `Organization`.
    static func uses(in sources: URL) throws -> [String: Int] {
        let files = FileManager.default
        var declared: [String: String] = [:]  // type → module
        var faceTypes: Set<String> = []
        var bodies: [(module: String, lines: [Substring])] = []
        let modules = try files.contentsOfDirectory(atPath: sources.path).filter { !notModules.contains($0) && !$0.hasPrefix(".") }
        let declaration = try Regex(#"^(?:public |internal )?(?:final )?(?:class|struct|enum|protocol|actor|typealias) ([A-Za-z_][A-Za-z0-9_]*)"#)
        for module in modules {
            guard let walker = files.enumerator(atPath: sources.appendingPathComponent(module).path) else { continue }
            for case let path as String in walker where path.hasSuffix(".swift") {
                let text = try String(contentsOf: sources.appendingPathComponent(module).appendingPathComponent(path), encoding: .utf8)
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                for line in lines {
                    if let match = line.firstMatch(of: declaration), let name = match.output[1].substring.map(String.init) {
                        declared[name] = module
                        if path.hasSuffix("\(module)Face.swift") { faceTypes.insert(name) }
                    }
                }
                // Comments say what a thing is; they may name anything.
                bodies.append((module, lines.filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }))
            }
        }
        let foreign = declared.filter { $0.value != "Platform" && !faceTypes.contains($0.key) }
        let word = try Regex(#"[A-Za-z_][A-Za-z0-9_]*"#)
        var out: [String: Int] = [:]
        for (module, lines) in bodies {
            for line in lines {
                var seen: Set<String> = []
                for match in line.matches(of: word) {
                    let name = String(line[match.range])
                    guard let owner = foreign[name], owner != module, seen.insert(name).inserted else { continue }
                    // A member access on something else (`.Organization`) is not the type.
                    if match.range.lowerBound > line.startIndex, line[line.index(before: match.range.lowerBound)] == "." { continue }
                    out["\(module) \(owner) \(name)", default: 0] += 1
                }
            }
        }
        return out
    }
}
