import Fluent
import Foundation
import Vapor

/// Mentions légales, privacy, accessibility statement and contact (issue 12), linked from every page's footer.
enum LegalController {
    static func identity(_ req: Request) -> LegalIdentity {
        let config = req.application.maillageConfig
        return config.demo && config.legal.operatorName == nil ? .demo : config.legal
    }

    @Sendable static func legalNotice(req: Request) async throws -> Response {
        LegalPage.View(context: PageContext(req), model: .init(kind: .notice, identity: identity(req))).response(on: req)
    }

    @Sendable static func privacy(req: Request) async throws -> Response {
        LegalPage.View(context: PageContext(req), model: .init(kind: .privacy, identity: identity(req))).response(on: req)
    }

    @Sendable static func accessibility(req: Request) async throws -> Response {
        LegalPage.View(context: PageContext(req), model: .init(kind: .accessibility, identity: identity(req))).response(on: req)
    }

    enum ContactField: String, FormKey { case name, email, subject, message }

    /// Where contact messages go: the operator's address, else the administrators'.
    static func recipients(_ req: Request) async throws -> [String] {
        if let contact = identity(req).contactEmail { return [contact] }
        return try await User.query(on: req.db).filter(\.$isAdmin == true).filter(\.$emailVerifiedAt != nil).all().map(\.email)
    }

    @Sendable static func contactForm(req: Request) async throws -> Response {
        var form = FormState<ContactField>()
        if let viewer = req.viewer { form.values = [.name: viewer.name, .email: viewer.email] }
        let available = try await !recipients(req).isEmpty
        return ContactPage.View(context: PageContext(req), model: .init(form: form, sent: false, available: available)).response(on: req)
    }

    @Sendable static func contact(req: Request) async throws -> Response {
        var form = FormState<ContactField>(req)
        let email = form.trimmed(.email).lowercased()
        if form.trimmed(.name).isEmpty { form.refuse(.name, "Indiquez votre nom.") }
        if !EmailAddress.isValid(email) { form.refuse(.email, "Adresse e-mail invalide : c'est là que la réponse arrivera.") }
        if form.trimmed(.subject).isEmpty || form.trimmed(.subject).count > 150 { form.refuse(.subject, "Donnez un objet (150 caractères au plus).") }
        let message = form.trimmed(.message)
        if message.count < 10 || message.count > 5000 { form.refuse(.message, "Écrivez votre message (entre 10 et 5 000 caractères).") }
        let recipients = try await recipients(req)
        guard form.isValid, !recipients.isEmpty else {
            return form.again(ContactPage.View(context: PageContext(req), model: .init(form: form, sent: false, available: !recipients.isEmpty)), on: req)
        }
        let now = req.clock.now
        let composer = MailComposer(
            greeting: "Bonjour,",
            paragraphs: [
                "Message reçu par le formulaire de contact de Maillage.",
                "De : \(form.trimmed(.name)) <\(email)>", "Objet : \(form.trimmed(.subject))", message,
            ],
            action: nil, closing: ["Répondez directement à \(email)."])
        let mails = recipients.map { composer.mail(kind: "contact", to: $0, subject: "Contact Maillage : \(form.trimmed(.subject))") }
        try await req.db.writeTransaction { tx in
            for mail in mails { try await Outbox.enqueue(mail, key: "contact:\(UUID().uuidString)", now: now, on: tx) }
        }
        return ContactPage.View(context: PageContext(req), model: .init(form: .init(), sent: true, available: true)).response(on: req)
    }
}
