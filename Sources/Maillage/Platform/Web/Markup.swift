import Plot

/// Markup the server drew itself (maps, graphs), embedded as it is. Only `SVGWriter` makes one, and it
/// escapes every attribute value and every text it writes: no other way to put raw markup in a page exists.
struct TrustedMarkup: Component {
    let html: String
    fileprivate init(html: String) { self.html = html }
    var body: Component { Node<HTML.BodyContext>.raw(html) }
}

/// Writes SVG with escaped values: element and attribute names are the caller's constants, values and
/// texts are data and are escaped.
struct SVGWriter {
    private var out = ""

    init(capacity: Int = 4096) { out.reserveCapacity(capacity) }

    private mutating func tag(_ name: String, _ attributes: [(String, String)]) {
        out += "<" + name
        for (key, value) in attributes { out += " " + key + "=\"" + HTMLEscape.attribute(value) + "\"" }
    }

    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        tag(name, attributes)
        out += ">"
    }

    mutating func close(_ name: String) { out += "</" + name + ">" }

    /// A self-closed element.
    mutating func element(_ name: String, _ attributes: [(String, String)]) {
        tag(name, attributes)
        out += "/>"
    }

    /// An element holding only text.
    mutating func element(_ name: String, _ attributes: [(String, String)], text: String) {
        open(name, attributes)
        self.text(text)
        close(name)
    }

    mutating func text(_ value: String) { out += HTMLEscape.attribute(value) }

    var markup: TrustedMarkup { TrustedMarkup(html: out) }
}
