import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Maillage

@Suite struct AccountFlowTests {
    @Test func signUpCreateStructureValidateAndFindIt() async throws {
        try await withMaillage { app in
            _ = try await Fixtures.animator(app, "anim@test.fr", of: "11")
            let person = Browser(app)
            // Sign up, then open the link of the activation mail.
            let signUp = try await person.post(
                AccountsURL.signUp.path,
                [
                    "name": "Claire Martin", "email": "Claire@Test.fr",
                    "password": "un-long-mot-de-passe", "password_confirmation": "un-long-mot-de-passe",
                ])
            #expect(signUp.status == .seeOther)
            #expect(signUp.headers.first(name: .location) == AccountsURL.checkMail.path)
            #expect(person.cookies[ViewerMiddleware.sessionCookie] == nil)
            let link = try await Mailbox.link(app, to: "claire@test.fr", kind: "compte.vérification")
            #expect(try await person.get(link).body.string.contains("Activer mon compte"))
            let token = try #require(URLComponents(string: link)?.queryItems?.first { $0.name == "jeton" }?.value)
            let activated = try await person.post(AccountsURL.activation.path, ["jeton": token])
            #expect(activated.status == .seeOther)
            #expect(person.cookies[ViewerMiddleware.sessionCookie] != nil)
            let setCookie = activated.headers[.setCookie].joined(separator: " | ")
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"))
            // The link served once.
            #expect(try await Browser(app).post(AccountsURL.activation.path, ["jeton": token]).status == .gone)
            // Create a structure: it waits for validation.
            let created = try await person.post(
                DirectoryURL.newOrganization.path,
                [
                    "name": "Épicerie Les Halles", "category": "aide-alimentaire", "postal_code": "11100", "commune": "narbonne",
                    "description": "Épicerie solidaire.", "capacity_frais": "300", "contact_name_0": "Claire Martin", "contact_role_0": "Présidente",
                ])
            #expect(created.status == .seeOther)
            let org = try #require(try await Organization.query(on: app.db).filter(\.$name == "Épicerie Les Halles").with(\.$capacities).first())
            #expect(org.statusValue == .pending)
            #expect(org.commune == "Narbonne")
            #expect(org.capacities.first?.capacityKg == 300)
            let body186 = try await Browser(app).get(DirectoryURL.directory.path + "?q=halles").body.string
            #expect(!body186.contains("Épicerie Les Halles"))
            #expect(try await Browser(app).get(DirectoryURL.organization(try org.requireID())).status == .notFound)
            #expect(try await person.get(DirectoryURL.organization(try org.requireID())).body.string.contains("en attente de validation"))
            // The animator validates it; it appears in the directory.
            let animator = Browser(app)
            try await animator.signIn("anim@test.fr")
            #expect(try await animator.get(DirectoryURL.moderation.path).body.string.contains("Épicerie Les Halles"))
            let decided = try await animator.post(DirectoryURL.moderationDecide(try org.requireID()), ["decision": "valider"])
            #expect(decided.status == .seeOther)
            #expect(try await Browser(app).get(DirectoryURL.directory.path + "?q=halles").body.string.contains("Épicerie Les Halles"))
            // Every step is in the audit log, which the animator reads and the member cannot.
            let journal = try await animator.get(PlatformURL.journal.path)
            #expect(journal.body.string.contains("Structure inscrite"))
            #expect(journal.body.string.contains("Structure validée"))
            #expect(try await person.get(PlatformURL.journal.path).status == .forbidden)
            // Sign out ends the session.
            _ = try await person.post(AccountsURL.signOut.path, [:])
            #expect(try await person.get(AccountsURL.account.path).status == .seeOther)
        }
    }

    @Test func rejectionNeedsAReasonAndShowsIt() async throws {
        try await withMaillage { app in
            _ = try await Fixtures.animator(app, "anim@test.fr", of: "11")
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let org = try await Fixtures.organization(app, referent: referent, validated: false)
            let animator = Browser(app)
            try await animator.signIn("anim@test.fr")
            _ = try await animator.post(DirectoryURL.moderationDecide(try org.requireID()), ["decision": "refuser", "reason": ""])
            #expect(try await Organization.find(org.id, on: app.db)?.statusValue == .pending)
            _ = try await animator.post(DirectoryURL.moderationDecide(try org.requireID()), ["decision": "refuser", "reason": "Doublon de la fiche existante"])
            #expect(try await Organization.find(org.id, on: app.db)?.statusValue == .rejected)
            let owner = Browser(app)
            try await owner.signIn("ref@test.fr")
            #expect(try await owner.get(DirectoryURL.organization(try org.requireID())).body.string.contains("Doublon de la fiche existante"))
        }
    }

