import Foundation
import Plot

/// For administrators: the state of the outbox.
enum AdminPage {
    struct Message: Equatable {
        var id: UUID
        var to: String
        var subject: String
        var at: Date
        var attempts: Int
        var error: String?
        var next: Date
    }

    struct Model {
        /// "smtp.example.org:587, expéditeur …", or nil when mail is not sent.
        var smtp: String?
        var counts: [OutboxMessage.Status: Int]
        var failed: [Message]
        var waiting: [Message]
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Administration" }

        override func content() -> Component {
            let m = self.model
            return Div {
                H1("Administration")
                H2("Courriels")
                if let smtp = m.smtp {
                    Paragraph("Les courriels partent par \(smtp).").class("notice")
                } else {
                    Paragraph(
                        "Les courriels ne partent pas : SMTP_HOST n'est pas défini. Ils attendent dans la boîte d'envoi et partiront dès que le serveur d'envoi sera configuré."
                    )
                    .class("notice warning").id("courriels-bloques")
                }
                Paragraph(
                    "En attente : \(m.counts[.queued] ?? 0) · en cours : \(m.counts[.sending] ?? 0) · envoyés : \(m.counts[.sent] ?? 0) · en échec : \(m.counts[.failed] ?? 0)"
                )
                H3("En échec")
                if m.failed.isEmpty {
                    Paragraph("Aucun courriel en échec.").class("muted")
                } else {
                    Table(
                        header: TableRow {
                            TableHeaderCell("À"); TableHeaderCell("Objet"); TableHeaderCell("Écrit le"); TableHeaderCell("Essais"); TableHeaderCell("Raison");
                            TableHeaderCell("Action")
                        },
                        rows: {
                            for message in m.failed {
                                TableRow {
                                    TableCell(message.to); TableCell(message.subject); TableCell(Format.dateTime(message.at))
                                    TableCell(String(message.attempts)); TableCell(message.error ?? "")
                                    TableCell {
                                        PostButton(action: PlatformURL.adminRetry(message.id), label: "Réessayer", csrf: self.context.csrf, style: "link")
                                    }
                                }
                            }
                        }
                    ).class("failed-mail")
                }
                H3("Dans la file")
                if m.waiting.isEmpty {
                    Paragraph("La file est vide.").class("muted")
                } else {
                    Table(
                        header: TableRow {
                            TableHeaderCell("À"); TableHeaderCell("Objet"); TableHeaderCell("Essais"); TableHeaderCell("Prochain essai");
                            TableHeaderCell("Dernière erreur")
                        },
                        rows: {
                            for message in m.waiting {
                                TableRow {
                                    TableCell(message.to); TableCell(message.subject); TableCell(String(message.attempts))
                                    TableCell(Format.dateTime(message.next)); TableCell(message.error ?? "")
                                }
                            }
                        })
                }
            }
        }
    }
}
