import Foundation
import Plot

/// "Nos réservations": what my structures lend and borrow, and their calendar addresses.
enum BookingsPage {
    struct Model {
        var structures: [(UUID, String)]
        var toAnswer: [Booking]
        var lent: [Booking]
        var borrowed: [Booking]
        /// Each structure's name and calendar address (nil until made).
        var calendars: [(String, String?)]
        var now: Date
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Nos réservations" }

        override func content() -> Component {
            let m = self.model
            return Div {
                Paragraph { Link("← Ressources partagées", url: SharingURL.resources.path) }
                H1("Nos réservations")
                if m.structures.isEmpty {
                    Paragraph(
                        "Vous n'êtes membre d'aucune structure validée : inscrivez la vôtre dans l'annuaire, ou demandez à la rejoindre, pour emprunter et prêter."
                    ).class("empty")
                } else {
                    H2("Demandes à traiter (\(m.toAnswer.count))")
                    if m.toAnswer.isEmpty {
                        Paragraph("Aucune demande n'attend votre réponse.").class("empty")
                    } else {
                        // A structure never asks for its own resource: such a request is the territory's (a dispatch).
                        self.list(
                            m.toAnswer,
                            who: { b in
                                b.$organization.id == b.resource.$organization.id
                                    ? "L'animation du territoire demande « \(b.resource.name) »" : "\(b.organization.name) demande « \(b.resource.name) »"
                            })
                    }
                    H2("Ce que nous empruntons")
                    if m.borrowed.isEmpty {
                        Paragraph {
                            Text("Aucun emprunt en cours. ")
                            Link("Chercher une chambre froide ou un véhicule libre", url: SharingURL.resources.path)
                        }.class("empty")
                    } else {
                        self.list(m.borrowed, who: { "« \($0.resource.name) »" }, status: true)
                    }
                    H2("Ce que nous prêtons")
                    if m.lent.isEmpty {
                        Paragraph {
                            Text("Rien de prêté à venir. ")
                            Link("Partager une ressource", url: SharingURL.newResource.path)
                        }.class("empty")
                    } else {
                        self.list(m.lent, who: { "« \($0.resource.name) » prêtée à \($0.organization.name)" })
                    }
                    H2("Agendas de nos structures").id("agendas")
                    Paragraph(
                        "Une adresse secrète par structure, à ajouter à votre logiciel de calendrier (Google Agenda, Outlook, Thunderbird, téléphone) : il montre ce que vous prêtez et empruntez."
                    ).class("muted")
                    List(Array(zip(m.structures, m.calendars))) { pair in
                        ListItem {
                            Element(name: "strong") { Text(pair.0.1) }
                            if let address = pair.1.1 {
                                Paragraph { Element(name: "code") { Text(address) }.class("secret-address") }
                            }
                            PostButton(
                                action: SharingURL.structureCalendarAddress(pair.0.0),
                                label: pair.1.1 == nil ? "Créer l'adresse de l'agenda" : "Changer l'adresse (l'ancienne cessera de marcher)",
                                csrf: self.context.csrf, style: pair.1.1 == nil ? "button" : "link")
                        }.class("card")
                    }.class("results")
                }
            }
        }

        private func list(_ bookings: [Booking], who: @escaping (Booking) -> String, status: Bool = false) -> Component {
            List(bookings) { b in
                ListItem {
                    Link(who(b), url: SharingURL.resource(b.$resource.id))
                    Text(" · \(BookingService.period(b.start, b.end))")
                    if !b.isExclusive { Text(" · \(Format.number(b.quantity)) \(b.resource.unit)") }
                    // What it is for: a dispatch's tour says so, so that the owner knows whom it answers.
                    if !b.purpose.isEmpty { Text(" · \(b.purpose)") }
                    if status {
                        Span(" \(b.statusValue.label)").class("badge")
                        if !b.reason.isEmpty { Paragraph(b.reason).class("muted") }
                    }
                }
            }.class("bookings-list")
        }
    }
}
