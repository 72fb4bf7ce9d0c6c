import Foundation
import Plot

/// Mentions légales, politique de confidentialité, déclaration d'accessibilité: what the law asks a French public
/// website to say, with the operator's identity from the configuration.
enum LegalPage {
    enum Kind: Sendable { case notice, privacy, accessibility }

    struct Model {
        var kind: Kind
        var identity: LegalIdentity
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String {
            switch self.model.kind {
            case .notice: "Mentions légales"
            case .privacy: "Politique de confidentialité"
            case .accessibility: "Déclaration d'accessibilité"
            }
        }

        private func or(_ value: String?, _ variable: String) -> String { value ?? "à compléter par l'exploitant (\(variable))" }

        override func content() -> Component {
            Div {
                H1(self.pageTitle())
                if !self.model.identity.missing.isEmpty && self.model.identity != .demo {
                    Paragraph(
                        "Certaines informations ne sont pas encore renseignées par l'exploitant de ce site : "
                            + self.model.identity.missing.joined(separator: ", ") + "."
                    ).class("notice warning")
                }
                switch self.model.kind {
                case .notice: self.notice()
                case .privacy: self.privacy()
                case .accessibility: self.accessibility()
                }
            }.class("legal")
        }

        private func notice() -> Component {
            let id = self.model.identity
            return Div {
                H2("Éditeur")
                Paragraph("\(self.or(id.operatorName, "OPERATOR_NAME")), \(self.or(id.operatorAddress, "OPERATOR_ADDRESS")).")
                Paragraph("Directeur ou directrice de la publication : \(self.or(id.publicationDirector, "PUBLICATION_DIRECTOR")).")
                Paragraph {
                    Text("Contact : "); Link("formulaire de contact", url: PlatformURL.contact.path)
                }
                H2("Hébergement")
                Paragraph(self.or(id.hostingProvider, "HOSTING_PROVIDER"))
                H2("Données et licences")
                List {
                    ListItem(
                        "Communes, codes postaux et populations : INSEE (Code officiel géographique 2024), La Poste (Base officielle des codes postaux) — Licence Ouverte 2.0."
                    )
                    ListItem("Structures importées : leurs sources, nommées sur chaque fiche (par exemple data·inclusion, Licence Ouverte 2.0).")
                    ListItem("Fiches des structures : rédigées par leurs membres, qui en répondent ; les animateur·rices de chaque territoire les valident.")
                }
                H2("Signaler un contenu")
                Paragraph("Une fiche inexacte ou un contenu illicite ? Écrivez-nous par le formulaire de contact en donnant l'adresse de la page.")
            }
        }

        private func privacy() -> Component {
            let id = self.model.identity
            return Div {
                Paragraph(
                    "Maillage relie les acteurs de la solidarité alimentaire d'un territoire. Il ne contient aucune donnée personnelle des personnes aidées : elles n'apparaissent jamais, sinon comme des nombres."
                )
                H2("Responsable du traitement")
                Paragraph("\(self.or(id.operatorName, "OPERATOR_NAME")), \(self.or(id.operatorAddress, "OPERATOR_ADDRESS")).")
                H2("Ce que nous gardons, et pourquoi")
                Table(
                    header: TableRow {
                        TableHeaderCell("Données"); TableHeaderCell("Pour"); TableHeaderCell("Base légale"); TableHeaderCell("Durée")
                    },
                    rows: {
                        TableRow {
                            TableCell("Compte : nom, adresse e-mail, mot de passe (haché, jamais lisible)")
                            TableCell("Vous connecter, vous écrire (activation, mot de passe, notifications choisies)")
                            TableCell("Exécution du service demandé")
                            TableCell("Jusqu'à la suppression du compte")
                        }
                        TableRow {
                            TableCell("Fiches des structures et de leurs interlocuteurs (nom, rôle, e-mail, téléphone)")
                            TableCell(
                                "Savoir « qui fait quoi » sur le territoire ; les coordonnées des interlocuteurs ne sont montrées qu'aux comptes vérifiés")
                            TableCell("Intérêt légitime des acteurs à coopérer")
                            TableCell("Tant que la structure garde sa fiche")
                        }
                        TableRow {
                            TableCell("Journal des modifications (qui a changé quoi, quand)")
                            TableCell("Prouver et corriger les changements, sécurité")
                            TableCell("Intérêt légitime")
                            TableCell("Conservé ; votre nom y est remplacé par « compte supprimé » si vous supprimez votre compte")
                        }
                        TableRow {
                            TableCell("Sessions (date, navigateur) et tentatives de connexion")
                            TableCell("Vous garder connecté·e, empêcher qu'on devine un mot de passe")
                            TableCell("Intérêt légitime (sécurité)")
                            TableCell("Sessions : 30 jours ; tentatives : 1 heure")
                        }
                        TableRow {
                            TableCell("Courriels envoyés (destinataire, objet, texte)")
                            TableCell("Les envoyer une seule fois, et réessayer s'ils échouent")
                            TableCell("Exécution du service")
                            TableCell("Jusqu'à leur envoi, puis gardés comme trace")
                        }
                    })
                H2("Cookies")
                Paragraph(
                    "Trois cookies, tous nécessaires au service, sans mesure d'audience ni publicité : la session (vous garder connecté·e), le jeton anti-falsification des formulaires, et le message affiché après une action. Aucun consentement n'est donc demandé."
                )
                H2("Qui les voit")
                Paragraph(
                    "Les fiches validées sont publiques ; les coordonnées des interlocuteurs ne le sont qu'aux comptes vérifiés ; le journal, aux animateur·rices de chaque territoire pour leur territoire, et aux administrateur·rices. Rien n'est vendu ni cédé."
                )
                H2("Vos droits")
                Paragraph(
                    "Vous pouvez consulter, corriger, télécharger (en JSON, depuis vos paramètres) et supprimer vos données, et vous opposer à un traitement. Écrivez-nous pour toute demande ; vous pouvez aussi saisir la CNIL (www.cnil.fr)."
                )
                Paragraph {
                    Text("Contact : "); Link("formulaire de contact", url: PlatformURL.contact.path)
                }
            }
        }

