import Foundation

/// Who runs this Maillage, as the legal pages name them: read from the environment, so that each territory's
/// operator fills in its own (`OPERATOR_NAME`, `OPERATOR_ADDRESS`, `PUBLICATION_DIRECTOR`, `CONTACT_EMAIL`,
/// `HOSTING_PROVIDER`). What is missing is shown as missing, not invented.
struct LegalIdentity: Sendable, Equatable {
    var operatorName: String?
    var operatorAddress: String?
    var publicationDirector: String?
    var contactEmail: String?
    var hostingProvider: String?

    init(
        operatorName: String? = nil, operatorAddress: String? = nil, publicationDirector: String? = nil, contactEmail: String? = nil,
        hostingProvider: String? = nil
    ) {
        self.operatorName = operatorName
        self.operatorAddress = operatorAddress
        self.publicationDirector = publicationDirector
        self.contactEmail = contactEmail
        self.hostingProvider = hostingProvider
    }

    init(_ env: [String: String]) throws {
        func value(_ key: String) -> String? { env[key].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
        operatorName = value("OPERATOR_NAME")
        operatorAddress = value("OPERATOR_ADDRESS")
        publicationDirector = value("PUBLICATION_DIRECTOR")
        hostingProvider = value("HOSTING_PROVIDER")
        contactEmail = value("CONTACT_EMAIL")
        if let contactEmail, !EmailAddress.isValid(contactEmail) {
            throw AppConfig.Invalid(variable: "CONTACT_EMAIL", reason: "adresse e-mail invalide")
        }
    }

    /// What the demo site says about itself.
    static let demo = LegalIdentity(
        operatorName: "Démonstration Maillage (aucun exploitant réel)", operatorAddress: "—",
        publicationDirector: "—", contactEmail: nil, hostingProvider: "la machine qui fait tourner la démonstration")

    var missing: [String] {
        [
            ("OPERATOR_NAME", operatorName), ("OPERATOR_ADDRESS", operatorAddress), ("PUBLICATION_DIRECTOR", publicationDirector),
            ("CONTACT_EMAIL", contactEmail), ("HOSTING_PROVIDER", hostingProvider),
        ].filter { $0.1 == nil }.map(\.0)
    }
}
