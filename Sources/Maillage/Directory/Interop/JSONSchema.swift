import Foundation

/// The part of JSON Schema (Draft 2020-12) that the data·inclusion schemas use: type, anyOf, $ref to
/// local $defs, enum, const, required, string lengths, pattern, formats (date, email, uri), items,
/// minItems, uniqueItems, minimum. Records are checked against the shipped schema files themselves,
/// so a new schema version changes the rules without code.
struct JSONSchema: Sendable {
    struct Violation: Error, Equatable, Sendable {
        var field: String
        var reason: String
    }

    let root: JSONValue
    private let patterns: [String: NSRegularExpression]

    init(resource name: String) throws {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Resources/interop") else {
            throw Violation(field: "schema", reason: "schéma \(name) absent du programme")
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        try self.init(root: JSONArrayReader.parse(text))
    }

    init(root: JSONValue) throws {
        self.root = root
        var patterns: [String: NSRegularExpression] = [:]
        func collect(_ v: JSONValue) {
            switch v {
            case .object(let o):
                if case .string(let p)? = o["pattern"], patterns[p] == nil { patterns[p] = try? NSRegularExpression(pattern: p) }
                o.values.forEach(collect)
            case .array(let a): a.forEach(collect)
            default: break
            }
        }
        collect(root)
        self.patterns = patterns
    }

    /// The values a `$defs` enum allows (for vocabularies shown to people).
    func enumValues(_ definition: String) -> [String] {
        guard case .object(let o) = root, case .object(let defs)? = o["$defs"], case .object(let d)? = defs[definition],
            case .array(let values)? = d["enum"]
        else { return [] }
        return values.compactMap { if case .string(let s) = $0 { s } else { nil } }
    }

    /// The first violation, in the order of the schema's `required` list then of the record's fields (sorted), or nil.
    func firstViolation(in record: JSONValue) -> Violation? {
        guard case .object(let fields) = record else {
            return Violation(field: "(enregistrement)", reason: "un enregistrement doit être un objet JSON (reçu : \(record.typeName))")
        }
        guard case .object(let schema) = root else { return nil }
        if case .array(let required)? = schema["required"] {
            for case .string(let name) in required where fields[name] == nil || fields[name] == .null {
                return Violation(field: name, reason: "champ obligatoire manquant")
            }
        }
        guard case .object(let properties)? = schema["properties"] else { return nil }
        for name in fields.keys.sorted() {
            guard let value = fields[name], let rule = properties[name] else { continue }
            if let reason = check(value, against: rule) { return Violation(field: name, reason: reason) }
        }
        return nil
    }

    /// nil when `value` satisfies `rule`, else a French reason.
    private func check(_ value: JSONValue, against rule: JSONValue) -> String? {
        guard case .object(let r) = rule else { return nil }
        if case .string(let ref)? = r["$ref"] { return resolve(ref).flatMap { check(value, against: $0) } }
        if case .array(let options)? = r["anyOf"] {
            var reasons: [String] = []
            for option in options {
                guard let reason = check(value, against: option) else { return nil }
                // A null alternative says nothing useful about a wrong value.
                if case .object(let o) = option, o["type"] == .string("null") { continue }
                reasons.append(reason)
            }
            return reasons.first ?? "valeur non admise"
        }
        if case .string(let type)? = r["type"], let reason = checkType(value, type) { return reason }
        if let c = r["const"], c != value { return "valeur non admise (attendu : \(Self.show(c)))" }
        if case .array(let allowed)? = r["enum"], !allowed.contains(value) {
            let sample = allowed.prefix(6).map(Self.show).joined(separator: ", ")
            return "valeur \(Self.show(value)) inconnue (valeurs admises : \(sample)\(allowed.count > 6 ? "…" : ""))"
        }
        switch value {
        case .string(let s):
            // The pattern says more than the length ("a SIRET has 14 digits"): it is checked first.
            if case .string(let p)? = r["pattern"], let regex = patterns[p] {
                let range = NSRange(s.startIndex..., in: s)
                if regex.firstMatch(in: s, range: range) == nil { return Self.patternReason(p, s) }
            }
            let length = s.count
            if case .number(let min, _)? = r["minLength"], Double(length) < min { return "trop court (\(length) caractères, au moins \(Int(min)))" }
            if case .number(let max, _)? = r["maxLength"], Double(length) > max { return "trop long (\(length) caractères, au plus \(Int(max)))" }
            if case .string(let format)? = r["format"], let reason = Self.checkFormat(s, format) { return reason }
        case .number(let n, _):
            if case .number(let min, _)? = r["minimum"], n < min { return "doit être supérieur ou égal à \(Self.show(.number(min, isInteger: false)))" }
        case .array(let items):
            if case .number(let min, _)? = r["minItems"], Double(items.count) < min { return "liste vide : au moins \(Int(min)) valeur" }
            if r["uniqueItems"] == .bool(true), Set(items.map(Self.show)).count != items.count { return "valeurs en double dans la liste" }
            if let itemRule = r["items"] {
                for item in items { if let reason = check(item, against: itemRule) { return reason } }
            }
        default: break
        }
        return nil
    }

    private func resolve(_ ref: String) -> JSONValue? {
        guard ref.hasPrefix("#/") else { return nil }
        var node = root
        for part in ref.dropFirst(2).split(separator: "/") {
            guard case .object(let o) = node, let next = o[String(part)] else { return nil }
            node = next
        }
        return node
    }

    private func checkType(_ value: JSONValue, _ type: String) -> String? {
        let ok: Bool
        switch (type, value) {
        case ("null", .null), ("string", .string), ("boolean", .bool), ("array", .array), ("object", .object), ("number", .number): ok = true
        case ("integer", .number(let n, _)): ok = n == n.rounded()
        default: ok = false
        }
        if ok { return nil }
        let expected =
            [
                "string": "un texte", "number": "un nombre", "integer": "un nombre entier", "array": "une liste",
                "object": "un objet", "boolean": "vrai ou faux", "null": "null",
            ][type] ?? type
        return "doit être \(expected) (reçu : \(value.typeName))"
    }

    private static func patternReason(_ pattern: String, _ value: String) -> String {
        switch pattern {
        case "^\\d{14}$": "« \(value) » : un SIRET a 14 chiffres"
        case "^\\d{5}$": "« \(value) » : 5 chiffres attendus"
        case "^\\w{5}$": "« \(value) » : un code Insee a 5 caractères (chiffres, ou 2A/2B pour la Corse)"
        default: "« \(value) » ne respecte pas le format attendu (\(pattern))"
        }
    }

    static func checkFormat(_ s: String, _ format: String) -> String? {
        switch format {
        case "email": return EmailAddress.isValid(s) ? nil : "« \(s) » n'est pas une adresse e-mail valide"
        case "uri":
            guard let url = URL(string: s), let scheme = url.scheme, !scheme.isEmpty else { return "« \(s) » n'est pas une adresse web complète (https://…)" }
            return nil
        case "date": return isDate(s) ? nil : "« \(s) » n'est pas une date au format AAAA-MM-JJ"
        default: return nil
        }
    }

    static func isDate(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m), d >= 1
        else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return d <= days
    }

    static func show(_ v: JSONValue) -> String {
        switch v {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let n, _): n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
        case .string(let s): "« \(s) »"
        case .array(let a): "[" + a.map(show).joined(separator: ", ") + "]"
        case .object: "{…}"
        }
    }
}
