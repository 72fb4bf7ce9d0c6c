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

    /// Messages the server stored for `address`, decoded: subject and text part.
    static func received(for address: String) throws -> [(subject: String, text: String)] {
        guard let maildir else { return [] }
        var out: [(String, String)] = []
        for folder in ["new", "cur"] {
            let dir = URL(fileURLWithPath: maildir).appendingPathComponent(folder)
            for file in (try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? [] {
                let raw = try String(contentsOf: file, encoding: .utf8)
                guard raw.contains("To: <\(address)>") else { continue }
                let subjectB64 = raw.components(separatedBy: "Subject: =?UTF-8?B?").dropFirst().first?.components(separatedBy: "?=").first ?? ""
                let subject = Data(base64Encoded: subjectB64).map { String(decoding: $0, as: UTF8.self) } ?? ""
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
            (app.clock as? FixedClock)?.advance(by: Outbox.backoff(afterAttempt: 1) + 1)
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
    }
}
