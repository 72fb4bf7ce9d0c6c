import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// Issue 12, what people get: notifications and the daily summary, "Mon espace", settings, legal pages, contact,
/// the administrators' view of the outbox.
@Suite struct PeopleFeaturesTests {
    @Test func notificationsReachTheRightPeopleByTheirChosenChannel() async throws {
        try await withMaillage { app in
            // setup
            let animator = try await Fixtures.animator(app, "anim@test.fr", of: "11")
            let referent = try await Fixtures.user(app, "ref@test.fr", name: "Claire")
            let person = try await Browser.impersonating(try referent.requireID(), app)
            // act: a new structure waits for validation
            _ = try await person.post(
                DirectoryURL.newOrganization.path,
                [
                    "name": "Épicerie des Halles", "category": "aide-alimentaire",
                    "postal_code": "11100", "commune": "Narbonne",
                ])
            // check: the animator is told in the app (daily summary by default: no mail yet)
            let inbox = try await UserNotification.query(on: app.db).filter(\.$user.$id == animator.requireID()).all()
            #expect(inbox.map(\.kind) == ["structure-a-valider"])
            #expect(try await Mailbox.last(app, to: "anim@test.fr") == nil)
            let desk = try await Browser.impersonating(try animator.requireID(), app)
            #expect(try await desk.get(PlatformURL.dashboard.path).body.string.contains("Épicerie des Halles"))
            #expect(try await desk.get("/").body.string.contains("aria-label=\"1 non lue\""))
            // The validation tells the referent at once by mail.
            let org = try #require(try await Organization.query(on: app.db).filter(\.$name == "Épicerie des Halles").first())
            #expect(try await desk.post(DirectoryURL.moderationDecide(try org.requireID()), ["decision": "valider"]).status == .seeOther)
            #expect(try await Mailbox.last(app, to: "ref@test.fr")?.subject == "« Épicerie des Halles » est validée")
            // Opening a notification marks it read and goes where it points.
            let mine = try #require(try await UserNotification.query(on: app.db).filter(\.$user.$id == referent.requireID()).first())
            let opened = try await person.get(PlatformURL.notificationOpen(try mine.requireID()))
            #expect(opened.headers.first(name: .location) == DirectoryURL.organization(try org.requireID()))
            #expect(try await UserNotification.find(mine.id, on: app.db)?.readAt != nil)
            // Someone else's notification is not theirs to open.
            #expect(try await desk.get(PlatformURL.notificationOpen(try mine.requireID())).status == .notFound)
            // With "in the app only" chosen, no mail.
            _ = try await person.post(AccountsURL.settingsNotifications.path, ["canal_structure-decision": "application"])
            let second = try await Fixtures.organization(app, referent: referent, input: Fixtures.input(name: "Deuxième"), validated: false)
            let mails = try await OutboxMessage.query(on: app.db).filter(\.$recipient == "ref@test.fr").count()
            _ = try await desk.post(DirectoryURL.moderationDecide(try second.requireID()), ["decision": "valider"])
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$recipient == "ref@test.fr").count() == mails)
        }
    }

    @Test func theDailySummaryGoesOncePerDayAfterSeven() async throws {
        try await withMaillage { app in
            // setup: two notifications waiting for the summary
            let animator = try await Fixtures.animator(app, "anim@test.fr", of: "11")
            for title in ["Une", "Deux"] {
                try await Notifier.notify(
                    [try animator.requireID()], .structureToValidate, title: title, body: "corps", link: DirectoryURL.moderation.path,
                    now: app.clock.now, base: "", on: app.db)
            }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = NotificationDigest.paris
            let today = calendar.startOfDay(for: app.clock.now).addingTimeInterval(86_400)
            // act and check: the next day before 7 a.m., nothing; after, one summary; again the same day, nothing more
            #expect(try await NotificationDigest.runIfDue(app: app, now: today.addingTimeInterval(6 * 3600)) == 0)
            #expect(try await NotificationDigest.runIfDue(app: app, now: today.addingTimeInterval(8 * 3600)) == 1)
            #expect(try await NotificationDigest.runIfDue(app: app, now: today.addingTimeInterval(9 * 3600)) == 0)
            let summary = try #require(try await Mailbox.last(app, to: "anim@test.fr"))
            #expect(summary.subject.contains("résumé du jour (2)"))
            #expect(summary.textBody.contains("• Une") && summary.textBody.contains("• Deux"))
        }
    }

    @Test func settingsChangeNamePasswordAndAddressWithVerification() async throws {
        try await withMaillage { app in
            // setup
            let user = try await Fixtures.user(app, "claire@test.fr", name: "Claire")
            try await Fixtures.user(app, "pris@test.fr")
            let browser = Browser(app)
            try await browser.signIn("claire@test.fr")
            let other = Browser(app)
            try await other.signIn("claire@test.fr")
            // act and check: the name
            #expect(try await browser.post(AccountsURL.settingsName.path, ["name": "Claire Martin"]).status == .seeOther)
            #expect(try await User.find(user.id, on: app.db)?.name == "Claire Martin")
            // An address already used is said clearly; a new one waits for its link.
            let taken = try await browser.post(AccountsURL.settingsEmail.path, ["email": "pris@test.fr", "current_password": Fixtures.password])
            #expect(taken.status == .conflict && taken.body.string.contains("déjà celle d'un autre compte"))
            #expect(
                try await browser.post(AccountsURL.settingsEmail.path, ["email": "claire.martin@test.fr", "current_password": "faux"]).status
                    == .unprocessableEntity)
            #expect(
                try await browser.post(AccountsURL.settingsEmail.path, ["email": "claire.martin@test.fr", "current_password": Fixtures.password]).status
                    == .seeOther)
            #expect(try await User.find(user.id, on: app.db)?.email == "claire@test.fr")
            let link = try await Mailbox.link(app, to: "claire.martin@test.fr", kind: "compte.changement-adresse")
            let token = try #require(URLComponents(string: link)?.queryItems?.first { $0.name == "jeton" }?.value)
            #expect(try await Browser(app).post(AccountsURL.emailConfirm.path, ["jeton": token]).status == .seeOther)
            #expect(try await User.find(user.id, on: app.db)?.email == "claire.martin@test.fr")
            #expect(try await Mailbox.last(app, to: "claire@test.fr")?.kind == "compte.adresse-changée")
            #expect(try await Browser(app).post(AccountsURL.emailConfirm.path, ["jeton": token]).status == .gone)
            // A new password closes the other sessions, not this one.
            let changed = try await browser.post(
                AccountsURL.settingsPassword.path,
                [
                    "current_password": Fixtures.password, "password": "nouveau-mot-de-passe-7",
                    "password_confirmation": "nouveau-mot-de-passe-7",
                ])
            #expect(changed.status == .seeOther)
            #expect(try await browser.get(AccountsURL.settings.path).status == .ok)
            #expect(try await other.get(AccountsURL.settings.path).status == .seeOther)
            // The data export holds what we keep.
            let export = try await browser.get(AccountsURL.dataExport.path)
            #expect(export.headers.contentType == .json && export.body.string.contains("Claire Martin"))
        }
    }

    @Test func deletingAnAccountKeepsTheJournalWithoutTheName() async throws {
        try await withMaillage { app in
            // setup
            let referent = try await Fixtures.user(app, "ref@test.fr", name: "Rémi Référent")
            let member = try await Fixtures.user(app, "membre@test.fr", name: "Marie Membre")
            let org = try await Fixtures.organization(app, referent: referent)
            try await Membership(userID: try member.requireID(), organizationID: try org.requireID(), role: .member).create(on: app.db)
            let memberBrowser = try await Browser.impersonating(try member.requireID(), app)
            _ = try await memberBrowser.post(AccountsURL.settingsName.path, ["name": "Marie M."])
            // act: the last referent cannot leave; the member can
            let refused = try await Browser.impersonating(try referent.requireID(), app)
                .post(AccountsURL.deleteAccount.path, ["current_password": Fixtures.password])
            #expect(refused.status == .conflict && refused.body.string.contains("seule référent"))
            #expect(try await memberBrowser.post(AccountsURL.deleteAccount.path, ["current_password": "faux"]).status == .unprocessableEntity)
            let deleted = try await memberBrowser.post(AccountsURL.deleteAccount.path, ["current_password": Fixtures.password])
            // check
            #expect(deleted.status == .seeOther)
            #expect(try await User.find(member.id, on: app.db) == nil)
            #expect(try await Membership.query(on: app.db).count() == 1)
            let lines = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.profileUpdated.code).all()
            #expect(lines.count == 1 && lines[0].actor == "compte supprimé" && lines[0].userID == nil && lines[0].actorEmail == nil)
        }
    }

    @Test func legalPagesContactAndTheAdministratorsOutbox() async throws {
        try await withMaillage(configure: { $0.legal = LegalIdentity(operatorName: "CCAS de Narbonne", contactEmail: "contact@ccas.example.org") }) { app in
            // Every page links to the legal pages; they name the operator.
            let home = try await Browser(app).get("/").body.string
            for path in [PlatformURL.legalNotice.path, PlatformURL.privacy.path, PlatformURL.accessibility.path, PlatformURL.contact.path] {
                #expect(home.contains("href=\"\(path)\""))
                #expect(try await Browser(app).get(path).status == .ok)
            }
            #expect(try await Browser(app).get(PlatformURL.legalNotice.path).body.string.contains("CCAS de Narbonne"))
            #expect(try await Browser(app).get(PlatformURL.legalNotice.path).body.string.contains("HOSTING_PROVIDER"))
            // Contact goes to the operator's address, through the outbox.
            let bad = try await Browser(app).post(PlatformURL.contact.path, ["name": "", "email": "x", "subject": "", "message": "court"])
            #expect(bad.status == .unprocessableEntity)
            let sent = try await Browser(app).post(
                PlatformURL.contact.path,
                [
                    "name": "Léa", "email": "lea@test.fr", "subject": "Fiche à corriger",
                    "message": "La fiche de l'épicerie a de mauvais horaires.",
                ])
            #expect(sent.status == .ok && sent.body.string.contains("votre message est parti"))
            #expect(try await Mailbox.last(app, to: "contact@ccas.example.org")?.textBody.contains("lea@test.fr") == true)
            // Administrators see that mail is not sent, and put a failed message back in the queue.
            let admin = try await Fixtures.user(app, "admin@test.fr", admin: true)
            let failed = try #require(try await Mailbox.last(app, to: "contact@ccas.example.org"))
            failed.status = OutboxMessage.Status.failed.rawValue
            failed.lastError = "réponse du serveur : 550 boîte inconnue"
            try await failed.save(on: app.db)
            let desk = try await Browser.impersonating(try admin.requireID(), app)
            let page = try await desk.get(PlatformURL.admin.path).body.string
            #expect(page.contains("SMTP_HOST n'est pas défini") && page.contains("550 boîte inconnue"))
            #expect(try await desk.post(PlatformURL.adminRetry(try failed.requireID()), [:]).status == .seeOther)
            #expect(try await OutboxMessage.find(failed.id, on: app.db)?.statusValue == .queued)
            #expect(try await Browser.impersonating(try Fixtures.user(app, "x@test.fr").requireID(), app).get(PlatformURL.admin.path).status == .forbidden)
        }
    }
}
