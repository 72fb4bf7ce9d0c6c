import Foundation

/// A minimal JSON writer for hot API responses: Foundation's `JSONEncoder` on Linux costs ~13 µs per directory
/// item, which dominated search latency. Output is standard JSON (RFC 8259 string escaping).
struct JSONWriter {
    private(set) var text = ""
    private var needsComma: [Bool] = [false]

    init(capacity: Int = 4096) { text.reserveCapacity(capacity) }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { text.append(",") }
        needsComma[needsComma.count - 1] = true
    }

    mutating func beginObject(key: String? = nil) {
        if let key { self.key(key) } else { separator() }
        text.append("{")
        needsComma.append(false)
    }

    mutating func endObject() {
        needsComma.removeLast()
        text.append("}")
    }

    mutating func beginArray(key: String) {
        self.key(key)
        text.append("[")
        needsComma.append(false)
    }

    mutating func endArray() {
        needsComma.removeLast()
        text.append("]")
    }

    private mutating func key(_ k: String) {
        separator()
        appendString(k)
        text.append(":")
    }

    mutating func field(_ k: String, _ value: String) { key(k); appendString(value) }
    mutating func field(_ k: String, _ value: Int) { key(k); text.append(String(value)) }
    mutating func field(_ k: String, _ value: Double) {
        key(k)
        text.append(value.isFinite ? value.description : "null")
    }

    /// A number in an array.
    mutating func element(_ value: Double) {
        separator()
        text.append(value.isFinite ? value.description : "null")
    }

    private mutating func appendString(_ s: String) { Self.appendQuoted(s, to: &text) }

    /// `s` as a JSON string literal.
    static func appendQuoted(_ s: String, to text: inout String) {
        text.append("\"")
        // Most strings need no escaping: copy them whole.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            text.append(s)
            text.append("\"")
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": text.append("\\\"")
            case "\\": text.append("\\\\")
            case "\n": text.append("\\n")
            case "\r": text.append("\\r")
            case "\t": text.append("\\t")
            default:
                if scalar.value < 0x20 {
                    text.append(String(format: "\\u%04x", scalar.value))
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text.append("\"")
    }
}
