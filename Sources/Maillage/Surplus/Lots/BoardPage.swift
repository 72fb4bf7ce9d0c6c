import Foundation
import Plot

/// "Dons et besoins": what my structures give and ask for, what the territory offers, and the animators' desks.
enum SurplusBoardPage {
    struct Model {
        var structures: [(UUID, String)]
        var ourLots: [Lot]
        var ourNeeds: [Need]
        var offered: [Lot]
        var desks: [TerritorySummary]
        var tours: [Tour]
        var urgent: [UrgentOffer]
        var series: [LotSeries]
        var incoming: [Delivery]
        var now: Date
    }
    struct Tour {
        var dispatch: UUID
        var day: String
        var number: Int
        var vehicle: String
        var stops: Int
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Dons et besoins" }

        override func content() -> Component {
            let m = self.model
            return Div {
                H1("Dons et besoins")
                if m.structures.isEmpty {
                    Paragraph {
                        Text("Pour donner ou recevoir, il faut être membre d'une structure validée. ")
                        Link("Inscrire ou rejoindre une structure dans l'annuaire", url: DirectoryURL.directory.path)
                    }.class("empty")
                } else {
                    Div {
                        Link("Déclarer un don", url: SurplusURL.newLot.path).class("button")
                        Link("Exprimer un besoin", url: SurplusURL.newNeed.path).class("button secondary")
                        Link("Ramasse régulière", url: SurplusURL.newSeries.path).class("button secondary")
                        Link("Glanage", url: SurplusURL.gleaning.path).class("button secondary")
                    }.class("actions")
                    List(m.structures) { s in
                        ListItem {
                            Text("\(s.1) : ")
                            Link("préférences et délai de redistribution", url: SurplusURL.preferences(s.0))
                            Text(" · ")
                            Link("récapitulatif des dons (reçu fiscal)", url: SurplusURL.donorSummary(s.0))
                        }
                    }.class("muted")
                }
                if !m.desks.isEmpty {
                    H2("Répartition du jour")
                    List(m.desks) { t in
                        ListItem {
                            Link("Préparer la répartition — \(t.name) (\(t.code))", url: SurplusURL.newDispatch(t.code))
                            Text(" · ")
                            Link("Rappels de produits", url: SurplusURL.recalls(t.code))
                        }
                    }
                }
                if !m.urgent.isEmpty {
                    H2("Dons urgents proposés à votre structure").id("urgents")
                    List(m.urgent) { o in
                        ListItem {
                            Element(name: "strong") { Text("\(Format.number(o.kg)) kg · \(o.lot.product)") }
                            Text(
                                " · \(o.lot.temperature.label) · à \(Format.number(o.km.rounded())) km · à prendre jusqu'au \(Format.dateTime(o.lot.pickupTo))")
                            Paragraph("Le premier qui accepte l'emporte.").class("muted")
                            PostButton(action: SurplusURL.acceptUrgent(o.id ?? UUID()), label: "Nous le prenons", csrf: self.context.csrf)
                            PostButton(action: SurplusURL.declineUrgent(o.id ?? UUID()), label: "Pas pour nous", csrf: self.context.csrf, style: "link")
                        }.class("card")
                    }.class("results")
                }
                if !m.incoming.isEmpty {
                    H2("Livraisons prévues pour nous").id("livraisons")
                    List(m.incoming) { d in
                        ListItem {
                            Element(name: "strong") { Text("\(Format.number(d.kg)) kg · \(d.lot.product)") }
                            Text(
                                " · \(d.lot.temperature.label) · de \(d.lot.organization.name) · répartition du \(Day.label(d.dispatch.day)) pour \(d.need.organization.name)"
                            )
                            Span(" \(d.status.label)").class("badge")
                            if d.status == .planned {
                                Form(url: SurplusURL.refuseDelivery(d.id ?? UUID()), method: .post) {
                                    CSRFField(token: self.context.csrf)
                                    InputField(
                                        label: "Refuser cette livraison : pourquoi ?", name: "motif", value: "", error: nil,
                                        hint: "Pas de place, pas ce qu'il nous faut…",
                                        idSuffix: "-" + (d.id?.uuidString.prefix(8) ?? ""))
                                    Button("Refuser").attribute(named: "type", value: "submit").class("button secondary")
                                }.class("secondary-form")
                            }
                        }.class("card")
                    }.class("results")
                }
                if !m.tours.isEmpty {
                    H2("Nos tournées")
                    List(m.tours) { t in
                        ListItem {
                            Link("\(Day.label(t.day)) · tournée \(t.number) · \(t.vehicle)", url: SurplusURL.routeSheet(t.dispatch, t.number))
                            Text(" · \(French.count(t.stops, "arrêt", plural: "arrêts"))")
                        }
                    }.class("results")
                }
                H2("Nos dons")
                if m.ourLots.isEmpty {
                    Paragraph("Aucun don en cours. Un surplus ? Déclarez-le : il faut moins de deux minutes.").class("empty")
                } else {
                    LotList(lots: m.ourLots, showDonor: m.structures.count > 1)
                }
                if !m.series.isEmpty {
                    H2("Nos ramasses régulières")
                    List(m.series) { r in
                        ListItem {
                            Link(r.product, url: SurplusURL.series(r.id ?? UUID()))
                            Text(" · \(Format.number(r.kg)) kg")
                            Span(r.active ? " Active" : " Arrêtée").class("badge")
                        }
                    }
                }
                H2("Nos besoins")
                if m.ourNeeds.isEmpty {
                    Paragraph("Aucun besoin exprimé. Dites ce que vous pouvez recevoir et quand : la répartition en tiendra compte.").class("empty")
                } else {
                    List(m.ourNeeds) { n in
                        ListItem {
                            Element(name: "strong") { Text("\(Format.number(n.kg)) kg · \(FoodCategory.label(of: n.category))") }
                            Text(" · \(n.organization.name) · du \(Format.dateTime(n.deliveryFrom)) au \(Format.dateTime(n.deliveryTo))")
                            Span(n.allocatedKg > 0 ? " \(Format.number(n.allocatedKg)) kg attribués" : " \(n.status.label)").class("badge")
                            if n.status == .open {
                                PostButton(
                                    action: SurplusURL.closeNeed(n.id ?? UUID()), label: "Clore ce besoin", csrf: self.context.csrf, style: "link",
                                    confirm: "Clore ce besoin ? Il ne sera plus servi.")
                            }
                        }
                    }.class("results")
                }
                H2("Dons proposés près de chez vous")
                if m.offered.isEmpty {
                    Paragraph("Aucun don proposé sur votre territoire en ce moment.").class("empty")
                } else {
                    LotList(lots: m.offered, showDonor: true)
                }
            }
        }
    }
}
