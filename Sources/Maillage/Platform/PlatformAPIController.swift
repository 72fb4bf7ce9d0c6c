import Foundation
import Vapor

/// The API's own routes: a ping, and the description merged from every module's part.
enum PlatformAPIController {
    struct Pong: Content { var status: String }

    /// The framework's floor in benchmarks: no database, no index.
    @Sendable static func ping(req: Request) async throws -> Pong { Pong(status: "ok") }

    @Sendable static func openAPI(req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(string: OpenAPIDocument.json(baseURL: req.application.maillageConfig.baseURL)))
        response.headers.contentType = .json
        return response
    }
}

/// One OpenAPI 3.1 document from the modules' parts (`Resources/openapi/<module>.json`): the platform's part gives
/// the header; paths and component schemas are gathered from all. Two modules describing the same path or schema
/// is an error a test catches.
enum OpenAPIDocument {
    nonisolated(unsafe) static let merged: [String: Any] = merge(Modules.all.compactMap { $0.openAPI }.map(load))

    static func load(_ name: String) -> [String: Any] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Resources/openapi"),
            let data = try? Data(contentsOf: url),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return object
    }

    static func merge(_ parts: [[String: Any]]) -> [String: Any] {
        var document = parts.first { $0["openapi"] != nil } ?? [:]
        var paths: [String: Any] = [:]
        var schemas: [String: Any] = [:]
        var components = document["components"] as? [String: Any] ?? [:]
        for part in parts {
            for (path, item) in part["paths"] as? [String: Any] ?? [:] { paths[path] = item }
            for (name, schema) in (part["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:] { schemas[name] = schema }
        }
        components["schemas"] = schemas
        document["components"] = components
        document["paths"] = paths
        return document
    }

    /// Paths each module's part describes, for the test that no two parts describe the same.
    static func describedPaths() -> [String: [String]] {
        var byModule: [String: [String]] = [:]
        for module in Modules.all {
            guard let name = module.openAPI else { continue }
            byModule[module.title] = Array((load(name)["paths"] as? [String: Any] ?? [:]).keys)
        }
        return byModule
    }

    static func json(baseURL: String?) -> String {
        var document = merged
        document["servers"] = [["url": baseURL ?? "/"]]
        guard let data = try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
