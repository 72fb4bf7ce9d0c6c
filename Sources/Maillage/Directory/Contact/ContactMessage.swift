import Fluent
import Foundation
import Vapor

/// One message sent through a fiche's contact form: who wrote to whom, when. The text itself is only in the
/// outbox; this line feeds the rate limits and the journal.
final class ContactMessage: Model, @unchecked Sendable {
    static let schema = "contact_messages"
    @ID(key: .id) var id: UUID?
    // data
    /// The interlocutor's name, or "référents" when the fiche has no interlocutor with an address.
    @Field(key: "recipient") var recipient: String
    @Field(key: "sender_name") var senderName: String
    @Field(key: "sender_email") var senderEmail: String
    /// A hash of the sender's network address: enough to count, not to know who they are.
    @Field(key: "client_key") var clientKey: String
    // relations
    @Parent(key: "organization_id") var organization: Organization
    @OptionalParent(key: "sender_user_id") var sender: User?
    // timestamps
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

/// Whom a fiche's form can write to: an interlocutor with an address, or the fiche's referents.
struct ContactRecipient: Equatable, Sendable {
    /// A contact's id, or `referents`.
    var key: String
    var label: String
    /// Nil for the referents (their addresses are looked up when sending).
    var email: String?

    static let referentsKey = "referents"
}

/// The rules of the contact form (issue 13, item 4): what must be filled in, and how often one may write.
enum ContactRules {
    struct Input: Sendable {
        var recipient: String
        var name: String
        var email: String
        var message: String
    }

    enum Field: String, FormKey { case recipient = "destinataire", name = "nom", email = "courriel", message }

    /// Per sender address and per connection, an hour; per fiche, a day. A person with a real question writes
    /// once or twice; more is a script.
    static let perSenderPerHour = 3
    static let perClientPerHour = 5
    static let perOrganizationPerDay = 20

    static func validate(_ input: Input, recipients: [ContactRecipient]) -> [Field: String] {
        var errors: [Field: String] = [:]
        if !recipients.contains(where: { $0.key == input.recipient }) { errors[.recipient] = "Choisissez à qui écrire." }
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { errors[.name] = "Indiquez votre nom : la personne saura qui lui écrit." }
        if name.count > 100 { errors[.name] = "Votre nom est trop long (100 caractères au plus)." }
        if !EmailAddress.isValid(input.email.trimmingCharacters(in: .whitespaces).lowercased()) {
            errors[.email] = "Adresse e-mail invalide, par exemple prenom.nom@association.fr : la réponse arrivera là."
        }
        let message = input.message.trimmingCharacters(in: .whitespacesAndNewlines)
        if message.count < 10 { errors[.message] = "Écrivez votre message (10 caractères au moins)." }
        if message.count > 3000 { errors[.message] = "Votre message est trop long (3 000 caractères au plus)." }
        return errors
    }

    static func clientKey(_ address: String?) -> String {
        SHA256.hash(data: Data(("contact:" + (address ?? "inconnue")).utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Nil when the message may go; otherwise the French reason.
    static func limitReached(senderEmail: String, clientKey: String, organizationID: UUID, now: Date, on db: any Database) async throws -> String? {
        let hourAgo = now.addingTimeInterval(-3600), dayAgo = now.addingTimeInterval(-86_400)
        let bySender = try await ContactMessage.query(on: db).filter(\.$senderEmail == senderEmail).filter(\.$createdAt > hourAgo).count()
        let byClient = try await ContactMessage.query(on: db).filter(\.$clientKey == clientKey).filter(\.$createdAt > hourAgo).count()
        if bySender >= perSenderPerHour || byClient >= perClientPerHour {
            return "Vous avez déjà envoyé plusieurs messages dans l'heure : réessayez un peu plus tard."
        }
        let byOrganization = try await ContactMessage.query(on: db).filter(\.$organization.$id == organizationID)
            .filter(\.$createdAt > dayAgo).count()
        if byOrganization >= perOrganizationPerDay {
            return "Cette structure a reçu beaucoup de messages aujourd'hui : réessayez demain, ou appelez-la si elle affiche un numéro."
        }
        return nil
    }
}
