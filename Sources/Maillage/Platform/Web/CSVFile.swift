import Foundation
import Vapor

/// CSV files people can open (issue 13, item 8). For a spreadsheet (the default): UTF-8 with a byte order mark
/// and ";" between fields, decimal commas, as French Excel and LibreOffice expect, so that "Épicerie" and
/// "43,18" open as they are. For programs (`?pour=programme`): plain UTF-8, "," and decimal points (RFC 4180).
struct CSVFile {
    enum Dialect: String, Sendable {
        case spreadsheet = "tableur", program = "programme"

        var separator: String { self == .spreadsheet ? ";" : "," }
    }

    /// A cell: text, or a number written with the dialect's decimal mark.
    enum Cell {
        case text(String)
        case decimal(Double, digits: Int)
    }

    let dialect: Dialect
    private var lines: [String]

    init(_ dialect: Dialect, header: [String]) {
        self.dialect = dialect
        lines = [header.map { Self.quote($0, separator: dialect.separator) }.joined(separator: dialect.separator)]
    }

    mutating func add(_ cells: [Cell]) {
        let fields = cells.map { cell -> String in
            switch cell {
            case .text(let text): return Self.quote(text, separator: dialect.separator)
            case .decimal(let value, let digits):
                let written = String(format: "%.\(digits)f", value)
                return dialect == .spreadsheet ? written.replacingOccurrences(of: ".", with: ",") : written
            }
        }
        lines.append(fields.joined(separator: dialect.separator))
    }

    mutating func add(_ texts: [String]) { add(texts.map { .text($0) }) }

    var text: String { (dialect == .spreadsheet ? "\u{FEFF}" : "") + lines.joined(separator: "\r\n") + "\r\n" }

    /// The dialect a request asks for (`?pour=programme`), the spreadsheet one otherwise.
    static func dialect(of req: Request) -> Dialect {
        (try? req.query.get(String.self, at: "pour")).flatMap(Dialect.init(rawValue:)) ?? .spreadsheet
    }

    func response(filename: String) -> Response {
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.contentDisposition = .init(.attachment, filename: filename)
        return response
    }

    /// RFC 4180 quoting; a leading = + - @ is neutralised so that a spreadsheet never runs it as a formula.
    static func quote(_ field: String, separator: String = ",") -> String {
        var f = field
        if let first = f.first, "=+-@".contains(first), Double(f) == nil { f = "'" + f }
        if f.contains(where: { $0 == "\"" || $0 == "\n" || $0 == "\r" }) || f.contains(separator) {
            return "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return f
    }
}
