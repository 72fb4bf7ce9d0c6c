import Foundation
import Plot

/// A structure's page ("qui fait quoi"): what it does, when it is open, whom to talk to, where it is, its
/// storage, its partners; for its people, what they can change.
enum OrganizationShowPage {
    /// The structure as the page shows it.
    struct Details: Equatable {
        struct Contact: Equatable { var id: UUID?; var name: String; var role: String; var email: String?; var phone: String? }
        struct Storage: Equatable { var temperature: TemperatureClass; var kg: Double; var note: String }

        var id: UUID
        var name: String
        var category: Category?
        var categoryCode: String
        var status: OrganizationStatus
        var statusReason: String?
        var summary: String
        var services: String
        var hours: HoursSummary?
        var address: String
        var postalCode: String
        var commune: String
        var email: String?
        var phone: String?
        var website: String?
        var siret: String?
        var territories: [TerritorySummary]
        var requestedTerritories: [TerritorySummary]
        var contacts: [Contact]
        var storage: [Storage]
        var updatedAt: Date?
        /// "mise à jour il y a 3 mois", from the last change or confirmation.
        var checkedAgo: String
        var isStale: Bool
    }

    struct Model {
        var org: Details
        var canEdit: Bool
        var canManageMembers: Bool
        var isModerator: Bool
        var showContactDetails: Bool
        /// Someone can be written to through the contact form (an interlocutor with an address, or referents).
        var contactable: Bool
        /// For a signed-in person who is not a member: join, or claim a fiche nobody holds.
        var joinAction: JoinRequest.Kind? = nil
        var map: MapPanel
        var surroundings: OrganizationSurroundings
    }

    final class View: ModelPage<Model> {

        override func pageTitle() -> String { self.model.org.name }
        override var usesMap: Bool { true }

        override func content() -> Component {
            let org = self.model.org
            let category = org.category
            return Div {
                self.status()
                H1(org.name)
                Paragraph {
                    Span(category?.label ?? org.categoryCode).class("badge cat-\(org.categoryCode)")
                    Text(" \(org.commune) (\(org.postalCode))")
                }
                self.actions()
                Div {
                    Div {
                        self.section("Qui sommes-nous", org.summary, empty: self.empty("Pas encore de présentation."))
                        self.section("Ce que nous faisons et proposons", org.services, empty: self.empty("Services non renseignés."))
                        self.hours(org.hours)
                        self.offers()
                        self.contacts()
                        self.capacities()
                        self.partners()
                    }.class("panel")
                    Div {
                        H2("Adresse")
                        Paragraph(([org.address, "\(org.postalCode) \(org.commune)"].filter { !$0.isEmpty }).joined(separator: ", "))
                        self.model.map
                        H2("Nous joindre")
                        List {
                            if let email = org.email {
                                ListItem {
                                    Text("E-mail : "); MailLink(address: email)
                                }
                            }
                            if let phone = org.phone {
                                ListItem {
                                    Text("Téléphone : "); Link(phone, url: "tel:" + phone.filter { $0.isNumber || $0 == "+" })
                                }
                            }
                            if let web = org.website {
                                ListItem {
                                    Text("Site : "); ExternalLink(text: web, url: web)
                                }
                            }
                            if let siret = org.siret { ListItem { Text("SIRET : \(siret)") } }
                        }
                        H2("Territoires d'intervention")
                        List(org.territories) { t in ListItem("\(t.name) (\(t.code))") }
                        if !org.requestedTerritories.isEmpty {
                            Paragraph(
                                "En attente de l'accord de leurs animateur·rices : "
                                    + org.requestedTerritories.map { "\($0.name) (\($0.code))" }.joined(separator: ", ")
                            ).class("muted small")
                        }
                    }.class("panel")
                }.class("two-columns")
                self.freshness()
                self.provenance()
            }
        }

