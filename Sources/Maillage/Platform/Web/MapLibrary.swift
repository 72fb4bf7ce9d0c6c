import Crypto
import Foundation
import Vapor

/// Leaflet and its marker clustering, as Debian installs them (`libjs-leaflet`, `libjs-leaflet.markercluster`,
/// in /usr/share/javascript/leaflet, or `LEAFLET_DIR`): read at start and served by the app under /static/leaflet,
/// never from a CDN and never copied into the repository. Without the packages, pages keep the map drawn on the
/// server, with zoom and pan links.
struct MapLibrary: Sendable {
    struct File: Sendable {
        var body: Data
        var contentType: HTTPMediaType
    }

    /// The files pages ask for, and the images Leaflet's stylesheet points to.
    static let scripts = ["leaflet.js", "leaflet.markercluster.js"]
    static let stylesheets = ["leaflet.css", "MarkerCluster.css", "MarkerCluster.Default.css"]
    static let images = ["layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"]

    let files: [String: File]
    /// A hash of all the files, in their addresses, so that an upgraded package is a new address.
    let version: String

    var isAvailable: Bool { (Self.scripts + Self.stylesheets).allSatisfy { files[$0] != nil } }

    static let shared = MapLibrary(directory: ProcessInfo.processInfo.environment["LEAFLET_DIR"] ?? "/usr/share/javascript/leaflet")

    init(directory: String) {
        var files: [String: File] = [:]
        var hasher = SHA256()
        let base = URL(fileURLWithPath: directory)
        for name in Self.scripts + Self.stylesheets + Self.images.map({ "images/" + $0 }) {
            // Debian ships the readable and the minified versions; the minified one is lighter.
            let candidates = name.hasSuffix(".js") ? [name.replacingOccurrences(of: ".js", with: ".min.js"), name] : [name]
            guard let data = candidates.lazy.compactMap({ try? Data(contentsOf: base.appendingPathComponent($0)) }).first else { continue }
            hasher.update(data: data)
            let type: HTTPMediaType =
                name.hasSuffix(".js")
                ? HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"])
                : name.hasSuffix(".css") ? HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"]) : .png
            files[name] = File(body: data, contentType: type)
        }
        self.files = files
        version = hasher.finalize().prefix(6).map { String(format: "%02x", $0) }.joined()
    }

    func path(_ name: String) -> String { PlatformURL.mapLibrary(name) + "?v=" + version }

    @Sendable static func serve(req: Request) async throws -> Response {
        let name = try PlatformURL.mapLibrary.value(of: req)
        return try file(shared.files[name], req)
    }

    @Sendable static func serveImage(req: Request) async throws -> Response {
        let name = try PlatformURL.mapLibraryImage.value(of: req)
        return try file(shared.files["images/" + name], req)
    }

    private static func file(_ file: File?, _ req: Request) throws -> Response {
        guard let file else { throw Abort(.notFound, reason: "Ce fichier n'existe pas ici.") }
        let response = Response(status: .ok, body: .init(data: file.body))
        response.headers.contentType = file.contentType
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=31536000, immutable")
        return response
    }
}
