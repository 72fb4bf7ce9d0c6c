import Foundation

/// Why an instance file could not be read: names the line and the field.
public enum InstanceError: Error, Equatable, CustomStringConvertible, Sendable {
    case unknownFormat
    case empty
    case malformedLine(line: Int, reason: String)
    case invalidValue(line: Int, field: String, reason: String)
    case inconsistent(String)

    public var description: String {
        switch self {
        case .unknownFormat: return "unknown instance format (expected Solomon VRPTW or Li & Lim PDPTW)"
        case .empty: return "empty instance file"
        case .malformedLine(let line, let reason): return "line \(line): \(reason)"
        case .invalidValue(let line, let field, let reason): return "line \(line), field \(field): \(reason)"
        case .inconsistent(let reason): return reason
        }
    }
}

/// Readers for the Solomon VRPTW and Li & Lim PDPTW text formats (`shared/benchmarks/README.md`).
public enum InstanceReader {
    public enum Format: String, Sendable { case solomon, liLim }

    public static func read(contentsOf url: URL) throws -> RoutingProblem {
        let data = try Data(contentsOf: url)
        guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) else { throw InstanceError.unknownFormat }
        return try parse(text, name: url.deletingPathExtension().lastPathComponent)
    }

    public static func detect(_ text: String) -> Format? {
        let upper = text.uppercased()
        if upper.contains("VEHICLE") && upper.contains("CUSTOMER") { return .solomon }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }) }.filter { !$0.isEmpty }
        if let first = lines.first, first.count == 3, lines.dropFirst().first?.count == 9 { return .liLim }
        return nil
    }

    public static func parse(_ text: String, name: String = "instance") throws -> RoutingProblem {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw InstanceError.empty }
        switch detect(text) {
        case .solomon: return try parseSolomon(text)
        case .liLim: return try parseLiLim(text, name: name)
        case nil: throw InstanceError.unknownFormat
        }
    }

    private static func numbers(_ line: Substring, _ lineNumber: Int, count: Int) throws -> [Double] {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
        guard fields.count == count else {
            throw InstanceError.malformedLine(line: lineNumber, reason: "expected \(count) numbers, found \(fields.count)")
        }
        return try fields.enumerated().map { i, f in
            guard let v = Double(f), v.isFinite else {
                throw InstanceError.invalidValue(line: lineNumber, field: "column \(i + 1)", reason: "'\(f)' is not a number")
            }
            return v
        }
    }

    private static func node(_ v: [Double], line: Int) throws -> RoutingProblem.Node {
        guard v[4] <= v[5] else {
            throw InstanceError.invalidValue(line: line, field: "due date", reason: "time window ends (\(v[5])) before it starts (\(v[4]))")
        }
        guard v[6] >= 0 else { throw InstanceError.invalidValue(line: line, field: "service time", reason: "negative") }
        return RoutingProblem.Node(id: Int(v[0]), x: v[1], y: v[2], demand: v[3], ready: v[4], due: v[5], service: v[6])
    }

    public static func parseSolomon(_ text: String) throws -> RoutingProblem {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        var name = "solomon"
        var vehicles: Int?, capacity: Double?
        var nodes: [RoutingProblem.Node] = []
        var section = ""
        for (i, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let upper = line.uppercased()
            if section.isEmpty && !upper.hasPrefix("VEHICLE") { name = line; continue }
            if upper.hasPrefix("VEHICLE") { section = "vehicle"; continue }
            if upper.hasPrefix("CUSTOMER") { section = "customer"; continue }
            if upper.hasPrefix("NUMBER") || upper.hasPrefix("CUST") { continue }
            switch section {
            case "vehicle":
                let v = try numbers(Substring(line), i + 1, count: 2)
                guard v[0] >= 1, v[1] > 0 else {
                    throw InstanceError.invalidValue(line: i + 1, field: "vehicles", reason: "number and capacity must be positive")
                }
                vehicles = Int(v[0]); capacity = v[1]
            case "customer":
                let v = try numbers(Substring(line), i + 1, count: 7)
                guard v[3] >= 0 else { throw InstanceError.invalidValue(line: i + 1, field: "demand", reason: "negative demand for customer \(Int(v[0]))") }
                nodes.append(try node(v, line: i + 1))
            default:
                continue
            }
        }
        guard let vehicles, let capacity else { throw InstanceError.inconsistent("no VEHICLE section with number and capacity") }
        guard nodes.count >= 2 else { throw InstanceError.inconsistent("no customers") }
        try checkIDs(nodes)
        return RoutingProblem(name: name, nodes: nodes, vehicleCount: vehicles, capacity: capacity)
    }

    public static func parseLiLim(_ text: String, name: String) throws -> RoutingProblem {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        var header: [Double]?
        var rows: [(values: [Double], line: Int)] = []
        for (i, raw) in lines.enumerated() where !raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            if header == nil {
                header = try numbers(raw, i + 1, count: 3)
            } else {
                rows.append((try numbers(raw, i + 1, count: 9), i + 1))
            }
        }
        guard let header else { throw InstanceError.empty }
        guard header[0] >= 1, header[1] > 0 else {
            throw InstanceError.invalidValue(line: 1, field: "vehicles", reason: "number and capacity must be positive")
        }
        var nodes = try rows.map { try node($0.values, line: $0.line) }
        guard nodes.count >= 3 else { throw InstanceError.inconsistent("no pickup–delivery pairs") }
        try checkIDs(nodes)
        for (index, row) in rows.enumerated() where index > 0 {
            let pickupOf = Int(row.values[7]), deliveryOf = Int(row.values[8])
            let partner = pickupOf != 0 ? pickupOf : deliveryOf
            guard partner > 0, partner < nodes.count, partner != index else {
                throw InstanceError.invalidValue(line: row.line, field: "pair", reason: "node \(index) has no valid partner")
            }
            let other = rows[partner].values
            let backLink = Int(pickupOf != 0 ? other[8] : other[7])
            guard backLink == index else {
                throw InstanceError.invalidValue(line: row.line, field: "pair", reason: "node \(index) and node \(partner) do not point to each other")
            }
            guard (pickupOf == 0) == (row.values[3] >= 0), abs(row.values[3] + other[3]) < 1e-9 else {
                throw InstanceError.invalidValue(
                    line: row.line, field: "demand", reason: "pickup \(index) and delivery \(partner) must carry the same amount, positive then negative")
            }
            nodes[index].partner = partner
        }
        return RoutingProblem(name: name, nodes: nodes, vehicleCount: Int(header[0]), capacity: header[1])
    }

    private static func checkIDs(_ nodes: [RoutingProblem.Node]) throws {
        for (i, n) in nodes.enumerated() where n.id != i {
            throw InstanceError.inconsistent("node ids must be 0…\(nodes.count - 1) in order; found \(n.id) at position \(i)")
        }
    }
}