        private func freshness() -> Component {
            let org = self.model.org
            return Div {
                if org.isStale {
                    Paragraph("Fiche vérifiée \(org.checkedAgo) : certaines informations ont pu changer depuis.").class("notice warning")
                } else {
                    Paragraph("Fiche vérifiée \(org.checkedAgo).").class("muted")
                }
                Div {
                    if self.model.canEdit {
                        PostButton(
                            action: DirectoryURL.confirmAccurate(org.id), label: "Toujours exacte", csrf: self.context.csrf, style: "button secondary")
                    }
                    Link("Signaler une erreur", url: DirectoryURL.reportError(org.id)).class("button secondary")
                }.class("actions")
            }.class("freshness")
        }

        private func hours(_ hours: HoursSummary?) -> Component {
            Div {
                H2("Horaires d'ouverture")
                if let hours {
                    if let badge = hours.badge { Paragraph { Span(badge.text).class("open-status \(badge.tone)") } }
                    for closure in hours.closures { Paragraph(closure).class("notice warning closure-notice") }
                    if !hours.week.isEmpty {
                        Element(name: "dl") {
                            for line in hours.week {
                                Element(name: "dt") { Text(line.days) }
                                Element(name: "dd") { Text(line.hours) }
                            }
                        }.class("week")
                    }
                    if hours.closedOnHolidays { Paragraph("Fermé les jours fériés.").class("muted") }
                    if let asGiven = hours.asGiven {
                        Paragraph {
                            Text("Horaires (format OpenStreetMap) : "); Element(name: "code") { Text(asGiven) }
                        }
                    }
                } else {
                    Paragraph("Horaires non renseignés.").class("muted")
                }
            }
        }

        private func offers() -> Component {
            let offers = self.model.surroundings.offers
            let id = self.model.org.id
            if offers.isEmpty && !self.model.canEdit { return EmptyComponent() }
            return Div {
                H2("Services").id("services")
                if offers.isEmpty {
                    Paragraph(
                        "Aucun service décrit : ajoutez ce que vous proposez (colis, épicerie, repas, ateliers…), pour être trouvé par thématique et par public."
                    )
                    .class("muted")
                }
                List(offers) { offer in
                    ListItem {
                        Element(name: "strong") { Text(offer.name) }
                        if let fees = offer.fees { Text(" · \(fees.lowercased())") }
                        Paragraph(offer.summary).class("muted")
                        if !offer.themes.isEmpty || !offer.publics.isEmpty {
                            List(offer.themes + offer.publics.filter { $0 != "Tous publics" } + offer.modes) { term in ListItem(term) }.class("service-terms")
                        }
                        if !offer.conditions.isEmpty { Paragraph("Conditions d'accès : " + offer.conditions).class("small") }
                        if let hours = offer.openingHours, !hours.isEmpty { Paragraph("Horaires : " + HoursText.sentence(hours)).class("small") }
                        if self.model.canEdit, let serviceID = offer.id {
                            if offer.isNative {
                                Div {
                                    Link("Modifier", url: DirectoryURL.serviceEdit(id, serviceID))
                                    PostButton(
                                        action: DirectoryURL.serviceDelete(id, serviceID), label: "Retirer", csrf: self.context.csrf, style: "link danger",
                                        confirm: "Retirer le service « \(offer.name) » ?")
                                }.class("actions")
                            } else {
                                Paragraph("Importé de \(DataInclusion.sourceLabel(offer.source)) : à corriger à la source.").class("muted small")
                            }
                        }
                    }
                }.class("offers")
                if self.model.canEdit { Link("Ajouter un service", url: DirectoryURL.serviceNew(id)).class("button secondary") }
            }
        }

