import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// The outbox against a real SMTP server: `scripts/test` starts aiosmtpd and passes its port and Maildir.
enum TestSMTP {
    static let env = ProcessInfo.processInfo.environment
    static let port = env["MAILLAGE_TEST_SMTP_PORT"].flatMap(Int.init)
    static let maildir = env["MAILLAGE_TEST_MAILDIR"]
    static var available: Bool { port != nil && maildir != nil }

    static func settings(port: Int) -> SMTPSettings {
        SMTPSettings(host: "127.0.0.1", port: port, username: nil, password: nil, from: "ne-pas-repondre@maillage.test", heloName: "maillage.test")
    }

    /// The subject's encoded words, unfolded and joined.
    static func decodedSubject(_ raw: String) -> String {
        let lines = raw.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix("Subject: ") }) else { return "" }
        let folded = [String(lines[start].dropFirst("Subject: ".count))] + lines[(start + 1)...].prefix { $0.hasPrefix(" ") }
        var bytes = Data()
        for word in folded.map({ $0.trimmingCharacters(in: .whitespaces) }) where word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?=") {
            bytes.append(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))) ?? Data())
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Messages the server stored for `address`, decoded: subject and text part.
    static func received(for address: String) throws -> [(subject: String, text: String)] {
        guard let maildir else { return [] }
        var out: [(String, String)] = []
        for folder in ["new", "cur"] {
            let dir = URL(fileURLWithPath: maildir).appendingPathComponent(folder)
            for file in (try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? [] {
                let raw = try String(contentsOf: file, encoding: .utf8)
                guard raw.contains("To: <\(address)>") else { continue }
                let subject = Self.decodedSubject(raw)
                let textPart =
                    raw.components(separatedBy: "Content-Type: text/plain; charset=utf-8").dropFirst().first?
                    .components(separatedBy: "\n\n").dropFirst().first ?? raw.components(separatedBy: "\r\n\r\n").dropFirst(2).first ?? ""
                let b64 = textPart.components(separatedBy: "--maillage").first?.filter { !$0.isWhitespace } ?? ""
                out.append((subject, Data(base64Encoded: b64).map { String(decoding: $0, as: UTF8.self) } ?? ""))
            }
        }
        return out
    }
}

