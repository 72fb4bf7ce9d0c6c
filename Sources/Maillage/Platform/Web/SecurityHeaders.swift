import Foundation
import Vapor

/// Headers every response carries (issue 11, finding 14): a strict Content-Security-Policy (the site's own
/// scripts and styles only, no inline code, no framing), no MIME sniffing, no referrer sent to other sites,
/// and HSTS when the site is served over HTTPS.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    let policy: String
    let https: Bool

    init(config: AppConfig) {
        // Map tiles, when configured, are the one outside source of images.
        let tiles = config.tileURL.flatMap { URL(string: $0.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")) }
            .flatMap { url in url.host.map { "\(url.scheme ?? "https")://\($0)\(url.port.map { ":\($0)" } ?? "")" } }
        policy = [
            "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:" + (tiles.map { " " + $0 } ?? ""),
            "connect-src 'self'", "font-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'",
        ].joined(separator: "; ")
        https = config.secureCookies
    }

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: req)
        let headers = [
            ("Content-Security-Policy", policy), ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "same-origin"), ("Cross-Origin-Opener-Policy", "same-origin"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)"),
        ]
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        if https { response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains") }
        return response
    }
}
