import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// Issue 13, item 9: how fresh a fiche is, errors reported to those who keep it, and the yearly "toujours exacte ?".
@Suite struct FreshnessTests {
    @Test func agesAreSaidPlainly() {
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        #expect(Freshness.ago(now.addingTimeInterval(-3600), now: now) == "aujourd'hui")
        #expect(Freshness.ago(now.addingTimeInterval(-86_400 * 1.5), now: now) == "hier")
        #expect(Freshness.ago(now.addingTimeInterval(-86_400 * 12), now: now) == "il y a 12 jours")
        #expect(Freshness.ago(now.addingTimeInterval(-86_400 * 95), now: now) == "il y a 3 mois")
        #expect(Freshness.ago(now.addingTimeInterval(-86_400 * 800), now: now) == "il y a 2 ans")
        #expect(Freshness.isStale(now.addingTimeInterval(-86_400 * 400), now: now) && !Freshness.isStale(now, now: now))
    }

    @Test func anErrorReportReachesTheReferentsAndTheAnimator() async throws {
        try await withMaillage { app in
            // setup
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let animator = try await Fixtures.animator(app, "anim@test.fr", of: "11")
            let org = try await Fixtures.organization(app, referent: referent)
            let id = try org.requireID()
            let visitor = Browser(app)
            // act + check: nothing chosen is refused, then a report goes through
            let empty = try await visitor.post(DirectoryURL.reportError(id), ["probleme": "", "precisions": "Fermé le mardi"])
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("Choisissez ce qui ne va pas"))
            #expect(empty.body.string.contains("Fermé le mardi"))
            let sent = try await visitor.post(
                DirectoryURL.reportError(id), ["probleme": "horaires", "precisions": "Distribution le mardi après-midi", "courriel": "voisin@test.fr"])
            #expect(sent.status == .seeOther)
            let told = try await UserNotification.query(on: app.db).filter(\.$kind == "erreur-signalee").all()
            #expect(Set(told.map(\.$user.id)) == [try referent.requireID(), try animator.requireID()])
            #expect(told.first?.body.contains("les horaires ne sont plus bons") == true && told.first?.body.contains("voisin@test.fr") == true)
            #expect(try await Mailbox.last(app, to: "ref@test.fr", kind: "notification.erreur-signalee")?.textBody.contains("mardi après-midi") == true)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.errorReported.code).count() == 1)
        }
    }

    @Test func aMemberConfirmsAndTheYearlyMailConfirmsInOneClick() async throws {
        try await withMaillage { app in
            // setup: a fiche last changed 400 days ago
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let org = try await Fixtures.organization(app, referent: referent)
            let id = try org.requireID()
            let old = app.clock.now.addingTimeInterval(-400 * 86_400)
            try await (app.db as? any SQLDatabase)?.update(Organization.schema).set("updated_at", to: old).where("id", .equal, id).run()
            app.directoryIndex.invalidate()
            #expect(try await Browser(app).get(DirectoryURL.organization(id)).body.string.contains("Fiche vérifiée il y a 13 mois : certaines informations"))
            #expect(try await Browser(app).get(DirectoryURL.directory.path).body.string.contains("Fiche à vérifier"))
            // act: the daily task writes one mail, once a year
            #expect(try await FreshnessReminder.run(app: app, now: app.clock.now) == 1)
            #expect(try await FreshnessReminder.run(app: app, now: app.clock.now) == 0)
            let link = try await Mailbox.link(app, to: "ref@test.fr", kind: "structure.toujours-exacte")
            #expect(link.hasPrefix(DirectoryURL.stillAccurate(id) + "?jeton="))
            let token = try #require(URLComponents(string: link)?.queryItems?.first { $0.name == "jeton" }?.value)
            // check: the page, one click, and the link serves once
            let visitor = Browser(app)
            let page = try await visitor.get(link)
            #expect(page.status == .ok && page.body.string.contains("Oui, la fiche est toujours exacte"))
            #expect(try await visitor.post(DirectoryURL.stillAccurate(id), ["jeton": token]).status == .seeOther)
            #expect(try await Organization.find(id, on: app.db)?.confirmedAt != nil)
            #expect(try await visitor.post(DirectoryURL.stillAccurate(id), ["jeton": token]).status == .gone)
            #expect(try await visitor.post(DirectoryURL.stillAccurate(id), ["jeton": "faux"]).status == .gone)
            #expect(try await Browser(app).get(DirectoryURL.organization(id)).body.string.contains("Fiche vérifiée aujourd&apos;hui") == false)
            #expect(try await Browser(app).get(DirectoryURL.organization(id)).body.string.contains("Fiche vérifiée aujourd'hui."))
            let line = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.structureConfirmed.code).first())
            #expect(line.actor == "Personne Test")
            // A member confirms from the fiche; a stranger cannot.
            let member = Browser(app)
            try await member.signIn("ref@test.fr")
            #expect(try await member.post(DirectoryURL.confirmAccurate(id), [:]).status == .seeOther)
            try await Fixtures.user(app, "autre@test.fr")
            let stranger = Browser(app)
            try await stranger.signIn("autre@test.fr")
            #expect(try await stranger.post(DirectoryURL.confirmAccurate(id), [:]).status == .forbidden)
        }
    }

    @Test func anExpiredYearlyLinkIsRefusedInFrench() async throws {
        try await withMaillage { app in
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let org = try await Fixtures.organization(app, referent: referent)
            let id = try org.requireID()
            try await (app.db as? any SQLDatabase)?.update(Organization.schema)
                .set("updated_at", to: app.clock.now.addingTimeInterval(-400 * 86_400)).where("id", .equal, id).run()
            #expect(try await FreshnessReminder.run(app: app, now: app.clock.now) == 1)
            let link = try await Mailbox.link(app, to: "ref@test.fr", kind: "structure.toujours-exacte")
            (app.clock as? FixedClock)?.advance(by: 31 * 86_400)
            let page = try await Browser(app).get(link)
            #expect(page.status == .gone && page.body.string.contains("a déjà servi ou a expiré"))
        }
    }
}
