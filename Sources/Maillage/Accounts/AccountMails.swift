import Foundation

/// The mails of accounts and invitations (issue 11, findings 5 and 7; issue 12).
enum AccountMails {
    static func verification(name: String, to: String, link: String) -> Mail {
        MailComposer(
            greeting: "Bonjour \(name),",
            paragraphs: [
                "Votre compte Maillage est presque prêt. Ouvrez ce lien pour confirmer que cette adresse est bien la vôtre : "
                    + "vous pourrez alors rejoindre vos structures et voir les coordonnées des interlocuteurs."
            ],
            action: ("Activer mon compte", link),
            closing: ["Ce lien reste valable 7 jours. Si vous n'avez pas créé de compte, ignorez ce message : rien ne sera fait."]
        )
        .mail(kind: "compte.vérification", to: to, subject: "Activez votre compte Maillage")
    }

    /// Someone signed up with an address that has an account: the owner is told, and nothing else happens.
    static func alreadyRegistered(name: String, to: String, signIn: String, reset: String) -> Mail {
        MailComposer(
            greeting: "Bonjour \(name),",
            paragraphs: [
                "Quelqu'un vient de demander à créer un compte Maillage avec votre adresse, qui en a déjà un.",
                "Si c'était vous, connectez-vous simplement (\(signIn)). Mot de passe oublié ? Choisissez-en un nouveau ici :",
            ],
            action: ("Choisir un nouveau mot de passe", reset),
            closing: ["Si ce n'était pas vous, ignorez ce message : votre compte n'a pas changé."]
        )
        .mail(kind: "compte.inscription-existante", to: to, subject: "Une inscription avec votre adresse sur Maillage")
    }

    static func passwordReset(name: String, to: String, link: String) -> Mail {
        MailComposer(
            greeting: "Bonjour \(name),",
            paragraphs: ["Vous avez demandé à choisir un nouveau mot de passe pour Maillage."],
            action: ("Choisir un nouveau mot de passe", link),
            closing: [
                "Ce lien ne sert qu'une fois et reste valable une heure. Si vous n'avez rien demandé, ignorez ce message : "
                    + "votre mot de passe actuel reste valable."
            ]
        )
        .mail(kind: "compte.mot-de-passe", to: to, subject: "Nouveau mot de passe Maillage")
    }

    static func emailChange(name: String, to: String, link: String) -> Mail {
        MailComposer(
            greeting: "Bonjour \(name),",
            paragraphs: ["Vous avez demandé à utiliser cette adresse pour votre compte Maillage. Ouvrez ce lien pour confirmer le changement."],
            action: ("Confirmer ma nouvelle adresse", link),
            closing: ["Tant que vous ne l'avez pas confirmée, votre ancienne adresse reste celle du compte."]
        )
        .mail(kind: "compte.changement-adresse", to: to, subject: "Confirmez votre nouvelle adresse Maillage")
    }

    static func invitation(to: String, organization: String, inviter: String, role: MembershipRole, link: String) -> Mail {
        MailComposer(
            greeting: "Bonjour,",
            paragraphs: [
                "\(inviter) vous invite à rejoindre « \(organization) » sur Maillage, comme \(role.label.lowercased()).",
                "Maillage relie les acteurs de la solidarité alimentaire d'un territoire : annuaire, surplus, ressources partagées.",
                "Acceptez ou déclinez l'invitation depuis votre compte (créez-le avec cette adresse si vous n'en avez pas encore).",
            ],
            action: ("Voir l'invitation", link),
            closing: ["Si vous ne connaissez pas cette structure, déclinez l'invitation ou ignorez ce message."]
        )
        .mail(kind: "structure.invitation", to: to, subject: "Invitation à rejoindre « \(organization) » sur Maillage")
    }
}