    @Test func onlyMembersAndTheirAnimatorsEdit() async throws {
        try await withMaillage { app in
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let stranger = try await Fixtures.user(app, "autre@test.fr")
            _ = try await Fixtures.animator(app, "anim34@test.fr", of: "34")
            let org = try await Fixtures.organization(app, referent: referent)
            _ = try await Fixtures.organization(app, referent: stranger, input: Fixtures.input(name: "Autre structure"))
            let edit = DirectoryURL.organizationEdit(try org.requireID())
            // A visitor is sent to sign in.
            let visitor = try await Browser(app).get(edit)
            #expect(visitor.status == .seeOther)
            #expect(visitor.headers.first(name: .location)?.hasPrefix(AccountsURL.signIn.path) == true)
            // A member of another structure, or an animator of another territory, gets 403.
            let other = Browser(app)
            try await other.signIn("autre@test.fr")
            #expect(try await other.get(edit).status == .forbidden)
            #expect(try await other.post(edit, ["name": "Piratée"]).status == .forbidden)
            let otherAnimator = Browser(app)
            try await otherAnimator.signIn("anim34@test.fr")
            #expect(try await otherAnimator.get(edit).status == .forbidden)
            // The referent edits; the change shows.
            let owner = Browser(app)
            try await owner.signIn("ref@test.fr")
            let form = try await owner.get(edit)
            #expect(form.body.string.contains("value=\"Épicerie solidaire Test\""))
            var fields = OrganizationFormMapping.values(from: Fixtures.input(), today: app.today)
            fields["services"] = "Paniers de fruits et légumes frais"
            #expect(try await owner.post(edit, fields).status == .seeOther)
            #expect(try await owner.get(DirectoryURL.organization(try org.requireID())).body.string.contains("Paniers de fruits et légumes frais"))
        }
    }

    @Test func invalidFormKeepsInputAndExplainsEachField() async throws {
        try await withMaillage { app in
            try await Fixtures.user(app, "ref@test.fr")
            let browser = Browser(app)
            try await browser.signIn("ref@test.fr")
            let res = try await browser.post(
                DirectoryURL.newOrganization.path,
                [
                    "name": "", "category": "inconnue", "postal_code": "11100", "commune": "Narbonne", "email": "pas-un-mail",
                    "siret": "12345678901234", "latitude": "abc", "longitude": "3", "services": "Mes services <b>gras</b>",
                ])
            #expect(res.status == .unprocessableEntity)
            let html = res.body.string
            #expect(html.contains("Le nom de la structure est obligatoire."))
            #expect(html.contains("Catégorie inconnue"))
            #expect(html.contains("Adresse e-mail invalide"))
            #expect(html.contains("clé de contrôle"))
            #expect(html.contains("Latitude invalide"))
            #expect(html.contains("value=\"pas-un-mail\""))
            #expect(html.contains("Mes services &lt;b&gt;gras&lt;/b&gt;"))  // kept, and escaped
            #expect(try await Organization.query(on: app.db).count() == 0)
        }
    }

    @Test func formsWithoutTheCSRFTokenAreRefused() async throws {
        try await withMaillage { app in
            try await Fixtures.user(app, "ref@test.fr")
            let res = try await Browser(app).post(AccountsURL.signIn.path, ["email": "ref@test.fr", "password": Fixtures.password], csrf: false)
            #expect(res.status == .forbidden)
            #expect(res.body.string.contains("Le formulaire a expiré"))
        }
    }

