import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Where the outbox sends mail: `SMTP_HOST`, `SMTP_PORT`, `SMTP_USERNAME`, `SMTP_PASSWORD`, `SMTP_FROM`.
struct SMTPSettings: Sendable, Equatable {
    var host: String
    var port: Int
    var username: String?
    var password: String?
    var from: String
    /// Name given in EHLO: the host of the site's address when known.
    var heloName: String = "maillage.localhost"
}

/// One message ready for the wire.
struct OutgoingMail: Sendable {
    var to: String
    var subject: String
    var text: String
    var html: String?
    /// Stable per outbox message: a receiver can tell a resend apart.
    var messageID: String
    var replyTo: String? = nil
}

struct SMTPFailure: Error, CustomStringConvertible {
    var description: String
    /// A refusal that retrying will not change (5xx on the recipient or the message).
    var permanent: Bool
}

/// A small SMTP client (RFC 5321): EHLO, STARTTLS when the server offers it, AUTH PLAIN when a user name is
/// set, one message per connection. Written here because no SMTP package is among those the project may use.
enum SMTPClient {
    static func send(
        _ mail: OutgoingMail, with settings: SMTPSettings, on group: any EventLoopGroup,
        timeout: TimeAmount = .seconds(30)
    ) async throws {
        let lines = LineStream()
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(.seconds(10))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                        try channel.pipeline.syncOperations.addHandler(SMTPLineHandler(stream: lines))
                    }
                }
                .connect(host: settings.host, port: settings.port).get()
        } catch {
            throw SMTPFailure(description: "connexion à \(settings.host):\(settings.port) impossible (\(error))", permanent: false)
        }
        let deadline = channel.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
        defer {
            deadline.cancel()
            channel.close(promise: nil)
        }
        let session = Session(channel: channel, lines: lines)
        try await session.expect(220)
        var capabilities = try await session.command("EHLO \(settings.heloName)", expect: 250)
        if capabilities.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) {
            _ = try await session.command("STARTTLS", expect: 220)
            let context = try NIOSSLContext(configuration: .makeClientConfiguration())
            let host = settings.host
            // The handler is made on the channel's loop: it is not Sendable and must not cross from this task.
            try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: host), position: .first)
            }.get()
            capabilities = try await session.command("EHLO \(settings.heloName)", expect: 250)
        }
        if let user = settings.username, !user.isEmpty {
            let token = Data(("\u{0}" + user + "\u{0}" + (settings.password ?? "")).utf8).base64EncodedString()
            _ = try await session.command("AUTH PLAIN \(token)", expect: 235)
        }
        _ = try await session.command("MAIL FROM:<\(settings.from)>", expect: 250)
        _ = try await session.command("RCPT TO:<\(mail.to)>", expect: 250, 251)
        _ = try await session.command("DATA", expect: 354)
        try await session.write(MIMEMessage.render(mail, from: settings.from) + ".\r\n")
        try await session.expect(250)
        _ = try? await session.command("QUIT", expect: 221)
    }

    private struct Session {
        let channel: any Channel
        let lines: LineStream

        func write(_ text: String) async throws {
            try await channel.writeAndFlush(channel.allocator.buffer(string: text)).get()
        }

        /// Reads one (possibly multi-line) reply; its code must be one of `codes`. Returns the reply's lines.
        @discardableResult
        func expect(_ codes: Int..., after command: String? = nil) async throws -> [String] {
            try await reply(codes, after: command)
        }

        func command(_ text: String, expect codes: Int...) async throws -> [String] {
            try await write(text + "\r\n")
            return try await reply(codes, after: text)
        }

        private func reply(_ codes: [Int], after command: String?) async throws -> [String] {
            // Never repeat credentials in a message.
            let shown = command.map { $0.hasPrefix("AUTH") ? "AUTH" : String($0.prefix(40)) }
            var lines: [String] = []
            while true {
                guard let line = await self.lines.next() else {
                    throw SMTPFailure(description: "le serveur a fermé la connexion" + (shown.map { " après « \($0) »" } ?? ""), permanent: false)
                }
                lines.append(String(line.dropFirst(4)))
                // "250-…" continues, "250 …" ends.
                guard line.count < 4 || line[line.index(line.startIndex, offsetBy: 3)] != "-" else { continue }
                let code = Int(line.prefix(3)) ?? 0
                guard codes.contains(code) else {
                    let permanent = (500..<600).contains(code) && shown != "AUTH"
                    throw SMTPFailure(description: (shown.map { "« \($0) » refusé : " } ?? "réponse du serveur : ") + line, permanent: permanent)
                }
                return lines
            }
        }
    }
}

