import Foundation
import Vapor

/// Control characters have no place in what people type or send (issue 11, finding 6: a NUL byte made every
/// text write answer 500 on PostgreSQL). Tab, line feed and carriage return stay allowed in bodies: a
/// textarea sends them.
enum ControlCharacters {
    static func isForbidden(_ scalar: Unicode.Scalar, allowLineBreaks: Bool) -> Bool {
        let v = scalar.value
        if v == 0x7F { return true }
        guard v < 0x20 else { return false }
        return !(allowLineBreaks && (v == 0x09 || v == 0x0A || v == 0x0D))
    }

    static func contains(_ text: String, allowLineBreaks: Bool = true) -> Bool {
        text.unicodeScalars.contains { isForbidden($0, allowLineBreaks: allowLineBreaks) }
    }

    /// Whether a JSON text holds a forbidden character, raw or written as a `\u` escape.
    static func inJSON(_ bytes: some Collection<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        while let byte = iterator.next() {
            if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D || byte == 0x7F { return true }
            guard byte == 0x5C, let escaped = iterator.next() else { continue }  // backslash
            guard escaped == 0x75 else { continue }  // \u
            var code: UInt32 = 0
            for _ in 0..<4 {
                guard let hex = iterator.next(), let digit = Character(UnicodeScalar(hex)).hexDigitValue else { return false }
                code = code * 16 + UInt32(digit)
            }
            if let scalar = Unicode.Scalar(code), isForbidden(scalar, allowLineBreaks: true) { return true }
        }
        return false
    }
}

/// Refuses control characters at the door, with a French 422, before anything reaches a rule or a database:
/// in the path, the query string, and form or JSON bodies (uploads are checked record by record by their importer).
struct InputGuardMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let refused = Abort(
            .unprocessableEntity, reason: "Le texte envoyé contient un caractère de contrôle invisible (par exemple un octet nul) : retirez-le et recommencez.")
        if ControlCharacters.contains(req.url.path.removingPercentEncoding ?? req.url.path, allowLineBreaks: false) { throw refused }
        if let query = req.url.query, ControlCharacters.contains(query.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? query) {
            throw refused
        }
        if ![.GET, .HEAD, .OPTIONS].contains(req.method), let type = req.headers.contentType {
            if type == .urlEncodedForm || type.subType == "json" || type.subType.hasSuffix("+json") {
                let body = try await req.body.collect(max: req.application.routes.defaultMaxBodySize.value).get()
                if let body {
                    let bytes = body.readableBytesView
                    if type == .urlEncodedForm {
                        let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "+", with: " ")
                        if ControlCharacters.contains(text.removingPercentEncoding ?? text) { throw refused }
                    } else if ControlCharacters.inJSON(bytes) {
                        throw refused
                    }
                }
            }
        }
        return try await next.respond(to: req)
    }
}