    @Test func loginIsSlowedPerAccountThenOpensAgain() async throws {
        try await withMaillage { app in
            try await Fixtures.user(app, "ref@test.fr")
            let browser = Browser(app)
            for _ in 0...LoginThrottle.freeFailures {
                #expect(try await browser.post(AccountsURL.signIn.path, ["email": "ref@test.fr", "password": "mauvais"]).status == .unauthorized)
            }
            let blocked = try await browser.post(AccountsURL.signIn.path, ["email": "ref@test.fr", "password": Fixtures.password])
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.body.string.contains("Trop de tentatives"))
            #expect(blocked.headers.first(name: .retryAfter) == "2")
            // Once the wait is over, the right password works.
            (app.clock as? FixedClock)?.advance(by: 3)
            #expect(try await browser.post(AccountsURL.signIn.path, ["email": "ref@test.fr", "password": Fixtures.password]).status == .seeOther)
        }
    }

    @Test func referentInvitesAndMembersAcceptFromTheirAccount() async throws {
        try await withMaillage { app in
            let referent = try await Fixtures.user(app, "ref@test.fr")
            try await Fixtures.user(app, "benevole@test.fr", name: "Bénévole Existant")
            let org = try await Fixtures.organization(app, referent: referent)
            let members = DirectoryURL.members(try org.requireID())
            let owner = Browser(app)
            try await owner.signIn("ref@test.fr")
            #expect(try await owner.post(members, ["email": "benevole@test.fr", "role": "member"]).status == .seeOther)
            #expect(try await owner.post(members, ["email": "nouvelle@test.fr", "role": "member"]).status == .seeOther)
            #expect(try await owner.post(members, ["email": "pas-un-mail", "role": "member"]).status == .unprocessableEntity)
            let page = try await owner.get(members).body.string
            #expect(page.contains("benevole@test.fr") && page.contains("nouvelle@test.fr"))
            #expect(try await Membership.query(on: app.db).count() == 1)
            // Both got a mail; the existing account accepts from its page.
            #expect(try await Mailbox.link(app, to: "benevole@test.fr", kind: "structure.invitation").hasPrefix(AccountsURL.account.path))
            let existing = Browser(app)
            try await existing.signIn("benevole@test.fr")
            let invitations = try await Invitation.query(on: app.db).all()
            let mine = try #require(invitations.first { $0.email == "benevole@test.fr" })
            #expect(try await existing.get(AccountsURL.account.path).body.string.contains("vous invite à rejoindre"))
            #expect(try await existing.post(AccountsURL.invitationAnswer(try mine.requireID()), ["decision": "accepter"]).status == .seeOther)
            #expect(try await existing.get(DirectoryURL.organizationEdit(try org.requireID())).status == .ok)
            // The newcomer signs up: nothing until the address is verified and the invitation accepted.
            let newcomer = Browser(app)
            _ = try await newcomer.post(
                AccountsURL.signUp.path,
                ["name": "Nouvelle", "email": "nouvelle@test.fr", "password": "un-long-mot-de-passe", "password_confirmation": "un-long-mot-de-passe"])
            let activation = try await Mailbox.link(app, to: "nouvelle@test.fr", kind: "compte.vérification")
            let token = try #require(URLComponents(string: activation)?.queryItems?.first { $0.name == "jeton" }?.value)
            #expect(try await newcomer.post(AccountsURL.activation.path, ["jeton": token]).status == .seeOther)
            #expect(try await newcomer.get(DirectoryURL.organizationEdit(try org.requireID())).status == .forbidden)
            let theirs = try #require(invitations.first { $0.email == "nouvelle@test.fr" })
            #expect(try await newcomer.post(AccountsURL.invitationAnswer(try theirs.requireID()), ["decision": "accepter"]).status == .seeOther)
            #expect(try await newcomer.get(DirectoryURL.organizationEdit(try org.requireID())).status == .ok)
            // A plain member cannot manage members; the last referent cannot be removed.
            #expect(try await newcomer.get(members).status == .forbidden)
            let refMembership = try #require(try await Membership.query(on: app.db).filter(\.$user.$id == referent.requireID()).first())
            #expect(try await owner.post(DirectoryURL.memberRemove(try org.requireID(), try refMembership.requireID()), [:]).status == .conflict)
        }
    }

    /// Issue 11, finding 7: sign-up says the same whether the address has an account; its owner is told.
    @Test func signUpWithAKnownAddressLooksTheSame() async throws {
        try await withMaillage { app in
            try await Fixtures.user(app, "ref@test.fr")
            let known = try await Browser(app).post(
                AccountsURL.signUp.path,
                ["name": "X", "email": "REF@test.fr", "password": "un-long-mot-de-passe", "password_confirmation": "un-long-mot-de-passe"])
            let fresh = try await Browser(app).post(
                AccountsURL.signUp.path,
                ["name": "Y", "email": "neuve@test.fr", "password": "un-long-mot-de-passe", "password_confirmation": "un-long-mot-de-passe"])
            #expect(known.status == fresh.status)
            #expect(known.headers.first(name: .location) == fresh.headers.first(name: .location))
            #expect(try await User.query(on: app.db).count() == 2)
            #expect(try await Mailbox.last(app, to: "ref@test.fr")?.kind == "compte.inscription-existante")
        }
    }
}
