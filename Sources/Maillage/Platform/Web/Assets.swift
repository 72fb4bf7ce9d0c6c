import Crypto
import Foundation
import Vapor

/// The site's stylesheet and script: each module's file from `Resources/css` and `Resources/js`, joined at start
/// in the order of `Modules.all`, served under a name that carries a hash of the content (`maillage-3f9a….css`)
/// so browsers keep it a year and a new version is a new address. No CDN, no inline code (the CSP holds).
struct Assets: Sendable {
    struct File: Sendable {
        var name: String
        var body: String
        var contentType: HTTPMediaType
        var path: String { PlatformURL.asset(name) }
    }

    let stylesheet: File
    let script: File

    static let shared = Assets()

    init(modules: [any MaillageModule.Type] = Modules.all) {
        let css = modules.compactMap { $0.stylesheet }.map { Self.resource($0, "css") }.joined(separator: "\n")
        let js = modules.compactMap { $0.script }.map { Self.resource($0, "js") }.joined(separator: "\n")
        stylesheet = File(
            name: "maillage-\(Self.hash(css)).css", body: css,
            contentType: HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"]))
        script = File(
            name: "maillage-\(Self.hash(js)).js", body: js,
            contentType: HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"]))
    }

    static func resource(_ name: String, _ ext: String) -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Resources/\(ext)"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "" }
        return text
    }

    static func hash(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
    }

    @Sendable static func serve(req: Request) async throws -> Response {
        let name = try PlatformURL.asset.value(of: req)
        guard let file = [shared.stylesheet, shared.script].first(where: { $0.name == name }) else {
            throw Abort(.notFound, reason: "Ce fichier n'existe pas (ou plus) : rechargez la page.")
        }
        let response = Response(status: .ok, body: .init(string: file.body))
        response.headers.contentType = file.contentType
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=31536000, immutable")
        return response
    }
}