/// Lines from the server, in order, for the one task reading them.
final class LineStream: @unchecked Sendable {
    private let continuation: AsyncStream<String>.Continuation
    private var iterator: AsyncStream<String>.AsyncIterator

    init() {
        let (stream, continuation) = AsyncStream<String>.makeStream()
        self.continuation = continuation
        iterator = stream.makeAsyncIterator()
    }

    func yield(_ line: String) { continuation.yield(line) }
    func finish() { continuation.finish() }
    func next() async -> String? { await iterator.next() }
}

private struct SMTPLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = String

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > 4096 { throw SMTPFailure(description: "ligne trop longue du serveur", permanent: false) }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex + 1
        guard var line = buffer.readString(length: length) else { return .needMoreData }
        while line.hasSuffix("\n") || line.hasSuffix("\r") { line.removeLast() }
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }
}

private final class SMTPLineHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = String
    let stream: LineStream
    init(stream: LineStream) { self.stream = stream }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) { stream.yield(unwrapInboundIn(data)) }
    func channelInactive(context: ChannelHandlerContext) { stream.finish() }
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        stream.finish()
        context.close(promise: nil)
    }
}

/// The message as sent: French text and simple HTML as `multipart/alternative`, UTF-8 in base64, the subject
/// in RFC 2047 so no header can be written from its content.
enum MIMEMessage {
    static func render(_ mail: OutgoingMail, from: String, date: Date = Date()) -> String {
        let boundary = "maillage-" + mail.messageID.filter { $0.isLetter || $0.isNumber }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        var out = "From: Maillage <\(from)>\r\n"
        out += "To: <\(mail.to)>\r\n"
        // Checked again here: an address is the only free text in a header.
        if let replyTo = mail.replyTo, EmailAddress.isValid(replyTo) { out += "Reply-To: <\(replyTo)>\r\n" }
        out += "Subject: " + encodedWords(mail.subject) + "\r\n"
        out += "Date: \(formatter.string(from: date))\r\n"
        out += "Message-ID: <\(mail.messageID)>\r\n"
        out += "MIME-Version: 1.0\r\n"
        out += "Auto-Submitted: auto-generated\r\n"
        func part(_ type: String, _ body: String) -> String {
            "Content-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64Lines(body) + "\r\n"
        }
        if let html = mail.html {
            out += "Content-Type: multipart/alternative; boundary=\"\(boundary)\"\r\n\r\n"
            out += "--\(boundary)\r\n" + part("text/plain", mail.text)
            out += "--\(boundary)\r\n" + part("text/html", html)
            out += "--\(boundary)--\r\n"
        } else {
            out += part("text/plain", mail.text)
        }
        return out
    }

    /// A header value as RFC 2047 encoded words of 42 bytes of UTF-8 at most (never a character cut in two),
    /// folded one per line, so every header line stays within 78 characters and long French subjects stay
    /// readable in every client.
    static func encodedWords(_ text: String) -> String {
        var words: [String] = []
        var chunk = Data()
        for character in text {
            let bytes = Data(String(character).utf8)
            if chunk.count + bytes.count > 42, !chunk.isEmpty {
                words.append("=?UTF-8?B?\(chunk.base64EncodedString())?=")
                chunk = Data()
            }
            chunk.append(bytes)
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?\(chunk.base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    /// Base64 in lines of 76 characters (RFC 2045); no line can start with a dot.
    static func base64Lines(_ text: String) -> String {
        let encoded = Data(text.utf8).base64EncodedString()
        var lines: [Substring] = []
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(encoded[index..<end])
            index = end
        }
        return lines.joined(separator: "\r\n")
    }
}
