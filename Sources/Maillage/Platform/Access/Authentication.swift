import Fluent
import Foundation
import Vapor

enum SecretToken {
    /// 32 random bytes, URL-safe base64.
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// Loads the viewer: from a personal API token (`Authorization: Bearer`) on the API, from the session
/// cookie on pages. The API never reads the cookie, so a cross-site form cannot act through it
/// (issue 11, finding 10).
struct ViewerMiddleware: AsyncMiddleware {
    static let sessionCookie = "maillage_session"

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if req.url.path.hasPrefix("/api/") {
            if let bearer = req.headers.bearerAuthorization {
                let hash = SecretToken.hash(bearer.token)
                guard let token = try await ApiToken.query(on: req.db).filter(\.$tokenHash == hash).first(),
                    let viewer = try await Viewer.load(userID: token.$user.id, on: req.db)
                else {
                    throw Abort(.unauthorized, reason: "Jeton d'API inconnu ou révoqué.")
                }
                req.viewer = viewer
                if token.lastUsedAt.map({ Date().timeIntervalSince($0) > 300 }) ?? true {
                    token.lastUsedAt = Date()
                    try await token.save(on: req.db)
                }
            }
        } else if let value = req.cookies[Self.sessionCookie]?.string, !value.isEmpty {
            let hash = SecretToken.hash(value)
            if let session = try await UserSession.query(on: req.db).filter(\.$tokenHash == hash).first(),
                session.expiresAt > Date(), let viewer = try await Viewer.load(userID: session.$user.id, on: req.db)
            {
                req.viewer = viewer
                req.sessionToken = value
            }
        }
        return try await next.respond(to: req)
    }
}

enum Sessions {
    static let lifetime: TimeInterval = 30 * 24 * 3600

    static func start(for userID: UUID, on req: Request, response: Response) async throws {
        let token = SecretToken.generate()
        let session = UserSession()
        session.tokenHash = SecretToken.hash(token)
        session.$user.id = userID
        session.expiresAt = Date().addingTimeInterval(lifetime)
        session.createdAt = req.clock.now
        session.userAgent = req.headers.first(name: .userAgent).map { String($0.prefix(200)) }
        try await session.create(on: req.db)
        response.cookies[ViewerMiddleware.sessionCookie] = Cookies.value(token, maxAge: Int(lifetime), expires: session.expiresAt, on: req)
    }

    static func end(on req: Request, response: Response) async throws {
        if let value = req.cookies[ViewerMiddleware.sessionCookie]?.string {
            try await UserSession.query(on: req.db).filter(\.$tokenHash == SecretToken.hash(value)).delete()
        }
        response.cookies[ViewerMiddleware.sessionCookie] = Cookies.expired(on: req)
    }
}

/// CSRF protection for every form. Signed in, the token is derived from the session's secret, so a cookie
/// planted by someone else cannot forge it (issue 11, finding 2); before sign-in, a random cookie must come
/// back in the form (double submit). Browsers that say a request is cross-site are refused outright.
/// The API is exempt: it reads no cookie, only bearer tokens.
struct CSRFMiddleware: AsyncMiddleware {
    static let cookie = "maillage_csrf"
    static let field = "_csrf"

    static func token(forSession session: String) -> String { SecretToken.hash("csrf:" + session) }

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if req.url.path.hasPrefix("/api/") { return try await next.respond(to: req) }
        let anonymous = req.cookies[Self.cookie].map(\.string).flatMap { $0.count >= 20 && $0.count <= 100 ? $0 : nil }
        let expected = req.sessionToken.map(Self.token(forSession:)) ?? anonymous
        req.csrfToken = expected ?? SecretToken.generate()
        if ![.GET, .HEAD, .OPTIONS].contains(req.method) {
            let refused = Abort(.forbidden, reason: "Le formulaire a expiré ou ne vient pas de Maillage. Rechargez la page et recommencez.")
            if req.headers.first(name: "Sec-Fetch-Site") == "cross-site" { throw refused }
            // A form whose action carries the token (the import upload) is checked before its body is read.
            var sent = req.query[String.self, at: Self.field]
            if sent == nil {
                _ = try await req.body.collect(max: req.application.routes.defaultMaxBodySize.value).get()
                sent = try? req.content.get(String.self, at: Self.field)
            }
            guard let expected, let sent, Self.constantTimeEqual(sent, expected) else { throw refused }
        }
        let response = try await next.respond(to: req)
        if anonymous == nil, req.sessionToken == nil {
            response.cookies[Self.cookie] = Cookies.value(req.csrfToken, on: req)
        }
        return response
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension Request {
    private struct CSRFKey: StorageKey { typealias Value = String }
    private struct SessionKey: StorageKey { typealias Value = String }

    var csrfToken: String {
        get { storage[CSRFKey.self] ?? "" }
        set { storage[CSRFKey.self] = newValue }
    }

    /// The secret of the signed-in session that came with this request.
    var sessionToken: String? {
        get { storage[SessionKey.self] }
        set { storage[SessionKey.self] = newValue }
    }
}