        private func partners() -> Component {
            let s = self.model.surroundings
            let id = self.model.org.id
            return Div {
                H2("Partenaires").id("partenaires")
                if s.partners.isEmpty { Paragraph("Pas encore de partenaire déclaré.").class("muted") }
                List(s.partners) { p in
                    ListItem {
                        Link(p.name, url: DirectoryURL.organization(p.id))
                        Text(" — \(p.kinds.joined(separator: " ; ")) (depuis le \(Format.date(p.since)))")
                        if self.model.canEdit, let pid = p.partnershipID {
                            PostButton(
                                action: DirectoryURL.partnershipRemove(id, pid), label: "Retirer", csrf: self.context.csrf, style: "link",
                                confirm: "Retirer ce partenariat ?")
                        }
                    }
                }.class("partners")
                if self.model.canEdit && !s.received.isEmpty {
                    H3("Propositions à confirmer")
                    List(s.received) { p in
                        ListItem {
                            Link(p.otherName, url: DirectoryURL.organization(p.otherID))
                            Text(" dit travailler avec vous" + (p.summary.isEmpty ? "." : " : \(p.summary)."))
                            Div {
                                PostButton(
                                    action: DirectoryURL.partnershipAnswer(id, p.partnershipID), label: "Confirmer", csrf: self.context.csrf,
                                    hidden: [("decision", "confirmer")])
                                PostButton(
                                    action: DirectoryURL.partnershipAnswer(id, p.partnershipID), label: "Décliner", csrf: self.context.csrf,
                                    style: "button secondary", hidden: [("decision", "decliner")])
                            }.class("actions")
                        }
                    }.class("proposals")
                }
                if self.model.canEdit && !s.sent.isEmpty {
                    H3("En attente de confirmation")
                    List(s.sent) { p in
                        ListItem {
                            Link(p.otherName, url: DirectoryURL.organization(p.otherID))
                            Text(p.summary.isEmpty ? " " : " — \(p.summary) ")
                            PostButton(
                                action: DirectoryURL.partnershipRemove(id, p.partnershipID), label: "Annuler la proposition",
                                csrf: self.context.csrf, style: "link")
                        }
                    }
                }
                if self.model.canEdit && !s.candidates.isEmpty {
                    Form(url: DirectoryURL.partnerships(id), method: .post) {
                        CSRFField(token: self.context.csrf)
                        SelectField(
                            label: "Nous travaillons avec", name: "partner",
                            options: s.candidates.map { ($0.0.uuidString, $0.1) }, selected: "", includeEmpty: "— choisir une structure —")
                        Label("Pour quoi ? (facultatif)") {
                            Input(type: .text, name: "description", placeholder: "ex. ramasse hebdomadaire, prêt de chambre froide")
                                .attribute(named: "maxlength", value: "200")
                        }
                        Button("Déclarer ce partenariat").attribute(named: "type", value: "submit").class("button secondary")
                    }.class("partner-form")
                }
            }
        }

        /// The data·inclusion fields Maillage keeps without using them, named for a person.
        static let keptLabels = [
            "lien_source": "Fiche d'origine", "accessibilite": "Accessibilité", "antenne": "Antenne", "labels_nationaux": "Labels nationaux",
            "labels_autres": "Autres labels", "typologie": "Type de structure", "rna": "Numéro RNA", "complement_adresse": "Complément d'adresse",
            "presentation_detail": "Présentation détaillée", "thematiques": "Thématiques",
        ]

        private func provenance() -> Component {
            let sources = self.model.surroundings.sources
            if sources.isEmpty { return EmptyComponent() }
            return Div {
                H2("Provenance des données")
                for source in sources {
                    let updated = LocalDate(iso: String(source.sourceUpdated.prefix(10))).map { HoursText.date($0) } ?? source.sourceUpdated
                    Paragraph(
                        "Importée de \(DataInclusion.sourceLabel(source.source)) (identifiant \(source.sourceID)), mise à jour à la source le \(updated), importée le \(Format.dateTime(source.importedAt))."
                    )
                    if self.model.isModerator, let p = source.provenance {
                        List {
                            ListItem("Catégorie choisie d'après : \(p.categoryBasis)")
                            if !p.networks.isEmpty { ListItem("Réseaux porteurs : \(p.networks.joined(separator: ", "))") }
                            if !p.unmappedNetworks.isEmpty || !p.unmappedThemes.isEmpty {
                                ListItem("Non repris dans les catégories de Maillage : \((p.unmappedNetworks + p.unmappedThemes).joined(separator: ", "))")
                            }
                            for (key, value) in p.kept.sorted(by: { $0.key < $1.key }) { ListItem("\(Self.keptLabels[key] ?? key) : \(value)") }
                        }.class("small")
                    }
                }
            }.class("panel provenance")
        }

