import Foundation

/// French mail in two forms, plain text and simple HTML, from the same paragraphs: every value is escaped
/// in the HTML, and the one button is the link back to the right page.
struct MailComposer {
    var greeting: String
    var paragraphs: [String]
    var action: (label: String, url: String)?
    var closing: [String] = []

    func mail(kind: String, to: String, subject: String) -> Mail {
        Mail(kind: kind, to: to, subject: subject, text: text, html: html)
    }

    var text: String {
        var lines = [greeting, ""]
        for p in paragraphs { lines += [p, ""] }
        if let action { lines += ["\(action.label) : \(action.url)", ""] }
        for p in closing { lines += [p, ""] }
        lines += [
            "—", "Maillage — coopérer pour la solidarité alimentaire sur le territoire.",
            "Vous recevez ce message parce qu'une action sur Maillage concerne votre adresse.",
        ]
        return lines.joined(separator: "\n")
    }

    var html: String {
        var out = "<!DOCTYPE html><html lang=\"fr\"><body style=\"font-family:sans-serif;color:#1d2733;line-height:1.5;max-width:560px\">"
        out += "<p>\(HTMLEscape.attribute(greeting))</p>"
        for p in paragraphs { out += "<p>\(HTMLEscape.attribute(p))</p>" }
        if let action {
            out +=
                "<p><a href=\"\(HTMLEscape.attribute(action.url))\" style=\"display:inline-block;background:#1f6f5c;color:#fff;"
                + "padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:bold\">\(HTMLEscape.attribute(action.label))</a></p>"
            out +=
                "<p style=\"font-size:13px;color:#5b6875\">Si le bouton ne s'ouvre pas, copiez cette adresse dans votre navigateur :<br>"
                + "\(HTMLEscape.attribute(action.url))</p>"
        }
        for p in closing { out += "<p>\(HTMLEscape.attribute(p))</p>" }
        out += "<p style=\"font-size:13px;color:#5b6875\">— Maillage, coopérer pour la solidarité alimentaire sur le territoire.</p></body></html>"
        return out
    }
}
