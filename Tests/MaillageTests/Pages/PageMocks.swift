import Foundation

@testable import Maillage

/// Fixed values for page snapshots: the same ids, dates and people every run.
enum Mock {
    static let date = Date(timeIntervalSince1970: 1_790_000_000)
    static let today = LocalTime.moment(date, departement: "75").date
    static func id(_ n: UInt8) -> UUID { UUID(uuid: (n, 0, 0, 0, 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0, n)) }
    static let aude = TerritorySummary(code: "11", name: "Aude")
    static let herault = TerritorySummary(code: "34", name: "Hérault")
    static let renderer = MapRenderer(markers: [
        MapRenderer.Marker(
            point: GeoPoint(latitude: 43.18, longitude: 3.0), color: "#d62728",
            title: "Épicerie solidaire La Passerelle", href: DirectoryURL.organization(id(1)))
    ])
    static let config = AppConfig(database: .sqliteMemory, tileAttribution: "", secureCookies: false, demo: false, bcryptCost: 4)
    /// A map with its zoom and pan links, fed by the points of a search.
    static let map = MapPanel(
        renderer: renderer, link: { v in "/carte" + (v.map { "?vue=" + $0.query } ?? "") }, points: "/carte/points.json", departements: ["11"],
        config: config, aroundMe: "/carte", listBeside: true)
    static let viewer = Viewer(
        userID: id(90), name: "Amandine Rivière", email: "animatrice@demo.maillage.fr", isAdmin: false,
        memberships: [:], territoryRoles: [id(91): [.animator]])
    static let context = PageContext(viewer: viewer, csrf: "jeton-csrf", demo: false, path: "/", notice: nil)
    static let visitor = PageContext(viewer: nil, csrf: "jeton-csrf", demo: true, path: "/", notice: nil)

    static let entry = DirectoryEntry(
        id: id(1), name: "Épicerie solidaire La Passerelle", category: .aideAlimentaire,
        summary: "Épicerie solidaire du réseau ANDES : produits à 10–30 % du prix.", services: "Épicerie, ateliers cuisine",
        address: "3 avenue de la République", postalCode: "11100", commune: "Narbonne", departement: "11",
        point: GeoPoint(latitude: 43.18, longitude: 3.0), openingHours: "Tu,Th 09:00-12:00", updatedAt: date)
}

extension HomePage.Model {
    static let mock = HomePage.Model(total: 87, counts: [.aideAlimentaire: 20, .mondeAgricole: 12, .cuisine: 5], map: Mock.map)
}

extension DirectoryPage.Model {
    static let mock = DirectoryPage.Model(
        params: DirectorySearchParams(q: "épicerie", radius_km: "10", near: "Narbonne"), errors: [:],
        result: DirectoryResult(
            hits: [DirectoryHit(entry: Mock.entry, score: 3, distanceKm: 1.2)], total: 1, page: 1, per: 20,
            categoryCounts: [.aideAlimentaire: 1]),
        near: CommuneTable.shared.commune(insee: "11262"))
}

extension MapPage.Model {
    static let mock = MapPage.Model(
        params: DirectorySearchParams(category: "aide-alimentaire"), errors: [:], shown: [.aideAlimentaire: 1],
        total: 1, truncated: false, map: Mock.map)
}

extension OrganizationShowPage.Model {
    static let mock = OrganizationShowPage.Model(
        org: OrganizationShowPage.Details(
            id: Mock.id(1), name: "Épicerie solidaire La Passerelle", category: .aideAlimentaire, categoryCode: "aide-alimentaire", status: .validated,
            statusReason: nil, summary: "Épicerie solidaire du réseau ANDES.\nAteliers cuisine le jeudi.", services: "Épicerie, ateliers cuisine",
            hours: HoursSummary(
                badge: .init(text: "Ouvre à 14 h", tone: "bientot"),
                week: [.init(days: "Mardi et jeudi", hours: "9 h – 12 h"), .init(days: "Mercredi", hours: "14 h – 17 h, sur rendez-vous")],
                closedOnHolidays: true, closures: ["Fermé du 14 juillet au 20 août : congés d'été"], asGiven: nil),
            address: "3 avenue de la République", postalCode: "11100", commune: "Narbonne",
            email: "contact@passerelle.example.org", phone: "04 68 00 00 00", website: "https://passerelle.example.org", siret: nil,
            territories: [Mock.aude], requestedTerritories: [Mock.herault],
            contacts: [.init(id: Mock.id(7), name: "Claire Martin", role: "Coordinatrice", email: "claire@passerelle.example.org", phone: "04 68 00 00 01")],
            storage: [.init(temperature: .frais, kg: 600, note: "chambre froide")], updatedAt: Mock.date, checkedAgo: "il y a 3 mois",
            isStale: false),
        canEdit: true, canManageMembers: true, isModerator: false, showContactDetails: true, contactable: true, map: Mock.map,
        surroundings: OrganizationSurroundings(
            partners: [
                .init(
                    id: Mock.id(2), name: "Banque Alimentaire de l'Aude", kinds: ["partenariat déclaré : approvisionnement"], since: Mock.date,
                    partnershipID: Mock.id(3))
            ],
            received: [.init(partnershipID: Mock.id(4), otherID: Mock.id(5), otherName: "Biocoop Narbonne", summary: "ramasse des invendus")],
            sent: [], candidates: [(Mock.id(6), "Restos du Cœur (Narbonne)")], sources: [],
            offers: [
                .init(
                    id: Mock.id(8), name: "Distribution de colis", summary: "Colis alimentaires chaque mardi.", fees: "Gratuit",
                    openingHours: "Tu 14:00-17:00", themes: ["Alimentation"], publics: ["Familles"], modes: ["En présentiel"],
                    conditions: "Sur orientation d'un travailleur social", isNative: true, source: "maillage")
            ]))
}