        private func status() -> Component {
            let org = self.model.org
            switch org.status {
            case .validated: return EmptyComponent()
            case .pending:
                return Paragraph(
                    "Cette structure est en attente de validation par un·e animateur·rice du territoire : elle n'apparaît pas encore dans l'annuaire public."
                ).class("notice warning")
            case .merged:
                return Paragraph("Cette fiche a été fusionnée dans une autre.").class("notice warning")
            case .rejected:
                return Paragraph("Inscription refusée" + (org.statusReason.map { " : \($0)" } ?? ".")).class("notice error")
            }
        }

        private func actions() -> Component {
            let id = self.model.org.id
            return Div {
                if self.model.canEdit { Link("Modifier la fiche", url: DirectoryURL.organizationEdit(id)).class("button") }
                if self.model.canManageMembers { Link("Membres", url: DirectoryURL.members(id)).class("button secondary") }
                if self.model.contactable && !self.model.canEdit {
                    Link("Écrire à cette structure", url: DirectoryURL.contact(id)).class("button secondary")
                }
                if let join = self.model.joinAction {
                    Link(join == .claim ? "Revendiquer cette fiche" : "Demander à rejoindre", url: DirectoryURL.join(id)).class("button secondary")
                }
                if self.model.isModerator && self.model.org.status == .pending {
                    PostButton(
                        action: DirectoryURL.moderationDecide(id), label: "Valider la structure", csrf: self.context.csrf,
                        hidden: [("decision", "valider")])
                }
            }.class("actions")
        }

        /// An empty part of the fiche, with what to do about it for those who can.
        private func empty(_ text: String) -> String {
            self.model.canEdit ? text + " Complétez la fiche avec « Modifier la fiche »." : text
        }

        private func section(_ title: String, _ text: String, empty: String) -> Component {
            Div {
                H2(title)
                if text.isEmpty { Paragraph(empty).class("muted") } else { for paragraph in text.split(separator: "\n") { Paragraph(String(paragraph)) } }
            }
        }

        private func contacts() -> Component {
            let contacts = self.model.org.contacts
            let id = self.model.org.id
            let hidden = !self.model.showContactDetails
            return Div {
                H2("Interlocuteurs")
                if contacts.isEmpty { Paragraph(self.empty("Aucun interlocuteur renseigné : qui appeler pour quoi ?")).class("muted") }
                List(contacts.sorted { $0.name < $1.name }) { c in
                    ListItem {
                        Text(c.name)
                        if !c.role.isEmpty { Text(" — \(c.role)") }
                        if !hidden {
                            if let e = c.email { Text(" · "); MailLink(address: e) }
                            if let p = c.phone { Text(" · \(p)") }
                        } else if c.email != nil, let contactID = c.id {
                            Text(" · ")
                            Link("Écrire", url: DirectoryURL.contact(id) + "?a=" + contactID.uuidString)
                                .attribute(named: "aria-label", value: "Écrire à \(c.name)")
                        }
                    }
                }
                if hidden && !contacts.isEmpty {
                    Paragraph {
                        Text("Leurs e-mails et téléphones sont réservés aux membres des structures validées, aux animateur·rices et aux agents publics. ")
                        if self.context.viewer == nil {
                            Link("Connectez-vous", url: AccountsURL.signIn.path); Text(" si c'est votre cas, ou écrivez-leur par le formulaire.")
                        } else {
                            Text("Écrivez-leur par le formulaire : votre message leur parvient sans que leur adresse vous soit montrée.")
                        }
                    }.class("muted small")
                }
            }
        }

        private func capacities() -> Component {
            let caps = self.model.org.storage.sorted { $0.temperature < $1.temperature }
            return Div {
                H2("Capacités de stockage")
                if caps.isEmpty { Paragraph(self.empty("Aucune capacité de stockage déclarée : chambre froide, congélateur, réserve sèche ?")).class("muted") }
                List(caps) { c in
                    ListItem("\(c.temperature.label) : \(Format.kg(c.kg))" + (c.note.isEmpty ? "" : " (\(c.note))"))
                }
            }
        }
    }
}
