import Foundation

/// A parsed JSON value. Imports read files of any size element by element, so they need a parser that
/// reports where a file is broken (line and column) and never recurses without bound.
enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double, isInteger: Bool)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The JSON type's name in French, for error messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "booléen"
        case .number: "nombre"
        case .string: "texte"
        case .array: "liste"
        case .object: "objet"
        }
    }
}

struct JSONSyntaxError: Error, Equatable, CustomStringConvertible {
    var line: Int
    var column: Int
    var message: String
    var description: String { "JSON invalide ligne \(line), colonne \(column) : \(message)" }
}

/// Reads a top-level JSON array one element at a time from a byte buffer (a memory-mapped file),
/// so a 200 MB file never becomes one tree in memory.
struct JSONArrayReader {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0
    private static let maxDepth = 64

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var bytesRead: Int { position }

    /// Calls `body` with each element of the root array, in order, and how far into the buffer it is. Throws at the first syntax error,
    /// or when the root is not an array.
    mutating func forEachElement(_ body: (_ element: JSONValue, _ bytesRead: Int) throws -> Void) throws {
        skipByteOrderMark()
        skipWhitespace()
        guard let first = peek() else { throw error("le fichier est vide") }
        guard first == UInt8(ascii: "[") else {
            throw error(
                first == UInt8(ascii: "{")
                    ? "le fichier contient un objet ({…}) ; il faut une liste ([…]) d'enregistrements"
                    : "le fichier doit contenir une liste JSON ([…])")
        }
        position += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
        } else {
            while true {
                let element = try parseValue(depth: 1)
                try body(element, position)
                skipWhitespace()
                guard let c = peek() else { throw error("fin de fichier avant la fin de la liste (« ] » manquant)") }
                position += 1
                if c == UInt8(ascii: "]") { break }
                guard c == UInt8(ascii: ",") else { position -= 1; throw error("« , » ou « ] » attendu entre deux éléments") }
                skipWhitespace()
            }
        }
        skipWhitespace()
        if position < bytes.count { throw error("contenu en trop après la fin de la liste") }
    }

    /// Parses a whole document (tests, small files).
    static func parse(_ text: String) throws -> JSONValue {
        var copy = Array(text.utf8)
        return try copy.withUnsafeMutableBytes { raw in
            var reader = JSONArrayReader(bytes: UnsafeRawBufferPointer(raw))
            reader.skipWhitespace()
            let value = try reader.parseValue(depth: 0)
            reader.skipWhitespace()
            if reader.position < raw.count { throw reader.error("contenu en trop après la valeur") }
            return value
        }
    }

    // MARK: - Grammar

    private mutating func parseValue(depth: Int) throws -> JSONValue {
        guard depth <= Self.maxDepth else { throw error("imbrication trop profonde (plus de \(Self.maxDepth) niveaux)") }
        skipWhitespace()
        guard let c = peek() else { throw error("valeur attendue, fin de fichier atteinte") }
        switch c {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("caractère inattendu « \(Self.show(c)) »")
        }
    }

    private mutating func parseObject(depth: Int) throws -> JSONValue {
        position += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if peek() == UInt8(ascii: "}") { position += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw error("nom de champ entre guillemets attendu") }
            let key = try parseString()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw error("« : » attendu après le nom de champ « \(key) »") }
            position += 1
            members[key] = try parseValue(depth: depth + 1)
            skipWhitespace()
            guard let c = peek() else { throw error("fin de fichier dans un objet (« } » manquant)") }
            position += 1
            if c == UInt8(ascii: "}") { return .object(members) }
            guard c == UInt8(ascii: ",") else { position -= 1; throw error("« , » ou « } » attendu dans un objet") }
        }
    }

    private mutating func parseArray(depth: Int) throws -> JSONValue {
        position += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") { position += 1; return .array(items) }
        while true {
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard let c = peek() else { throw error("fin de fichier dans une liste (« ] » manquant)") }
            position += 1
            if c == UInt8(ascii: "]") { return .array(items) }
            guard c == UInt8(ascii: ",") else { position -= 1; throw error("« , » ou « ] » attendu dans une liste") }
        }
    }

    private mutating func parseString() throws -> String {
        position += 1  // opening quote
        let start = position
        // Fast path: no escapes.
        while position < bytes.count {
            let c = bytes[position]
            if c == UInt8(ascii: "\"") {
                let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<position])
                position += 1
                guard let s = String(validating: slice, as: UTF8.self) else { throw error("texte qui n'est pas en UTF-8") }
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw error("caractère de contrôle dans un texte (retour à la ligne non échappé ?)") }
            position += 1
        }
        var buffer = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let c = bytes[position]
            position += 1
            switch c {
            case UInt8(ascii: "\""):
                guard let s = String(validating: buffer, as: UTF8.self) else { throw error("texte qui n'est pas en UTF-8") }
                return s
            case UInt8(ascii: "\\"):
                guard let e = peek() else { break }
                position += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(e)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard peek() == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                            throw error("séquence \\u incomplète (paire de substitution)")
                        }
                        position += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw error("séquence \\u invalide (paire de substitution)") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw error("séquence \\u invalide") }
                    buffer.append(contentsOf: Array(String(Character(u)).utf8))
                default: throw error("échappement inconnu « \\\(Self.show(e)) »")
                }
            default:
                if c < 0x20 { position -= 1; throw error("caractère de contrôle dans un texte (retour à la ligne non échappé ?)") }
                buffer.append(c)
            }
        }
        throw error("texte non terminé (guillemet fermant manquant)")
    }

    private mutating func hex4() throws -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("séquence \\u incomplète") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[position]
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw error("séquence \\u invalide")
            }
            value = value * 16 + digit
            position += 1
        }
        return value
    }

    private mutating func parseNumber() throws -> JSONValue {
        let start = position
        var isInteger = true
        if peek() == UInt8(ascii: "-") { position += 1 }
        guard let first = peek(), Self.isDigit(first) else { throw error("nombre invalide") }
        if first == UInt8(ascii: "0") { position += 1 } else { while let d = peek(), Self.isDigit(d) { position += 1 } }
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard let d = peek(), Self.isDigit(d) else { throw error("nombre invalide : chiffre attendu après le point") }
            while let d = peek(), Self.isDigit(d) { position += 1 }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if let s = peek(), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { position += 1 }
            guard let d = peek(), Self.isDigit(d) else { throw error("nombre invalide : exposant sans chiffre") }
            while let d = peek(), Self.isDigit(d) { position += 1 }
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw error("nombre hors limites") }
        return .number(value, isInteger: isInteger)
    }

    private mutating func expectWord(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw error("valeur inconnue") }
        let matches = word.withUTF8Buffer { w in (0..<count).allSatisfy { bytes[position + $0] == w[$0] } }
        guard matches else { throw error("valeur inconnue (true, false ou null attendu)") }
        position += count
    }

    // MARK: - Helpers

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private mutating func skipByteOrderMark() {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    private static func show(_ c: UInt8) -> String {
        c >= 0x20 && c < 0x7F ? String(UnicodeScalar(c)) : String(format: "0x%02X", c)
    }

    /// Line and column are only computed when something is wrong.
    fileprivate func error(_ message: String) -> JSONSyntaxError {
        var line = 1, lineStart = 0
        let end = min(position, bytes.count)
        for i in 0..<end where bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
        return JSONSyntaxError(line: line, column: end - lineStart + 1, message: message)
    }
}
