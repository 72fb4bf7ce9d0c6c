import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// Issue 11, findings 5, 7 and 16: invitations, guessing, passwords, reset links.
@Suite struct AccountSecurityTests {
    /// Whoever signs up with an invited address gets nothing without proving they own it, and nothing at all
    /// without accepting.
    @Test func anInvitationIsNotTakenBySigningUp() async throws {
        try await withMaillage { app in
            // setup
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let org = try await Fixtures.organization(app, referent: referent)
            let owner = try await Browser.impersonating(try referent.requireID(), app)
            _ = try await owner.post(DirectoryURL.members(try org.requireID()), ["email": "invitee@test.fr", "role": "referent"])
            let invitation = try #require(try await Invitation.query(on: app.db).first())
            // act: someone else signs up with the address and signs in
            let attacker = Browser(app)
            _ = try await attacker.post(
                AccountsURL.signUp.path,
                [
                    "name": "Mallory", "email": "invitee@test.fr",
                    "password": "un-long-mot-de-passe", "password_confirmation": "un-long-mot-de-passe",
                ])
            try await attacker.signIn("invitee@test.fr", password: "un-long-mot-de-passe")
            let accepted = try await attacker.post(AccountsURL.invitationAnswer(try invitation.requireID()), ["decision": "accepter"])
            // check
            #expect(accepted.status == .seeOther)
            #expect(try await Membership.query(on: app.db).count() == 1)
            #expect(try await Invitation.query(on: app.db).count() == 1)
            #expect(try await attacker.get(DirectoryURL.members(try org.requireID())).status == .forbidden)
            // Unverified, the contact details stay hidden too.
            #expect(!(try await attacker.get(DirectoryURL.organization(try org.requireID())).body.string.contains("alice@test.example.org")))
        }
    }

    /// Sixty wrong passwords sent at once: the slot is taken before the check, so at most one is checked at a
    /// time; the owner signs in from another address meanwhile.
    @Test func parallelGuessesAreCheckedOneAtATime() async throws {
        try await withMaillage(configure: { $0.trustProxy = true }) { app in
            // setup
            try await Fixtures.user(app, "ref@test.fr")
            var attackerHeaders = HTTPHeaders()
            attackerHeaders.replaceOrAdd(name: .xForwardedFor, value: "203.0.113.7")
            let headers = attackerHeaders
            // act
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for _ in 0..<60 {
                    group.addTask {
                        try await Browser(app).post(AccountsURL.signIn.path, ["email": "ref@test.fr", "password": "mauvais-mot"], headers: headers).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // check: the checked ones (401) are few; the rest were refused before any check (429)
            let checked = statuses.filter { $0 == .unauthorized }.count
            #expect(checked >= 1 && checked <= LoginThrottle.freeFailures + 1, "\(checked) checked")
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 60 - checked)
            var ownerHeaders = HTTPHeaders()
            ownerHeaders.replaceOrAdd(name: .xForwardedFor, value: "198.51.100.20")
            let owner = try await Browser(app).post(AccountsURL.signIn.path, ["email": "ref@test.fr", "password": Fixtures.password], headers: ownerHeaders)
            #expect(owner.status == .seeOther)
        }
    }

    /// An unknown address and a wrong password get the same answer.
    @Test func unknownAndKnownAddressesAnswerAlike() async throws {
        try await withMaillage { app in
            try await Fixtures.user(app, "ref@test.fr")
            let known = try await Browser(app).post(AccountsURL.signIn.path, ["email": "ref@test.fr", "password": "mauvais-mot"])
            let unknown = try await Browser(app).post(AccountsURL.signIn.path, ["email": "personne@test.fr", "password": "mauvais-mot"])
            #expect(known.status == unknown.status)
            #expect(known.body.string.contains("E-mail ou mot de passe incorrect") && unknown.body.string.contains("E-mail ou mot de passe incorrect"))
            let forgotKnown = try await Browser(app).post(AccountsURL.forgotPassword.path, ["email": "ref@test.fr"])
            let forgotUnknown = try await Browser(app).post(AccountsURL.forgotPassword.path, ["email": "personne@test.fr"])
            #expect(forgotKnown.status == forgotUnknown.status)
            #expect(
                forgotKnown.body.string.replacingOccurrences(of: "ref@test.fr", with: "X").replacingOccurrences(of: "personne@test.fr", with: "X")
                    .contains("Si un compte existe avec l&#39;adresse X") || forgotKnown.body.string.contains("Si un compte existe"))
        }
    }

