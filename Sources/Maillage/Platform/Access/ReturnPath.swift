import Foundation

/// Where the site may send a browser back to: a path of this site, and nothing a browser could read as
/// another host or a header could carry further (issue 11, finding 2: `retour=/%09/evil.example` went
/// off-site, and CR LF in `retour` wrote headers). Every redirect goes through `validated`.
enum ReturnPath {
    static let maxLength = 2048

    /// `raw` when it is safe as a `Location`, else nil.
    static func validated(_ raw: String?) -> String? {
        guard let raw, !raw.isEmpty, raw.utf8.count <= maxLength else { return nil }
        // Check the text as sent and as a browser may decode it (up to three rounds of percent-decoding).
        var forms = [raw]
        var current = raw
        for _ in 0..<3 {
            guard let decoded = current.removingPercentEncoding, decoded != current else { break }
            forms.append(decoded)
            current = decoded
        }
        if raw.contains(" ") { return nil }
        for form in forms {
            // Browsers drop tabs and line breaks inside URLs, and read `\` as `/`.
            if form.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\\" }) { return nil }
            guard form.hasPrefix("/"), !form.hasPrefix("//") else { return nil }
        }
        return raw
    }

    /// The validated path, or `fallback`.
    static func or(_ raw: String?, _ fallback: String) -> String { validated(raw) ?? fallback }
}