@Suite(.enabled(if: TestSMTP.available, "needs the SMTP server that scripts/test starts (aiosmtpd)"))
struct OutboxDeliveryTests {
    /// Sign-up mail, sent through SMTP, read back from the server's mailbox with its activation link.
    @Test func verificationMailArrives() async throws {
        try await withMaillage { app in
            // setup
            let address = "arrivee-\(UUID().uuidString.prefix(8).lowercased())@test.fr"
            _ = try await Browser(app).post(
                AccountsURL.signUp.path,
                [
                    "name": "Élise Arrivée", "email": address,
                    "password": "un-long-mot-de-passe", "password_confirmation": "un-long-mot-de-passe",
                ])
            // act
            let tried = try await Outbox.deliverDue(app: app, settings: TestSMTP.settings(port: try #require(TestSMTP.port)))
            // check
            #expect(tried == 1)
            let mails = try TestSMTP.received(for: address)
            #expect(mails.count == 1)
            #expect(mails.first?.subject == "Activez votre compte Maillage")
            #expect(mails.first?.text.contains(AccountsURL.activation.path + "?jeton=") == true)
            #expect(try await Mailbox.last(app, to: address)?.statusValue == .sent)
        }
    }

    /// Password reset, invitation and the daily summary reach the server too, each once, each with its link back.
    @Test func resetInvitationAndSummaryArrive() async throws {
        try await withMaillage { app in
            // setup: unique addresses, since the server's mailbox outlives the test
            let tag = UUID().uuidString.prefix(8).lowercased()
            let referent = try await Fixtures.user(app, "ref-\(tag)@test.fr")
            try await Fixtures.user(app, "invitee-\(tag)@test.fr")
            let animator = try await Fixtures.animator(app, "anim-\(tag)@test.fr", of: "11")
            let org = try await Fixtures.organization(app, referent: referent)
            let owner = Browser(app)
            try await owner.signIn("ref-\(tag)@test.fr")
            // act: a reset asked for, an invitation sent, two notifications summarised the next morning
            _ = try await Browser(app).post(AccountsURL.forgotPassword.path, ["email": "ref-\(tag)@test.fr"])
            _ = try await owner.post(DirectoryURL.members(try org.requireID()), ["email": "invitee-\(tag)@test.fr", "role": "member"])
            for title in ["Première", "Seconde"] {
                try await Notifier.notify(
                    [try animator.requireID()], .structureToValidate, title: title, body: "corps", link: DirectoryURL.moderation.path,
                    now: app.clock.now, base: "", on: app.db)
            }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = NotificationDigest.paris
            let morning = calendar.startOfDay(for: app.clock.now).addingTimeInterval(86_400 + 8 * 3600)
            let clock = try #require(app.clock as? FixedClock)
            clock.advance(by: morning.timeIntervalSince(clock.now))
            #expect(try await NotificationDigest.runIfDue(app: app, now: clock.now) == 1)
            let settings = TestSMTP.settings(port: try #require(TestSMTP.port))
            #expect(try await Outbox.deliverDue(app: app, settings: settings) == 3)
            #expect(try await Outbox.deliverDue(app: app, settings: settings) == 0)
            // check
            let reset = try TestSMTP.received(for: "ref-\(tag)@test.fr")
            #expect(reset.count == 1 && reset.first?.text.contains(AccountsURL.resetPassword.path + "?jeton=") == true)
            let invitation = try TestSMTP.received(for: "invitee-\(tag)@test.fr")
            #expect(invitation.count == 1 && invitation.first?.text.contains(AccountsURL.account.path) == true)
            #expect(invitation.first?.subject == "Invitation à rejoindre « \(org.name) » sur Maillage")
            let summary = try TestSMTP.received(for: "anim-\(tag)@test.fr")
            #expect(summary.count == 1)
            #expect(summary.first?.subject.hasPrefix("Maillage : votre résumé du jour (") == true)
            #expect(summary.first.map { $0.text.contains("Première") && $0.text.contains("Seconde") } == true)
        }
    }

    /// The server is down: the message stays queued with the reason, is retried after its backoff, and
    /// arrives once; the same key enqueued twice is one message.
    @Test func aRetryAfterTheServerWasDownDeliversOnce() async throws {
        try await withMaillage { app in
            // setup
            let address = "retry-\(UUID().uuidString.prefix(8).lowercased())@test.fr"
            let mail = Mail(kind: "test", to: address, subject: "Réessai", text: "Bonjour", html: "<p>Bonjour</p>")
            try await Outbox.enqueue(mail, key: "retry:\(address)", now: app.clock.now, on: app.db)
            try await Outbox.enqueue(mail, key: "retry:\(address)", now: app.clock.now, on: app.db)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$recipient == address).count() == 1)
            let closed = Int(try #require(TestSMTP.port)) == 1 ? 2 : 1  // nothing listens on port 1
            // act: the server is unreachable
            #expect(try await Outbox.deliverDue(app: app, settings: TestSMTP.settings(port: closed)) == 1)
            let failed = try #require(try await Mailbox.last(app, to: address))
            #expect(failed.statusValue == .queued && failed.attempts == 1 && failed.lastError?.isEmpty == false)
            // Not due again before its backoff…
            #expect(try await Outbox.deliverDue(app: app, settings: TestSMTP.settings(port: try #require(TestSMTP.port))) == 0)
            // …then delivered.
            (app.clock as? FixedClock)?.advance(by: Outbox.backoff(afterAttempt: 1, spread: 1) + 1)
            #expect(try await Outbox.deliverDue(app: app, settings: TestSMTP.settings(port: try #require(TestSMTP.port))) == 1)
            #expect(try await Outbox.deliverDue(app: app, settings: TestSMTP.settings(port: try #require(TestSMTP.port))) == 0)
            // check
            #expect(try TestSMTP.received(for: address).count == 1)
            #expect(try await Mailbox.last(app, to: address)?.statusValue == .sent)
        }
    }
}

@Suite struct MailFormatTests {
    /// No header can be written from a subject or a body, and no line starts with a dot.
    @Test func messagesAreEncodedSafely() {
        let mail = OutgoingMail(to: "a@b.fr", subject: "Objet\r\nBcc: victime@x.fr", text: ".\r\n.ligne", html: nil, messageID: "id@test")
        let raw = MIMEMessage.render(mail, from: "site@maillage.test")
        #expect(!raw.contains("Bcc:"))
        #expect(!raw.split(separator: "\r\n").contains { $0.hasPrefix(".") })
        #expect(raw.contains("Message-ID: <id@test>"))
        var onBehalf = OutgoingMail(to: "a@b.fr", subject: "Objet", text: "t", html: nil, messageID: "id@test", replyTo: "jean@ferme.fr")
        #expect(MIMEMessage.render(onBehalf, from: "site@maillage.test").contains("Reply-To: <jean@ferme.fr>\r\n"))
        onBehalf.replyTo = "x@y.fr>\r\nBcc: victime@x.fr"
        #expect(!MIMEMessage.render(onBehalf, from: "site@maillage.test").contains("Reply-To"))
    }

    /// A long accented subject is cut into encoded words, between characters, in header lines of 78 at most.
    @Test func longSubjectsAreFoldedIntoShortEncodedWords() {
        let subject = "Invitation à rejoindre « Épicerie solidaire et coopérative du Grand Narbonnais » sur Maillage"
        let raw = MIMEMessage.render(OutgoingMail(to: "a@b.fr", subject: subject, text: "t", html: nil, messageID: "id@test"), from: "s@m.fr")
        let header = raw.components(separatedBy: "\r\nDate:").first ?? ""
        #expect(header.split(separator: "\r\n").allSatisfy { $0.count <= 78 })
        #expect(header.split(separator: "\r\n").count > 3)
        #expect(TestSMTP.decodedSubject(raw) == subject)
    }
}