    @Test func passwordRules() {
        #expect(PasswordRules.problem("aaaaaaaaaa") != nil)
        #expect(PasswordRules.problem("1234567890") != nil)
        #expect(PasswordRules.problem("azertyuiop") != nil)
        #expect(PasswordRules.problem("Motdepasse") != nil)
        #expect(PasswordRules.problem("court") != nil)
        #expect(PasswordRules.problem(String(repeating: "é", count: 37)) != nil)  // 74 bytes
        #expect(PasswordRules.problem("claire.martin2024", email: "claire.martin@x.fr") != nil)
        #expect(PasswordRules.problem("un-long-mot-de-passe") == nil)
        #expect(PasswordRules.problem("Chèvre en goguette 7") == nil)
    }

    /// A 72-é password used to accept any ending: it is refused now, and an accepted one is exact.
    @Test func signUpRefusesPasswordsBcryptWouldCut() async throws {
        try await withMaillage { app in
            let long = String(repeating: "é", count: 72)
            let res = try await Browser(app).post(
                AccountsURL.signUp.path, ["name": "Z", "email": "z@test.fr", "password": long, "password_confirmation": long])
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("72 octets au plus"))
        }
    }

    /// A reset link works once, for an hour; it signs out every session.
    @Test func passwordResetIsSingleUseAndExpires() async throws {
        try await withMaillage { app in
            // setup
            try await Fixtures.user(app, "ref@test.fr")
            let session = Browser(app)
            try await session.signIn("ref@test.fr")
            _ = try await Browser(app).post(AccountsURL.forgotPassword.path, ["email": "ref@test.fr"])
            let link = try await Mailbox.link(app, to: "ref@test.fr", kind: "compte.mot-de-passe")
            let token = try #require(URLComponents(string: link)?.queryItems?.first { $0.name == "jeton" }?.value)
            #expect(try await AccountToken.query(on: app.db).filter(\.$tokenHash == token).count() == 0)  // stored hashed
            // act
            let browser = Browser(app)
            #expect(try await browser.get(link).status == .ok)
            let weak = try await browser.post(
                AccountsURL.resetPassword.path, ["jeton": token, "password": "azertyuiop", "password_confirmation": "azertyuiop"])
            #expect(weak.status == .unprocessableEntity)
            let done = try await browser.post(
                AccountsURL.resetPassword.path, ["jeton": token, "password": "nouveau-mot-de-passe-7", "password_confirmation": "nouveau-mot-de-passe-7"])
            // check
            #expect(done.status == .seeOther)
            #expect(try await session.get(AccountsURL.account.path).status == .seeOther)  // signed out everywhere
            try await Browser(app).signIn("ref@test.fr", password: "nouveau-mot-de-passe-7")
            let reused = try await browser.post(
                AccountsURL.resetPassword.path, ["jeton": token, "password": "encore-un-autre-mot-9", "password_confirmation": "encore-un-autre-mot-9"])
            #expect(reused.status == .gone)
            // A second link expires after an hour.
            _ = try await Browser(app).post(AccountsURL.forgotPassword.path, ["email": "ref@test.fr"])
            let second = try await Mailbox.link(app, to: "ref@test.fr", kind: "compte.mot-de-passe")
            (app.clock as? FixedClock)?.advance(by: 3601)
            #expect(try await browser.get(second).status == .gone)
        }
    }
}