        private func accessibility() -> Component {
            Div {
                Paragraph("L'exploitant de ce site s'engage à le rendre accessible conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005.")
                H2("État de conformité")
                Paragraph(
                    "Ce site est partiellement conforme au référentiel général d'amélioration de l'accessibilité (RGAA) 4.1 : il n'a pas encore fait l'objet d'un audit complet. Chaque page est vérifiée automatiquement (axe-core) à chaque version."
                )
                H2("Contenus non accessibles")
                List {
                    ListItem("Les cartes dessinées : leur contenu est repris sous forme de liste à côté (annuaire, couverture d'un territoire).")
                    ListItem("Le graphe des coopérations : les liens les plus forts et les structures sans partenaire sont listés sous le graphe.")
                }
                H2("Nous signaler un problème")
                Paragraph {
                    Text("Si vous ne pouvez pas accéder à un contenu ou à un service, écrivez-nous par le ");
                    Link("formulaire de contact", url: PlatformURL.contact.path);
                    Text(" : nous vous répondrons et vous proposerons une autre manière d'y accéder.")
                }
                H2("Voie de recours")
                Paragraph(
                    "Si vous n'obtenez pas de réponse, vous pouvez saisir le Défenseur des droits (formulaire en ligne sur defenseurdesdroits.fr, ou par courrier gratuit : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07)."
                )
            }
        }
    }
}

/// The contact form.
enum ContactPage {
    struct Model {
        var form: FormState<LegalController.ContactField>
        var sent: Bool
        /// Whether anyone receives the messages here.
        var available: Bool
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Contact" }

        override func content() -> Component {
            let form = self.model.form
            return Div {
                H1("Nous écrire")
                if self.model.sent {
                    Paragraph("Merci, votre message est parti. La réponse arrivera à l'adresse que vous avez donnée.").class("notice").attribute(
                        named: "role", value: "status")
                } else if !self.model.available {
                    Paragraph(
                        "L'exploitant de ce site n'a pas encore indiqué d'adresse de contact (CONTACT_EMAIL). Adressez-vous à l'animateur·rice de votre territoire."
                    )
                    .class("notice warning")
                } else {
                    Paragraph("Une question, une fiche à corriger, un problème d'accessibilité : dites-le nous.").class("muted")
                    Form(url: PlatformURL.contact.path, method: .post) {
                        CSRFField(token: self.context.csrf)
                        InputField(label: "Votre nom", name: "name", value: form[.name], error: form.error(.name), required: true, autocomplete: "name")
                        InputField(
                            label: "Votre e-mail", name: "email", value: form[.email], error: form.error(.email), type: .email, required: true,
                            autocomplete: "email")
                        InputField(label: "Objet", name: "subject", value: form[.subject], error: form.error(.subject), required: true)
                        InputField(label: "Message", name: "message", value: form[.message], error: form.error(.message), required: true, multiline: true)
                        Button("Envoyer").attribute(named: "type", value: "submit").class("button")
                    }.class("stacked narrow")
                }
            }
        }
    }
}