extension OrganizationFormPage.Model {
    static let mock = OrganizationFormPage.Model(
        organizationID: nil,
        values: ["name": "Jardin solidaire", "postal_code": "34500", "siret": "12345678901234"].merging(
            HoursForm.values(osm: "Mo-Fr 09:00-12:00; We 14:00-17:00; PH off; 2027 Jul 14-2027 Aug 20 off \"Congés d'été\"", today: Mock.today)
        ) { a, _ in a },
        errors: [
            "category": "Choisissez une catégorie.", "siret": "Ce SIRET n'est pas valide (clé de contrôle).",
            "jour_2": "Mercredi : les créneaux 9 h – 12 h et 11 h – 14 h se chevauchent. Corrigez l'un des deux.",
        ],
        duplicates: [.init(id: Mock.id(4), name: "Jardin solidaire de Béziers", commune: "Béziers", reason: "même SIRET (12345678901234)", claimable: false)])
}

extension MembersPage.Model {
    static let mock = MembersPage.Model(
        organizationID: Mock.id(1), organizationName: "Épicerie solidaire La Passerelle",
        members: [.init(membershipID: Mock.id(7), name: "Claire Martin", email: "claire@passerelle.example.org", role: .referent)],
        invitations: [.init(id: Mock.id(8), email: "benevole@example.org", role: .member)],
        requests: [.init(id: Mock.id(9), name: "Paul Durand", email: "paul@example.org", message: "Je distribue le mardi.", at: Mock.date)],
        email: "", error: nil)
}

extension TerritoriesPage.Model {
    static let mock = TerritoriesPage.Model(territories: [(Mock.aude, 45), (Mock.herault, 42), (TerritorySummary(code: "66", name: "Pyrénées-Orientales"), 0)])
}

extension CoveragePage.Model {
    static let mock: CoveragePage.Model = {
        let member = Coverage.Member(
            id: Mock.id(1), name: "Épicerie solidaire La Passerelle", commune: "Narbonne", inseeCode: "11262",
            point: GeoPoint(latitude: 43.18, longitude: 3.0), engaged: true)
        let coverage = Coverage.compute(structures: [.init(member: member, category: .aideAlimentaire, institution: nil)], expected: [:])
        return CoveragePage.Model(
            territory: Mock.aude, coverage: coverage, selected: PanelRow.row(key: "aide-alimentaire"), map: Mock.map,
            canEdit: true, structureCount: 1, listed: [member], page: 1, pageCount: 1,
            known: [.init(id: Mock.id(4), name: "Épicerie solidaire du Canal", email: "contact@canal.example.org")],
            invitation: FormState(values: [.email: "x"], errors: [.email: "Indiquez une adresse e-mail valide, ou choisissez une fiche connue."]))
    }()
}

extension CooperationPage.Model {
    static let mock = CooperationPage.Model(
        territory: Mock.aude, svg: CooperationGraph(nodes: [.init(id: Mock.id(1), name: "A", category: .cuisine)], links: []).svg(), links: [],
        names: [Mock.id(1): "A"],
        isolated: [
            CoverageCache.Structure(
                id: Mock.id(1), name: "A", category: .cuisine, commune: "Narbonne", inseeCode: "11262",
                point: GeoPoint(latitude: 43.18, longitude: 3.0))
        ],
        isolatedCount: 1, total: 1, drawnCount: 1)
}

extension ImportsPage.Model {
    static let mock = ImportsPage.Model(territories: [Mock.aude], jobs: [], error: "Choisissez le fichier des structures (JSON au format data·inclusion).")
}

