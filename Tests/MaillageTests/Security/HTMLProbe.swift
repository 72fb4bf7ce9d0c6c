/// A small HTML tokenizer for tests: the start tags of a page with their attributes, read the way a browser
/// reads them (quoted and unquoted values, comments, raw text of script, style, textarea and title).
/// Enough to tell whether a payload became markup; not a full HTML5 parser.
struct HTMLProbe {
    struct Tag: CustomStringConvertible {
        var name: String
        var attributes: [(name: String, value: String)]
        func value(_ name: String) -> String? { attributes.first { $0.name == name }?.value }
        var description: String { "<\(name) " + attributes.map { "\($0.name)=\"\($0.value)\"" }.joined(separator: " ") + ">" }
    }

    static func tags(_ html: String) -> [Tag] {
        let s = Array(html.unicodeScalars)
        var tags: [Tag] = []
        var i = 0
        func isNameStart(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic }
        func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\n" || c == "\t" || c == "\r" || c == "\u{0C}" }
        func starts(with text: String, at k: Int) -> Bool {
            let t = Array(text.unicodeScalars)
            guard k + t.count <= s.count else { return false }
            for j in 0..<t.count where String(s[k + j]).lowercased() != String(t[j]) { return false }
            return true
        }
        while i < s.count {
            guard s[i] == "<" else { i += 1; continue }
            if starts(with: "<!--", at: i) {
                i += 4
                while i < s.count, !starts(with: "-->", at: i) { i += 1 }
                i += 3
                continue
            }
            guard i + 1 < s.count, isNameStart(s[i + 1]) else { i += 1; continue }
            i += 1
            var name = ""
            while i < s.count, !isSpace(s[i]), s[i] != ">", s[i] != "/" { name.unicodeScalars.append(s[i]); i += 1 }
            name = name.lowercased()
            var attributes: [(String, String)] = []
            while i < s.count, s[i] != ">" {
                if isSpace(s[i]) || s[i] == "/" { i += 1; continue }
                var attr = ""
                while i < s.count, !isSpace(s[i]), s[i] != ">", s[i] != "=", !(s[i] == "/" && attr.isEmpty) {
                    attr.unicodeScalars.append(s[i]); i += 1
                }
                while i < s.count, isSpace(s[i]) { i += 1 }
                var value = ""
                if i < s.count, s[i] == "=" {
                    i += 1
                    while i < s.count, isSpace(s[i]) { i += 1 }
                    if i < s.count, s[i] == "\"" || s[i] == "'" {
                        let quote = s[i]
                        i += 1
                        while i < s.count, s[i] != quote { value.unicodeScalars.append(s[i]); i += 1 }
                        i += 1
                    } else {
                        while i < s.count, !isSpace(s[i]), s[i] != ">" { value.unicodeScalars.append(s[i]); i += 1 }
                    }
                }
                if !attr.isEmpty { attributes.append((attr.lowercased(), decode(value))) }
            }
            i += 1
            tags.append(Tag(name: name, attributes: attributes))
            // Raw text and RCDATA elements: what follows up to their end tag is not markup.
            if ["script", "style", "textarea", "title"].contains(name) {
                while i < s.count, !starts(with: "</" + name, at: i) { i += 1 }
            }
        }
        return tags
    }

    /// The few entities the app writes, so that checks see values as the browser does.
    static func decode(_ value: String) -> String {
        value.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// What a page must never contain, whatever its data: scripts other than the site's own files, event
    /// handlers, inline styles (the CSP refuses them), `javascript:` addresses.
    static func problems(in html: String) -> [String] {
        var problems: [String] = []
        for tag in tags(html) {
            if tag.name == "script", !(tag.value("src")?.hasPrefix("/static/") ?? false) { problems.append("script: \(tag)") }
            for (name, value) in tag.attributes {
                if name.hasPrefix("on") { problems.append("event handler: \(tag)") }
                if name == "style" { problems.append("inline style: \(tag)") }
                if ["href", "src", "action", "formaction", "xlink:href"].contains(name) {
                    let plain = String(value.unicodeScalars.filter { $0.value > 0x20 }).lowercased()
                    if plain.hasPrefix("javascript:") || plain.hasPrefix("vbscript:") || plain.hasPrefix("data:text") {
                        problems.append("script address: \(tag)")
                    }
                }
            }
        }
        return problems
    }
}
