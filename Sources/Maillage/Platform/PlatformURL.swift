import Foundation

/// The platform's own addresses: assets, the journal, the demo's outbox, the API's description.
enum PlatformURL {
    /// `/static/<name>-<hash>.<ext>`: a new file is a new address, so browsers may keep each one for a year.
    static let asset = Path1<String>("/static/:file")
    static let journal = Path0("/journal")
    static let demoOutbox = Path0("/demo/boite-mail")
    static let apiPing = Path0("/api/v1/ping")
    static let apiOpenAPI = Path0("/api/v1/openapi.json")
}
