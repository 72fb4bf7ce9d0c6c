import Fluent
import Foundation
import Vapor

/// The contact form of a fiche: the address stays hidden, the message goes through the outbox with the sender
/// as Reply-To, each sending is logged and limited.
enum ContactController {
    @Sendable static func form(req: Request) async throws -> Response {
        let (org, recipients) = try await load(req)
        var form = FormState<ContactRules.Field>()
        if let wanted = req.query[String.self, at: "a"], recipients.contains(where: { $0.key == wanted }) { form.values[.recipient] = wanted }
        return try page(req, org: org, recipients: recipients, form: form, refusal: nil, status: .ok)
    }

    @Sendable static func send(req: Request) async throws -> Response {
        let (org, recipients) = try await load(req)
        let orgID = try org.requireID()
        var form = FormState<ContactRules.Field>(req)
        let viewer = req.viewer
        if let viewer, viewer.isVerified {
            form.values[.name] = viewer.name
            form.values[.email] = viewer.email
        }
        let input = ContactRules.Input(
            recipient: form[.recipient], name: form.trimmed(.name), email: form.trimmed(.email).lowercased(), message: form.trimmed(.message))
        form.errors = ContactRules.validate(input, recipients: recipients)
        guard form.isValid, let recipient = recipients.first(where: { $0.key == input.recipient }) else {
            return try page(req, org: org, recipients: recipients, form: form, refusal: nil, status: .unprocessableEntity)
        }
        let now = req.clock.now
        let clientKey = ContactRules.clientKey(req.clientIP)
        if let refusal = try await ContactRules.limitReached(senderEmail: input.email, clientKey: clientKey, organizationID: orgID, now: now, on: req.db) {
            return try page(req, org: org, recipients: recipients, form: form, refusal: refusal, status: .tooManyRequests)
        }
        let addresses: [(name: String, email: String)]
        if let email = recipient.email {
            addresses = [(recipient.label, email)]
        } else {
            let ids = try await DirectoryPeople.referents(of: orgID, on: req.db)
            addresses = try await User.query(on: req.db).filter(\.$id ~~ ids).all().map { ($0.name, $0.email) }
        }
        let link = req.publicBaseURL + DirectoryURL.organization(orgID)
        let verified = viewer?.isVerified == true
        let messageID = UUID()
        try await req.db.audited(
            .contactMessageSent, about: .structure(orgID), territory: org.scope.primaryTerritoryID, by: viewer,
            summary: "Message de \(input.name) à \(recipient.label) par le formulaire de la fiche", visitor: verified ? nil : "\(input.name) (visiteur)"
        ) { tx in
            let log = ContactMessage()
            log.id = messageID
            log.$organization.id = orgID
            log.recipient = recipient.label
            log.senderName = input.name
            log.senderEmail = input.email
            log.$sender.id = viewer?.userID
            log.clientKey = clientKey
            log.createdAt = now
            try await log.create(on: tx)
            for (i, to) in addresses.enumerated() {
                let mail = DirectoryMails.contact(
                    to: to, organization: org.name, from: (input.name, input.email, verified), message: input.message, link: link)
                try await Outbox.enqueue(mail, key: "contact:\(messageID.uuidString):\(i)", now: now, on: tx)
            }
        }
        return Flash.redirect(
            req, to: DirectoryURL.organization(orgID),
            notice: "Message envoyé à \(recipient.label). La réponse arrivera à \(input.email).")
    }

    /// The structure (404 when the person may not see it) and whom its form can write to.
    private static func load(_ req: Request) async throws -> (Organization, [ContactRecipient]) {
        let org = try await OrganizationService.find(try DirectoryAPIController.requireID(req), on: req.db)
        guard Permissions.canSee(org.scope, status: org.statusValue, req.viewer) else {
            throw Abort(.notFound, reason: "Cette structure n'existe pas (ou plus).")
        }
        var recipients = (org.$contacts.value ?? []).sorted { $0.name < $1.name }.compactMap { c -> ContactRecipient? in
            guard let email = c.email, EmailAddress.isValid(email), let id = c.id else { return nil }
            return ContactRecipient(key: id.uuidString, label: c.role.isEmpty ? c.name : "\(c.name) — \(c.role)", email: email)
        }
        if try await !DirectoryPeople.referents(of: try org.requireID(), on: req.db).isEmpty {
            recipients.append(ContactRecipient(key: ContactRecipient.referentsKey, label: "Les référent·es de la fiche", email: nil))
        }
        return (org, recipients)
    }

    private static func page(
        _ req: Request, org: Organization, recipients: [ContactRecipient], form: FormState<ContactRules.Field>, refusal: String?,
        status: HTTPResponseStatus
    ) throws -> Response {
        var form = form
        let known = req.viewer?.isVerified == true
        if known, let viewer = req.viewer {
            form.values[.name] = viewer.name
            form.values[.email] = viewer.email
        }
        let model = OrganizationContactPage.Model(
            organizationID: try org.requireID(), organizationName: org.name, recipients: recipients, form: form, senderIsKnown: known, refusal: refusal)
        return OrganizationContactPage.View(context: PageContext(req), model: model).response(status: status, on: req)
    }
}

enum DirectoryMails {
    /// A message from the contact form: the sender is named, answers go to them, the recipient's address is not
    /// revealed to them.
    static func contact(
        to: (name: String, email: String), organization: String, from: (name: String, email: String, verified: Bool), message: String, link: String
    ) -> Mail {
        var mail = MailComposer(
            greeting: "Bonjour \(to.name),",
            paragraphs: [
                "\(from.name) (\(from.email)) vous écrit depuis la fiche « \(organization) » sur Maillage :"
            ] + message.components(separatedBy: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map { "    " + $0 }
                + [
                    "Pour répondre, répondez simplement à ce courriel : votre réponse ira à \(from.name). Maillage ne lui a pas communiqué votre adresse."
                        + (from.verified ? "" : " Son adresse n'a pas été vérifiée : restez prudent·e avant de donner des informations personnelles.")
                ],
            action: ("Voir la fiche", link),
            closing: [
                "Ce message vous parvient parce que votre adresse est celle d'un interlocuteur de cette fiche. Vous pouvez la retirer en modifiant la fiche."
            ]
        ).mail(kind: "structure.contact", to: to.email, subject: "Message pour « \(organization) » via Maillage")
        mail.replyTo = from.email
        return mail
    }
}

extension Organization {
    /// Whether its contact form can reach someone: an interlocutor with an address, or a referent.
    func isContactable(on db: any Database) async throws -> Bool {
        if ($contacts.value ?? []).contains(where: { $0.email.map(EmailAddress.isValid) ?? false }) { return true }
        return try await !DirectoryPeople.referents(of: try requireID(), on: db).isEmpty
    }
}
