import Foundation
import Vapor

/// A value that can stand in a path: `/structures/<UUID>`, `/territoires/<code>`.
protocol PathValue: Sendable {
    var pathComponent: String { get }
    init?(pathComponent: String)
}

extension UUID: PathValue {
    var pathComponent: String { uuidString }
    init?(pathComponent: String) { self.init(uuidString: pathComponent) }
}

extension String: PathValue {
    var pathComponent: String { addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? self }
    init?(pathComponent: String) { self = pathComponent }
}

/// A small count in a path (a tour's number): digits only, 1 to 9999.
extension Int: PathValue {
    var pathComponent: String { String(self) }
    init?(pathComponent: String) {
        guard pathComponent.count <= 4, pathComponent.allSatisfy(\.isASCII), let v = Int(pathComponent), v >= 1 else { return nil }
        self = v
    }
}

extension String {
    /// The string as the value of a query parameter: everything but ASCII letters, digits and `-._~` percent-encoded.
    var urlQueryValue: String { addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? "" }
    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}

/// Typed paths: the same value registers the route and builds links, and the compiler counts the parameters
/// (a link to `/structures/:id` cannot be built without the id). `Path1<UUID>` reads its value back from a request.
protocol TypedPath: Sendable {
    var template: String { get }
}

extension TypedPath {
    var components: [PathComponent] { template.pathComponents }

    /// The names of the `:parameters`, in order.
    var parameterNames: [String] {
        template.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
    }
}

/// A path without parameters.
struct Path0: TypedPath {
    let template: String
    init(_ template: String) { self.template = template }
    var path: String { template }
}

struct Path1<A: PathValue>: TypedPath {
    let template: String
    init(_ template: String) { self.template = template }

    func callAsFunction(_ a: A) -> String { Self.fill(template, [a.pathComponent]) }

    /// The parameter of the request's path; 404 (in French) when it is not a valid value.
    func value(of req: Request) throws -> A {
        guard let name = parameterNames.first, let raw = req.parameters.get(name), let value = A(pathComponent: raw) else {
            throw Abort(.notFound, reason: "Cette adresse ne correspond à rien : l'identifiant est invalide.")
        }
        return value
    }

    static func fill(_ template: String, _ values: [String]) -> String {
        var remaining = values.makeIterator()
        return "/"
            + template.split(separator: "/").map { part in
                part.hasPrefix(":") ? (remaining.next() ?? String(part)) : String(part)
            }.joined(separator: "/")
    }
}

struct Path2<A: PathValue, B: PathValue>: TypedPath {
    let template: String
    init(_ template: String) { self.template = template }

    func callAsFunction(_ a: A, _ b: B) -> String { Path1<A>.fill(template, [a.pathComponent, b.pathComponent]) }

    func values(of req: Request) throws -> (A, B) {
        let names = parameterNames
        guard names.count == 2, let ra = req.parameters.get(names[0]), let rb = req.parameters.get(names[1]),
            let a = A(pathComponent: ra), let b = B(pathComponent: rb)
        else {
            throw Abort(.notFound, reason: "Cette adresse ne correspond à rien : un identifiant est invalide.")
        }
        return (a, b)
    }
}
