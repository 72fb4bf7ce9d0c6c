import Plot

/// The one escaping path of the site's HTML.
///
/// Plot escapes text but writes attribute values exactly as given, so a name such as `x" onmouseover="…`
/// would leave its attribute (issue 11, finding 1). Every way the app's views can put a string into an
/// attribute is declared again here, in the Maillage module, and escapes the value before Plot sees it:
/// Swift prefers a module's own declarations over those of a module it imports, so `Link(…)`,
/// `Input(…)`, `.class(…)` and `.attribute(named:…)` in any page resolve to these. What cannot be made
/// safe this way (Plot's `Node` API, `Attribute` values, raw markup) is kept out of pages by
/// `ViewSafetyTests`, which also renders every page with hostile data.
enum HTMLEscape {
    /// Escapes the five characters that end or change an attribute value or an element.
    static func attribute(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return value }
        var out = ""
        out.reserveCapacity(value.utf8.count + 16)
        for character in value {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}

extension Component {
    func attribute(named name: String, value: String?, replaceExisting: Bool = true, ignoreValueIfEmpty: Bool = true) -> Component {
        attribute(
            Attribute<Any>(
                name: name, value: value.map(HTMLEscape.attribute), replaceExisting: replaceExisting,
                ignoreIfValueIsEmpty: ignoreValueIfEmpty))
    }

    func `class`(_ className: String, replaceExisting: Bool = false) -> Component {
        attribute(named: "class", value: className, replaceExisting: replaceExisting)
    }

    func id(_ id: String) -> Component { attribute(named: "id", value: id) }

    func data(named name: String, value: String) -> Component { attribute(named: "data-" + name, value: value) }

    func accessibilityLabel(_ label: String) -> Component { attribute(named: "aria-label", value: label) }
}

/// `<a href>`: the address is escaped (and must be built from typed paths or validated input).
struct Link: Component {
    var url: String
    var label: () -> Component

    init(url: String, @ComponentBuilder label: @escaping () -> Component) {
        self.url = url
        self.label = label
    }

    init(_ text: String, url: String) {
        self.init(url: url) { Text(text) }
    }

    var body: Component { Plot.Link(url: HTMLEscape.attribute(url)) { label() } }
}

struct Form: Component {
    var url: String
    var method: HTMLFormMethod?
    var contentType: HTMLFormContentType?
    var content: () -> Component

    init(
        url: String, method: HTMLFormMethod? = nil, contentType: HTMLFormContentType? = nil,
        @ComponentBuilder content: @escaping () -> Component
    ) {
        self.url = url
        self.method = method
        self.contentType = contentType
        self.content = content
    }

    var body: Component {
        Plot.Form(url: HTMLEscape.attribute(url), method: method, contentType: contentType) { content() }
    }
}

struct Input: Component {
    var type: HTMLInputType
    var name: String?
    var value: String?
    var isRequired = false
    var placeholder: String?

    init(type: HTMLInputType, name: String? = nil, value: String? = nil, isRequired: Bool = false, placeholder: String? = nil) {
        self.type = type
        self.name = name
        self.value = value
        self.isRequired = isRequired
        self.placeholder = placeholder
    }

    var body: Component {
        Plot.Input(
            type: type, name: name.map(HTMLEscape.attribute), value: value.map(HTMLEscape.attribute),
            isRequired: isRequired, placeholder: placeholder.map(HTMLEscape.attribute))
    }
}

struct TextArea: Component {
    var text: String
    var name: String?
    var isRequired = false

    init(text: String = "", name: String? = nil, isRequired: Bool = false) {
        self.text = text
        self.name = name
        self.isRequired = isRequired
    }

    var body: Component {
        Plot.TextArea(text: text, name: name.map(HTMLEscape.attribute), isRequired: isRequired)
    }
}

struct Image: Component {
    var url: String
    var description: String

    var body: Component { Plot.Image(url: HTMLEscape.attribute(url), description: HTMLEscape.attribute(description)) }
}

/// A link to another site: only `http` and `https` addresses become links, anything else (a stored
/// `javascript:` address, say) stays text.
struct ExternalLink: Component {
    var text: String
    var url: String

    var body: Component {
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), !url.unicodeScalars.contains(where: { $0.value < 0x21 }) else {
            return Text(text)
        }
        return Link(text, url: url).attribute(named: "rel", value: "nofollow noopener")
    }
}

/// A `mailto:` link for a well-formed address; anything else is shown as text.
struct MailLink: Component {
    var address: String

    var body: Component {
        guard EmailAddress.isValid(address) else { return Text(address) }
        return Link(address, url: "mailto:" + address)
    }
}
