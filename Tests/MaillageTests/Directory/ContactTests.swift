import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// Issue 13, item 4: interlocutors' details for the people the territory knows; a form for everyone else.
@Suite struct ContactTests {
    @Test func detailsAreShownOnlyToThePeopleTheTerritoryKnows() async throws {
        try await withMaillage { app in
            // setup: a fiche with Alice Dupont as interlocutor, and people of every kind
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let org = try await Fixtures.organization(app, referent: referent)
            let page = DirectoryURL.organization(try org.requireID())
            let stranger = try await Fixtures.user(app, "inconnu@test.fr")
            _ = stranger
            let unverified = try await Fixtures.user(app, "pas-verifie@test.fr", verified: false)
            let pendingOwner = try await Fixtures.user(app, "en-attente@test.fr")
            _ = try await Fixtures.organization(app, referent: pendingOwner, input: Fixtures.input(name: "Toute nouvelle"), validated: false)
            let otherOwner = try await Fixtures.user(app, "autre@test.fr")
            _ = try await Fixtures.organization(app, referent: otherOwner, input: Fixtures.input(name: "Autre structure validée"))
            _ = try await Fixtures.animator(app, "anim@test.fr", of: "34")
            let agent = try await Fixtures.user(app, "agent@test.fr")
            try await TerritoryRole(userID: try agent.requireID(), territoryID: try await Fixtures.territory(app, "11").requireID(), role: .publicAgent)
                .create(on: app.db)
            _ = unverified
            // act + check
            for (email, sees) in [
                (nil, false), ("inconnu@test.fr", false), ("pas-verifie@test.fr", false), ("en-attente@test.fr", false),
                ("autre@test.fr", true), ("anim@test.fr", true), ("agent@test.fr", true), ("ref@test.fr", true),
            ] as [(String?, Bool)] {
                let browser = Browser(app)
                if let email { try await browser.signIn(email) }
                let html = try await browser.get(page).body.string
                #expect(html.contains("alice@test.example.org") == sees, "\(email ?? "visiteur")")
                #expect(html.contains("04 68 00 00 00") == sees, "\(email ?? "visiteur")")
                if !sees { #expect(html.contains(DirectoryURL.contact(try org.requireID()) + "?a="), "\(email ?? "visiteur") gets the form") }
                let api = try await browser.get(DirectoryURL.apiOrganization(try org.requireID())).body.string
                #expect(!api.contains("alice@test.example.org"), "the public API never shows them without a token")
            }
        }
    }

    @Test func aVisitorWritesWithoutSeeingTheAddress() async throws {
        try await withMaillage { app in
            // setup
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let org = try await Fixtures.organization(app, referent: referent)
            let id = try org.requireID()
            let alice = try #require(try await Contact.query(on: app.db).filter(\.$name == "Alice Dupont").first())
            let visitor = Browser(app)
            let form = try await visitor.get(DirectoryURL.contact(id) + "?a=" + (try alice.requireID()).uuidString)
            #expect(form.status == .ok && !form.body.string.contains("alice@test.example.org"))
            #expect(form.body.string.contains("Alice Dupont — Coordinatrice"))
            // act
            let sent = try await visitor.post(
                DirectoryURL.contact(id),
                [
                    "destinataire": (try alice.requireID()).uuidString, "nom": "Jean Maraîcher", "courriel": "jean@ferme.example.org",
                    "message": "Bonjour, j'ai 200 kg de courgettes à donner jeudi. Pouvez-vous les prendre ?",
                ])
            // check: the mail goes to Alice, answered to Jean; the sender never sees her address
            #expect(sent.status == .seeOther)
            let mail = try #require(try await Mailbox.last(app, to: "alice@test.example.org", kind: "structure.contact"))
            #expect(mail.replyTo == "jean@ferme.example.org")
            #expect(mail.textBody.contains("200 kg de courgettes") && mail.textBody.contains("Jean Maraîcher (jean@ferme.example.org)"))
            #expect(mail.textBody.contains("n'a pas été vérifiée"))
            let after = try await visitor.get(DirectoryURL.organization(id)).body.string
            #expect(after.contains("Message envoyé à Alice Dupont — Coordinatrice") && !after.contains("alice@test.example.org"))
            #expect(try await ContactMessage.query(on: app.db).count() == 1)
            let line = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.contactMessageSent.code).first())
            #expect(line.actor == "Jean Maraîcher (visiteur)")
            // The referents are the recipient when chosen.
            let toReferents = try await Browser(app).post(
                DirectoryURL.contact(id),
                ["destinataire": "referents", "nom": "Lucie", "courriel": "lucie@asso.example.org", "message": "Nous cherchons une chambre froide."])
            #expect(toReferents.status == .seeOther)
            #expect(try await Mailbox.last(app, to: "ref@test.fr", kind: "structure.contact")?.replyTo == "lucie@asso.example.org")
        }
    }

    @Test func badInputAndFloodsAreRefusedInFrench() async throws {
        try await withMaillage { app in
            // setup
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let org = try await Fixtures.organization(app, referent: referent)
            let id = try org.requireID()
            let browser = Browser(app)
            // act + check: nothing to say, no address, nobody chosen
            let empty = try await browser.post(
                DirectoryURL.contact(id), ["destinataire": "referents", "nom": "Jean", "courriel": "pas-une-adresse", "message": "court"])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("10 caractères au moins") && empty.body.string.contains("Adresse e-mail invalide"))
            #expect(empty.body.string.contains("value=\"Jean\""))
            let nobody = try await browser.post(
                DirectoryURL.contact(id), ["destinataire": UUID().uuidString, "nom": "Jean", "courriel": "jean@x.fr", "message": "Un message assez long."])
            #expect(nobody.status == .unprocessableEntity && nobody.body.string.contains("Choisissez à qui écrire"))
            // Three messages an hour from one address; the fourth waits.
            for k in 0..<3 {
                let ok = try await browser.post(
                    DirectoryURL.contact(id),
                    ["destinataire": "referents", "nom": "Jean", "courriel": "jean@x.fr", "message": "Message numéro \(k) assez long."])
                #expect(ok.status == .seeOther)
            }
            let flood = try await browser.post(
                DirectoryURL.contact(id), ["destinataire": "referents", "nom": "Jean", "courriel": "jean@x.fr", "message": "Encore un message assez long."])
            #expect(flood.status == .tooManyRequests && flood.body.string.contains("réessayez un peu plus tard"))
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == "structure.contact").count() == 3)
            // An hour later, it goes.
            (app.clock as? FixedClock)?.advance(by: 3601)
            #expect(
                try await browser.post(
                    DirectoryURL.contact(id), ["destinataire": "referents", "nom": "Jean", "courriel": "jean@x.fr", "message": "Encore un message assez long."]
                ).status == .seeOther)
            // A pending fiche cannot be written to by strangers.
            let pending = try await Fixtures.organization(app, referent: referent, input: Fixtures.input(name: "En attente"), validated: false)
            #expect(try await Browser(app).get(DirectoryURL.contact(try pending.requireID())).status == .notFound)
        }
    }
}