extension ModerationPage.Model {
    static let mock = ModerationPage.Model(
        pending: [
            .init(
                id: Mock.id(1), name: "Épicerie solidaire de Sigean", category: "Aide alimentaire", commune: "Sigean", postalCode: "11130",
                createdAt: Mock.date, summary: "Nouvelle épicerie solidaire en cours d'ouverture.",
                submittedBy: "Claire Martin (claire@passerelle.example.org)",
                duplicates: [.init(id: Mock.id(4), name: "Epicerie solidaire Sigean", commune: "Sigean", reason: "nom proche à 40 m", claimable: true)])
        ],
        requests: [
            .init(
                id: Mock.id(2), organizationID: Mock.id(3), organizationName: "Banque Alimentaire de l'Hérault", commune: "Montpellier",
                postalCode: "34000", territory: Mock.aude)
        ],
        claims: [
            .init(
                id: Mock.id(5), organizationID: Mock.id(4), organizationName: "Epicerie solidaire Sigean", commune: "Sigean", person: "Luc Bernard",
                email: "luc@sigean.example.org", message: "Je coordonne l'épicerie.", at: Mock.date)
        ])
}

extension DuplicatesPage.Model {
    static let mock = DuplicatesPage.Model(
        pairs: [
            .init(
                a: .init(
                    id: Mock.id(1), name: "Épicerie du Canal", siret: nil, point: GeoPoint(latitude: 43.18, longitude: 3.0), commune: "Narbonne", source: nil),
                b: .init(
                    id: Mock.id(2), name: "Épicerie du Canal", siret: "12345678901234", point: GeoPoint(latitude: 43.18, longitude: 3.001),
                    commune: "Narbonne", source: "dora"),
                reason: "même nom à 81 m")
        ],
        merges: [
            .init(
                id: Mock.id(9), keptID: Mock.id(3), kept: "Restos du Cœur — Narbonne", removed: "Restos du coeur (Narbonne)", mergedAt: Mock.date, daysLeft: 27)
        ])
}

extension MergePreviewPage.Model {
    static let mock = MergePreviewPage.Model(
        preview: MergePreview(
            kept: (Mock.id(1), "Épicerie du Canal"), removed: (Mock.id(2), "Épicerie du Canal (dora)"),
            lines: [
                .init(field: "Nom", kept: "Épicerie du Canal", removed: "Épicerie du Canal (dora)", result: "Épicerie du Canal"),
                .init(field: "SIRET", kept: "—", removed: "12345678901234", result: "12345678901234"),
                .init(field: "Interlocuteurs", kept: "1", removed: "2", result: "3"),
            ]))
}

extension SignInPage.Model {
    static let mock = SignInPage.Model(
        email: "claire@test.fr", error: "E-mail ou mot de passe incorrect.", returnTo: AccountsURL.account.path,
        demoAccounts: [DemoAccount(email: "animatrice@demo.maillage.fr", password: "demo-maillage", role: "Animatrice")])
}

extension SignUpPage.Model {
    static let mock = SignUpPage.Model(
        form: FormState(
            values: [.name: "Claire", .email: "claire@test.fr"],
            errors: [.password: "Ce mot de passe fait partie des plus utilisés : il serait deviné en quelques secondes."]))
}

extension AccountPage.Model {
    static let mock = AccountPage.Model(
        organizations: [.init(id: Mock.id(1), name: "Épicerie solidaire La Passerelle", role: .referent, status: .validated)],
        roles: ["Animateur·rice territorial·e — Aude"],
        invitations: [.init(id: Mock.id(2), organization: "CCAS de Narbonne", role: .member, invitedBy: "Karim Benali")], verified: false)
}

extension TokensPage.Model {
    static let mock = TokensPage.Model(
        tokens: [.init(id: Mock.id(1), name: "export hebdomadaire", createdAt: Mock.date, lastUsedAt: nil)],
        newToken: "mlg_exemple", error: nil)
}

extension JournalPage.Model {
    static let mock = JournalPage.Model(
        rows: [
            .init(
                at: Mock.date, actor: "Amandine Rivière", action: "Structure validée", summary: "Validation de « Épicerie »",
                link: DirectoryURL.organization(Mock.id(1)))
        ],
        filters: .init(territory: "11", action: "structure.validation"), territories: [("11", "11 — Aude")],
        actions: [("structure.validation", "Structure validée")], page: 1, hasMore: true)
}

extension DemoOutboxPage.Model {
    static let mock = DemoOutboxPage.Model(messages: [
        .init(
            to: "claire@test.fr", subject: "Activez votre compte Maillage",
            text: "Bonjour Claire,\n\nActiver mon compte : http://exemple/compte/activation?jeton=x",
            at: Mock.date, status: "en attente")
    ])
}

