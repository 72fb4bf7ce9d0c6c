import Foundation
import Vapor

/// Configuration read once, at start-up, from the environment. A bad value stops the app and names the variable.
public struct AppConfig: Sendable {
    public enum DatabaseChoice: Sendable, Equatable {
        case sqliteFile(String)
        case sqliteMemory
        case postgres(String)
    }

    public var database: DatabaseChoice
    /// Public address of the site (links in exports and the OpenAPI document); `https` turns on `Secure` cookies.
    public var baseURL: String?
    /// Optional map tile template, e.g. `https://tile.example.org/{z}/{x}/{y}.png`; the map works without it.
    public var tileURL: String?
    public var tileAttribution: String
    public var secureCookies: Bool
    public var demo: Bool
    public var bcryptCost: Int
    /// Background jobs (imports, mail) run in `serve` only: commands and tests run them when they choose.
    public var backgroundJobs = false
    /// Where mail goes; without it the app keeps its outbox and says so to administrators.
    var smtp: SMTPSettings?
    /// Behind a reverse proxy, the client's address is the last one the proxy adds to `X-Forwarded-For`.
    public var trustProxy = false
    /// Who runs the site, for the legal pages.
    var legal = LegalIdentity()

    public struct Invalid: Error, CustomStringConvertible {
        public let variable: String
        public let reason: String
        public var description: String { "Configuration invalide: \(variable): \(reason)" }
    }

    public static func fromEnvironment(
        _ env: [String: String] = ProcessInfo.processInfo.environment,
        defaultDatabase: DatabaseChoice = .sqliteFile("data/maillage.sqlite")
    ) throws -> AppConfig {
        let database = try env["DATABASE_URL"].map(parseDatabaseURL) ?? defaultDatabase
        let baseURL = env["BASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if let baseURL, URL(string: baseURL)?.scheme == nil {
            throw Invalid(variable: "BASE_URL", reason: "une adresse complète est attendue, par exemple https://maillage.example.org")
        }
        let tileURL = env["TILE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if let tileURL, !(tileURL.contains("{z}") && tileURL.contains("{x}") && tileURL.contains("{y}")) {
            throw Invalid(variable: "TILE_URL", reason: "le modèle doit contenir {z}, {x} et {y}")
        }
        var cost = 10
        if let raw = env["BCRYPT_COST"] {
            guard let value = Int(raw), (4...16).contains(value) else {
                throw Invalid(variable: "BCRYPT_COST", reason: "un entier entre 4 et 16 est attendu")
            }
            cost = value
        }
        var config = AppConfig(
            database: database, baseURL: baseURL, tileURL: tileURL,
            tileAttribution: env["TILE_ATTRIBUTION"] ?? "",
            secureCookies: baseURL?.hasPrefix("https://") ?? false,
            demo: false, bcryptCost: cost)
        config.smtp = try smtpSettings(env, baseURL: baseURL)
        config.legal = try LegalIdentity(env)
        if let raw = env["TRUST_PROXY"], !raw.isEmpty {
            guard ["1", "true", "0", "false"].contains(raw.lowercased()) else {
                throw Invalid(variable: "TRUST_PROXY", reason: "1 (derrière un proxy) ou 0 est attendu")
            }
            config.trustProxy = raw == "1" || raw.lowercased() == "true"
        }
        return config
    }

    static func smtpSettings(_ env: [String: String], baseURL: String?) throws -> SMTPSettings? {
        guard let host = env["SMTP_HOST"], !host.isEmpty else { return nil }
        var port = 25
        if let raw = env["SMTP_PORT"], !raw.isEmpty {
            guard let value = Int(raw), (1...65535).contains(value) else {
                throw Invalid(variable: "SMTP_PORT", reason: "un port entre 1 et 65535 est attendu")
            }
            port = value
        }
        guard let from = env["SMTP_FROM"], EmailAddress.isValid(from) else {
            throw Invalid(
                variable: "SMTP_FROM", reason: "l'adresse d'expéditeur est obligatoire avec SMTP_HOST, par exemple ne-pas-repondre@maillage.example.org")
        }
        let helo = baseURL.flatMap { URL(string: $0)?.host } ?? "maillage.localhost"
        return SMTPSettings(
            host: host, port: port, username: env["SMTP_USERNAME"].flatMap { $0.isEmpty ? nil : $0 },
            password: env["SMTP_PASSWORD"], from: from, heloName: helo)
    }

    /// `sqlite:///abs/path.sqlite`, `sqlite://relative.sqlite`, `sqlite::memory:`, `postgres://user:pass@host:port/db`.
    public static func parseDatabaseURL(_ raw: String) throws -> DatabaseChoice {
        if raw == "sqlite::memory:" || raw == "sqlite://:memory:" { return .sqliteMemory }
        if raw.hasPrefix("sqlite://") {
            let path = String(raw.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw Invalid(variable: "DATABASE_URL", reason: "chemin du fichier SQLite manquant") }
            return .sqliteFile(path)
        }
        if raw.hasPrefix("postgres://") || raw.hasPrefix("postgresql://") { return .postgres(raw) }
        throw Invalid(variable: "DATABASE_URL", reason: "schéma inconnu (sqlite:// ou postgres:// attendus)")
    }
}

extension Request {
    /// The client's address: from the socket, or from the proxy's `X-Forwarded-For` when `TRUST_PROXY` is set.
    var clientIP: String? {
        if application.maillageConfig.trustProxy,
            let forwarded = headers.first(name: .xForwardedFor)?.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !forwarded.isEmpty
        {
            return forwarded
        }
        return remoteAddress?.ipAddress
    }

    /// Absolute links in mail come from `BASE_URL`, else from the address the server listens on: never from the
    /// request's `Host`, which anyone can set (a reset link pointing elsewhere would hand over the token).
    var publicBaseURL: String { application.publicBaseURL }
}

extension Application {
    /// See `Request.publicBaseURL`; background work (reminders, releases) writes the same links.
    var publicBaseURL: String {
        if let base = maillageConfig.baseURL { return base.hasSuffix("/") ? String(base.dropLast()) : base }
        let server = http.server.configuration
        return "http://\(server.hostname):\(server.port)"
    }
}

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }
    public var maillageConfig: AppConfig {
        get { storage[ConfigKey.self] ?? AppConfig(database: .sqliteMemory, tileAttribution: "", secureCookies: false, demo: false, bcryptCost: 10) }
        set { storage[ConfigKey.self] = newValue }
    }
}
