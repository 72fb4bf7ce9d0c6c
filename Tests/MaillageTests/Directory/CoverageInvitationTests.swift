import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// Issue 13, item 11: from "who is missing" to an invitation.
@Suite struct CoverageInvitationTests {
    @Test func anAnimatorInvitesAMissingFamily() async throws {
        try await withMaillage { app in
            // setup: imported fiches, one of them aide alimentaire with a public address and nobody holding it
            _ = try await Fixtures.animator(app, "anim@test.fr", of: "11")
            _ = try await InteropFiles.run(app, structures: InteropFiles.structures, services: InteropFiles.services)
            let canal = try #require(try await OrganizationSource.query(on: app.db).filter(\.$sourceID == "dora--1").first()).$organization.id
            let desk = Browser(app)
            try await desk.signIn("anim@test.fr")
            let page = try await desk.get(DirectoryURL.coverage("11") + "?ligne=aide-alimentaire").body.string
            #expect(page.contains("Inviter un acteur : Aide alimentaire"))
            #expect(page.contains("contact@canal.example.org"))
            // act: invite that fiche's address, then an address typed for health
            #expect(
                try await desk.post(DirectoryURL.coverageInvitation("11"), ["ligne": "aide-alimentaire", "fiche": canal.uuidString]).status == .seeOther)
            #expect(
                try await desk.post(
                    DirectoryURL.coverageInvitation("11"),
                    ["ligne": "sante", "courriel": "maison-sante@test.fr", "mot": "Nous préparons un atelier nutrition."]
                ).status == .seeOther)
            // check: the first can claim its fiche; the second registers one; each is in the journal
            let claim = try #require(try await Mailbox.last(app, to: "contact@canal.example.org", kind: CoverageInvitation.mailKind))
            #expect(claim.textBody.contains(DirectoryURL.join(canal)) && claim.textBody.contains("« Aide alimentaire »"))
            let health = try #require(try await Mailbox.last(app, to: "maison-sante@test.fr", kind: CoverageInvitation.mailKind))
            #expect(health.textBody.contains(DirectoryURL.newOrganization.path) && health.textBody.contains("atelier nutrition"))
            #expect(health.subject.contains("Animatrice 11 vous invite sur Maillage"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.territoryInvitation.code).count() == 2)
            // The same address twice in a month: refused, what was typed kept.
            let again = try await desk.post(
                DirectoryURL.coverageInvitation("11"), ["ligne": "sante", "courriel": "maison-sante@test.fr", "mot": "Relance"])
            #expect(again.status == .unprocessableEntity && again.body.string.contains("déjà été invitée") && again.body.string.contains("Relance"))
            let bad = try await desk.post(DirectoryURL.coverageInvitation("11"), ["ligne": "sante", "courriel": "pas-une-adresse"])
            #expect(bad.status == .unprocessableEntity)
            // Only the territory's animators invite.
            try await Fixtures.user(app, "ref@test.fr")
            let other = Browser(app)
            try await other.signIn("ref@test.fr")
            #expect(try await other.post(DirectoryURL.coverageInvitation("11"), ["ligne": "sante", "courriel": "x@test.fr"]).status == .forbidden)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == CoverageInvitation.mailKind).count() == 2)
        }
    }
}
