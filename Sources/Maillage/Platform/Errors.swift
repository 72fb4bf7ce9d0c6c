import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Vapor

/// A field-by-field refusal of user input, whatever names its fields: 422 and each message at its field, in the
/// API's problem as on the error page.
protocol FieldRefusal: AbortError, Sendable {
    /// The messages by the API's field names.
    var fields: [String: String] { get }
}

extension FieldRefusal {
    var status: HTTPResponseStatus { .unprocessableEntity }
    var reason: String { "Certaines informations sont à corriger." }
}

/// A refusal named by the API's own field names (query parameters, a list's "3.kg"); forms use `Refusal<Key>`.
struct ValidationFailure: FieldRefusal {
    var fields: [String: String]
}

/// RFC 9457 problem details.
struct Problem: Content {
    struct FieldError: Content {
        var field: String
        var message: String
    }
    var type: String
    var title: String
    var status: Int
    var detail: String
    var errors: [FieldError]?
}

/// One place turns every error into a French HTML page or `application/problem+json`, never a 500 for bad input.
struct ProblemMiddleware: AsyncMiddleware {
    /// Longer addresses are refused before any route reads them (issue 11, finding 16).
    static let maxURLBytes = 8 * 1024

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            guard req.url.string.utf8.count <= Self.maxURLBytes else {
                throw Abort(.uriTooLong, reason: "Adresse trop longue : \(Self.maxURLBytes / 1024) Ko au plus.")
            }
            return try await next.respond(to: req)
        } catch let abort as any AbortError where abort.status == .notFound && req.url.path.hasPrefix("/api/") {
            // A path that exists with other methods: 405 and the methods it takes, as HTTP says.
            let allowed = req.application.routes.all.filter { Self.matches($0.path, req.url.path) }.map(\.method.rawValue)
            // A route of this method answered 404 itself (an unknown id): that stands.
            guard !allowed.isEmpty, !allowed.contains(req.method.rawValue) else { return Self.response(for: abort, on: req) }
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .allow, value: Set(allowed).sorted().joined(separator: ", "))
            return Self.response(
                for: Abort(
                    .methodNotAllowed, headers: headers,
                    reason: "Cette méthode n'est pas acceptée à cette adresse (acceptées : \(Set(allowed).sorted().joined(separator: ", ")))."), on: req)
        } catch {
            return Self.response(for: error, on: req)
        }
    }

    /// Whether a registered path pattern matches a concrete path.
    static func matches(_ pattern: [PathComponent], _ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        if pattern.last == .catchall { return parts.count >= pattern.count - 1 }
        guard parts.count == pattern.count else { return false }
        return zip(pattern, parts).allSatisfy { component, part in
            if case .constant(let value) = component { return value == part }
            return true
        }
    }

    static func wantsJSON(_ req: Request) -> Bool {
        if req.url.path.hasPrefix("/api/") { return true }
        let accept = req.headers.first(name: .accept) ?? ""
        return accept.contains("application/json") || accept.contains("application/problem+json")
    }

    static func response(for error: any Error, on req: Request) -> Response {
        let status: HTTPResponseStatus
        let detail: String
        var fields: [Problem.FieldError]?
        var headers = HTTPHeaders()
        switch error {
        case let failure as any FieldRefusal:
            status = failure.status
            detail = failure.reason
            fields = failure.fields.sorted { $0.key < $1.key }.map { Problem.FieldError(field: $0.key, message: $0.value) }
        case let abort as any AbortError:
            status = abort.status
            detail = frenchReason(abort.status, abort.reason)
            headers = abort.headers
        case is DecodingError:
            status = .badRequest
            detail = "Le contenu envoyé est illisible ou mal formé (JSON ou formulaire attendu)."
        case let database as any DatabaseError where clientFault(database) != nil:
            // What the database refuses because of what was sent is the client's to fix, not a server failure.
            (status, detail) = clientFault(database) ?? (.conflict, "")
        default:
            req.logger.report(error: error)
            status = .internalServerError
            detail = "Une erreur inattendue est survenue. Elle a été enregistrée ; réessayez dans un instant."
        }
        if status == .unauthorized, !wantsJSON(req), req.method == .GET {
            let back = ReturnPath.validated(req.url.string).flatMap { $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) }
            return Redirect.to(AccountsURL.signIn.path + (back.map { "?retour=" + $0 } ?? ""), on: req)
        }
        let response: Response
        if wantsJSON(req) {
            let problem = Problem(type: "about:blank", title: status.reasonPhrase, status: Int(status.code), detail: detail, errors: fields)
            response = Response(status: status)
            try? response.content.encode(problem, as: .json)
            response.headers.contentType = HTTPMediaType(type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])
        } else {
            response = ErrorPage.View(context: PageContext(req), status: status, detail: detail).response(status: status, on: req)
        }
        for (name, value) in headers where name.lowercased() != "content-type" && name.lowercased() != "content-length" {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        return response
    }

    /// A database refusal caused by the request (a duplicate, a value out of range, a byte the engine rejects).
    static func clientFault(_ error: any DatabaseError) -> (HTTPResponseStatus, String)? {
        if error.isConstraintFailure {
            return (.conflict, "Cette information existe déjà ou a changé entre-temps : rechargez la page et vérifiez.")
        }
        // PostgreSQL class 22: data exceptions (invalid byte sequence, value too long, number out of range…).
        if let pg = error as? PSQLError, let state = pg.serverInfo?[.sqlState], state.hasPrefix("22") {
            return (.unprocessableEntity, "Une valeur envoyée n'est pas acceptée (trop longue, hors limites ou mal encodée) : corrigez-la et recommencez.")
        }
        if let sqlite = error as? SQLiteError, sqlite.reason == .tooBig || sqlite.reason == .mismatch || sqlite.reason == .range {
            return (.unprocessableEntity, "Une valeur envoyée n'est pas acceptée (trop longue ou hors limites) : corrigez-la et recommencez.")
        }
        return nil
    }

    /// Vapor's own reasons are in English; people using Maillage read French.
    static func frenchReason(_ status: HTTPResponseStatus, _ reason: String) -> String {
        guard reason == status.reasonPhrase else { return reason }
        switch status {
        case .notFound: return "Cette page ou cette ressource n'existe pas (ou plus)."
        case .forbidden: return "Vous n'avez pas les droits pour cette action."
        case .unauthorized: return "Connectez-vous pour continuer."
        case .payloadTooLarge: return "Le contenu envoyé est trop volumineux."
        case .methodNotAllowed: return "Cette méthode n'est pas acceptée à cette adresse."
        case .unsupportedMediaType: return "Ce type de contenu n'est pas accepté : envoyez du JSON."
        case .badRequest: return "La requête est mal formée."
        case .uriTooLong: return "Adresse trop longue."
        case .tooManyRequests: return "Trop de tentatives : réessayez dans quelques minutes."
        default: return reason
        }
    }
}

extension Request {
    /// A JSON body, only when it is declared as JSON: a cross-site form can send `text/plain` that happens to be
    /// JSON, and must be refused (issue 11, finding 10).
    func jsonBody<T: Decodable>(_ type: T.Type) throws -> T {
        guard let contentType = headers.contentType, contentType.type == "application",
            contentType.subType == "json" || contentType.subType.hasSuffix("+json")
        else {
            throw Abort(.unsupportedMediaType, reason: "Envoyez le contenu en JSON, avec l'en-tête « Content-Type: application/json ».")
        }
        return try content.decode(T.self, as: .json)
    }
}

/// What the database engines say in their own words, read in one place.
enum DatabaseFailure {
    /// PostgreSQL aborted the transaction to break a deadlock (SQLSTATE 40P01): running it again is safe and usually
    /// succeeds. SQLite has one writer at a time and never reports one.
    static func isDeadlock(_ error: any Error) -> Bool {
        (error as? PSQLError)?.serverInfo?[.sqlState] == "40P01"
    }
}