extension DashboardPage.Model {
    static let mock = DashboardPage.Model(
        name: "Claire Martin",
        widgets: [
            WidgetModel(
                title: "Mes structures",
                items: [
                    .init(
                        label: "Épicerie solidaire La Passerelle", link: DirectoryURL.organizationEdit(Mock.id(1)),
                        detail: "fiche pas mise à jour depuis plus d'un an : vérifiez-la")
                ],
                empty: "", action: .init(label: "Inscrire une structure", link: DirectoryURL.newOrganization.path)),
            WidgetModel(title: "Notifications", items: [], empty: "Aucune notification non lue.", action: nil),
        ], verified: false)
}

extension NotificationsPage.Model {
    static let mock = NotificationsPage.Model(
        items: [
            .init(
                id: Mock.id(1), kind: "Ma structure est validée ou refusée",
                title: "« Épicerie solidaire La Passerelle » est validée",
                body: "Votre structure est visible dans l'annuaire de Maillage.", at: Mock.date, read: false)
        ],
        unread: 1, page: 1, hasMore: false)
}

extension AdminPage.Model {
    static let mock = AdminPage.Model(
        smtp: nil, counts: [.queued: 2, .failed: 1],
        failed: [
            .init(
                id: Mock.id(1), to: "claire@test.fr", subject: "Activez votre compte Maillage", at: Mock.date,
                attempts: 10, error: "réponse du serveur : 550 boîte inconnue", next: Mock.date)
        ],
        waiting: [])
}

extension SettingsPage.Model {
    static let mock = SettingsPage.Model(
        name: "Claire Martin", email: "claire@test.fr", pendingEmail: "claire.martin@test.fr",
        notifications: [.init(key: "structure-decision", label: "Ma structure est validée ou refusée", channel: .immediate)],
        sessions: [.init(createdAt: Mock.date, browser: "Firefox sur Linux", current: true)], errors: ["password": "Trop court."])
}

extension OrganizationContactPage.Model {
    static let mock = OrganizationContactPage.Model(
        organizationID: Mock.id(1), organizationName: "Épicerie solidaire La Passerelle",
        recipients: [
            .init(key: Mock.id(7).uuidString, label: "Claire Martin — Coordinatrice", email: "claire@passerelle.example.org"),
            .init(key: ContactRecipient.referentsKey, label: "Les référent·es de la fiche", email: nil),
        ],
        form: FormState(values: [.name: "Jean", .message: "Bonjour"], errors: [.message: "Écrivez votre message (10 caractères au moins)."]),
        senderIsKnown: false, refusal: nil)
}

extension ReportErrorPage.Model {
    static let mock = ReportErrorPage.Model(
        organizationID: Mock.id(1), name: "Épicerie solidaire La Passerelle", problems: FreshnessController.problems,
        form: FormState(values: [.details: "Distribution le mardi"], errors: [.problem: "Choisissez ce qui ne va pas."]), signedIn: false)
}

extension StillAccuratePage.Model {
    static let mock = StillAccuratePage.Model(
        organizationID: Mock.id(1), name: "Épicerie solidaire La Passerelle", address: "3 avenue de la République, 11100 Narbonne",
        hours: "Mardi et jeudi : 9 h – 12 h", contacts: ["Claire Martin — Coordinatrice"], token: "jeton")
}

extension InterlocutorsPage.Model {
    static let mock = InterlocutorsPage.Model(
        territory: Mock.aude,
        agents: [
            .init(
                name: "Bruno Sabatier", jobTitle: "Chargé de mission aide alimentaire", service: "DDETSPP de l'Aude", serviceKind: "DDETS",
                organizationID: Mock.id(6), domains: [.foodAid, .funding], email: "bruno.sabatier@aude.gouv.example", phone: "04 68 71 20 01"),
            .init(
                name: "Agent sans profil", jobTitle: nil, service: "Service non renseigné", serviceKind: nil, organizationID: nil, domains: [], email: nil,
                phone: nil),
        ],
        showDetails: true, signedIn: true, canManage: true)
}

extension TeamPage.Model {
    static let mock = TeamPage.Model(
        territory: Mock.aude,
        members: [
            .init(id: Mock.id(1), name: "Amandine Rivière", email: "animatrice@demo.maillage.fr", role: .animator),
            .init(id: Mock.id(2), name: "Bruno Sabatier", email: "agent.ddets@demo.maillage.fr", role: .publicAgent),
        ],
        email: "inconnu@test.fr", error: "Aucun compte activé avec cette adresse.")
}

extension AgentProfilePage.Model {
    static let mock = AgentProfilePage.Model(
        form: FormState(values: [.service: "ddets", .serviceName: "DDETSPP de l'Aude"], errors: [.jobTitle: "Indiquez votre fonction."]),
        domains: ["aide-alimentaire"], fiches: [(Mock.id(6), "DDETSPP de l'Aude (Carcassonne)")])
}
