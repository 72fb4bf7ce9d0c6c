import Fluent
import Foundation
import Vapor

/// An account of the demo site, listed on the sign-in page.
struct DemoAccount: Sendable {
    var email: String
    var password: String
    var role: String
}

extension Modules {
    static var demoAccounts: [DemoAccount] { Modules.all.flatMap { $0.demoAccounts } }
}

extension AuditAction {
    static let demoSeeded = AuditAction("démo.création", "Territoire de démonstration créé")
}

/// `serve --demo`: every module adds its part of the demo territory, once (the journal remembers it).
/// `hostile` then fills the text fields of a few more structures with injection payloads (security tests).
public func seedDemo(_ app: Application, hostile: Bool = false) async throws {
    if try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.demoSeeded.code).first() != nil {
        app.logger.notice("Territoire de démonstration déjà présent — comptes de démo listés sur la page de connexion.")
        return
    }
    let hash = try await app.password.async.hash(DemoTerritory.password)
    let demo = DemoContext(app: app, passwordHash: hash)
    for module in Modules.all { try await module.seedDemo(demo) }
    if hostile {
        // The demo's referent of La Passerelle is also referent of the hostile structures, so a browser signed in
        // as her sees the member's views of them.
        let members = try await User.query(on: app.db).filter(\.$email == "epicerie.narbonne@demo.maillage.fr").all().compactMap(\.id)
        let seeded = try await HostileData.seed(on: app.db, passwordHash: hash, members: members)
        for module in Modules.all { _ = try await module.seedHostile(demo, organization: seeded.validated, user: seeded.user) }
        app.directoryIndex.invalidate()
        app.logger.notice("Données hostiles ajoutées (tests de sécurité).")
    }
    try await app.db.writeTransaction { tx in
        try await Audit.record(on: tx, viewer: nil, action: .demoSeeded, about: .none, summary: "Territoire de démonstration créé")
    }
    app.logger.notice("Territoire de démonstration créé — comptes de démo (mot de passe « \(DemoTerritory.password) ») listés sur la page de connexion.")
}
