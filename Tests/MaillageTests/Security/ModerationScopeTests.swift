import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// Issue 11, findings 9, 11, 12: who moderates, once, and who reads what.
@Suite struct ModerationScopeTests {
    /// "Validate" and "refuse" sent together: one wins, the other gets 409, one audit line.
    @Test func decisionsAreConditionalOnThePendingStatus() async throws {
        try await withMaillage { app in
            // setup
            let animator = try await Fixtures.animator(app, "anim@test.fr", of: "11")
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let org = try await Fixtures.organization(app, referent: referent, validated: false)
            let path = DirectoryURL.moderationDecide(try org.requireID())
            let browsers = try await (0..<6).asyncMap { _ in try await Browser.impersonating(try animator.requireID(), app) }
            // act: six decisions at once, half of each kind
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for (i, browser) in browsers.enumerated() {
                    group.addTask {
                        try await browser.post(path, i % 2 == 0 ? ["decision": "valider"] : ["decision": "refuser", "reason": "Doublon"]).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // check
            #expect(statuses.filter { $0 == .seeOther }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == .conflict }.count == 5, "\(statuses)")
            let decisions = try await AuditEntry.query(on: app.db).filter(\.$entityID == org.id)
                .filter(\.$action ~~ ["structure.validation", "structure.refus"]).count()
            #expect(decisions == 1)
            // A decided structure cannot be decided again, a refused one cannot be validated.
            let again = try await browsers[0].post(path, ["decision": "valider"])
            #expect(again.status == .conflict)
            #expect(again.body.string.contains("n'est plus en attente"))
        }
    }

    /// The territory of the address moderates; a territory the structure ticks is a request to that
    /// territory's animator.
    @Test func theAddressChoosesTheModerator() async throws {
        try await withMaillage { app in
            // setup: an animator of 66 registers a structure in Narbonne (11) that also acts in 66 and 34
            let perpignan = try await Fixtures.animator(app, "anim66@test.fr", of: "66")
            _ = try await Fixtures.animator(app, "anim11@test.fr", of: "11")
            let anim34 = try await Fixtures.animator(app, "anim34@test.fr", of: "34")
            let browser = try await Browser.impersonating(try perpignan.requireID(), app)
            // act
            let res = try await browser.post(
                DirectoryURL.newOrganization.path,
                [
                    "name": "Épicerie de Narbonne", "category": "aide-alimentaire", "postal_code": "11100", "commune": "Narbonne",
                    "territories": "66, 34",
                ])
            // check: pending for the Aude; linked to 66 (the creator animates it); 34 is a request
            #expect(res.status == .seeOther)
            let org = try #require(try await Organization.query(on: app.db).filter(\.$name == "Épicerie de Narbonne").with(\.$territories).first())
            #expect(org.statusValue == .pending)
            #expect(Set(org.territories.map(\.code)) == ["11", "66"])
            let request = try #require(try await TerritoryRequest.query(on: app.db).with(\.$territory).first())
            #expect(request.territory.code == "34")
            #expect(try await browser.post(DirectoryURL.moderationDecide(try org.requireID()), ["decision": "valider"]).status == .forbidden)
            let aude = Browser(app)
            try await aude.signIn("anim11@test.fr")
            #expect(try await aude.get(DirectoryURL.moderation.path).body.string.contains("Épicerie de Narbonne"))
            // The animator of 34 sees the request, not the structure to validate; accepting links it.
            let herault = try await Browser.impersonating(try anim34.requireID(), app)
            let queue = try await herault.get(DirectoryURL.moderation.path).body.string
            #expect(queue.contains("demande à intervenir sur : Hérault"))
            #expect(try await aude.post(DirectoryURL.territoryRequestAnswer(try request.requireID()), ["decision": "accepter"]).status == .forbidden)
            #expect(try await herault.post(DirectoryURL.territoryRequestAnswer(try request.requireID()), ["decision": "accepter"]).status == .seeOther)
            let linked = try await OrganizationTerritory.query(on: app.db).filter(\.$organization.$id == org.requireID()).with(\.$territory).all()
            #expect(Set(linked.map(\.territory.code)) == ["11", "34", "66"])
        }
    }

    /// Animators read the journal and the imports of their own territories, without e-mail addresses.
    @Test func animatorsSeeTheirTerritoriesOnly() async throws {
        try await withMaillage { app in
            // setup: activity in 11 and in 34
            let anim11 = try await Fixtures.animator(app, "anim11@test.fr", of: "11")
            let anim34 = try await Fixtures.animator(app, "anim34@test.fr", of: "34")
            let referent = try await Fixtures.user(app, "secret.address@test.fr", name: "Rémi Référent")
            _ = try await Fixtures.organization(app, referent: referent, input: Fixtures.input(name: "Structure de l'Aude"), validated: false)
            _ = try await Fixtures.organization(
                app, referent: referent, input: Fixtures.input(name: "Structure de l'Hérault", postalCode: "34500", commune: "Béziers"), validated: false)
            let viewer11 = try #require(try await Viewer.load(userID: try anim11.requireID(), on: app.db))
            let herault = try await Territory.require(code: "34", on: app.db).0
            func upload(_ name: String) throws -> UploadedFile { UploadedFile(filename: name, path: try InteropFiles.write("[]"), size: 2) }
            _ = try await ImportJob.enqueue(
                structures: try upload("aude.json"), services: nil,
                territory: try await Territory.require(code: "11", on: app.db).0, viewer: viewer11, on: app.db)
            let viewer34 = try #require(try await Viewer.load(userID: try anim34.requireID(), on: app.db))
            _ = try await ImportJob.enqueue(structures: try upload("herault.json"), services: nil, territory: herault, viewer: viewer34, on: app.db)
            let browser = try await Browser.impersonating(try anim11.requireID(), app)
            // act
            let journal = try await browser.get(PlatformURL.journal.path).body.string
            let imports = try await browser.get(DirectoryURL.imports.path).body.string
            // check
            #expect(journal.contains("Structure de l&#39;Aude") || journal.contains("Structure de l'Aude"))
            #expect(!journal.contains("Hérault"))
            #expect(journal.contains("Rémi Référent"))
            #expect(!journal.contains("secret.address@test.fr"))
            #expect(imports.contains("aude.json") && !imports.contains("herault.json"))
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}

@Suite struct PartnershipConsentTests {
    /// Issue 11, finding 13: a pending structure's declaration shows nowhere; a proposal shows once confirmed,
    /// and only between validated structures.
    @Test func onlyConfirmedPartnershipsBetweenValidatedStructuresShow() async throws {
        try await withMaillage { app in
            // setup
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let partnerReferent = try await Fixtures.user(app, "partner@test.fr")
            let pending = try await Fixtures.organization(app, referent: referent, input: Fixtures.input(name: "Structure fantôme"), validated: false)
            let partner = try await Fixtures.organization(app, referent: partnerReferent, input: Fixtures.input(name: "Banque alimentaire"))
            let declarer = try await Browser.impersonating(try referent.requireID(), app)
            let partnerPage = DirectoryURL.organization(try partner.requireID())
            // act: the pending structure declares
            let declared = try await declarer.post(DirectoryURL.partnerships(try pending.requireID()), ["partner": try partner.requireID().uuidString])
            // check
            #expect(declared.status == .seeOther)
            #expect(!(try await Browser(app).get(partnerPage).body.string.contains("Structure fantôme")))
            // The partner's people see the proposal and confirm it; still hidden while the declarer is pending.
            let partnerBrowser = try await Browser.impersonating(try partnerReferent.requireID(), app)
            #expect(try await partnerBrowser.get(partnerPage).body.string.contains("Propositions à confirmer"))
            let p = try #require(try await Partnership.query(on: app.db).first())
            let answer = DirectoryURL.partnershipAnswer(try partner.requireID(), try p.requireID())
            #expect(try await partnerBrowser.post(answer, ["decision": "confirmer"]).status == .seeOther)
            #expect(try await partnerBrowser.post(answer, ["decision": "confirmer"]).status == .notFound)
            #expect(!(try await Browser(app).get(partnerPage).body.string.contains("Structure fantôme")))
            // Once the declarer is validated, the confirmed partnership shows publicly.
            pending.status = OrganizationStatus.validated.rawValue
            try await pending.save(on: app.db)
            #expect(try await Browser(app).get(partnerPage).body.string.contains("Structure fantôme"))
        }
    }
}
