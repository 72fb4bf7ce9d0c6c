import Foundation
import Vapor

/// The site's one script file (`Resources/js/maillage.js`), read once from the bundle.
enum Script {
    static let source: String = {
        guard let url = Bundle.module.url(forResource: "maillage", withExtension: "js", subdirectory: "Resources/js"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return "" }
        return text
    }()

    static func response() -> Response {
        let response = Response(status: .ok, body: .init(string: source))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"])
        response.headers.cacheControl = .init(isPublic: true, maxAge: 3600)
        return response
    }
}
