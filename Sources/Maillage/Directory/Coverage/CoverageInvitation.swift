import Fluent
import Foundation
import Vapor

/// From "who is missing" to an invitation (issue 13, item 11): an animator invites an actor of a family that is
/// absent or thin, by address or by picking an imported fiche nobody holds yet; the mail tells the territory's
/// dynamic and links to creating or claiming the fiche.
enum CoverageInvitation {
    /// An imported fiche of the family, with a public address, that nobody holds: it can be claimed.
    struct Known: Equatable, Sendable {
        var id: UUID
        var name: String
        var email: String
    }

    enum Field: String, FormKey { case line = "ligne", email = "courriel", fiche, note = "mot" }

    /// The same address is invited once a month at most.
    static let quietPeriod: TimeInterval = 30 * 86_400
    static let mailKind = "territoire.invitation"

    static func known(in snapshot: CoverageCache.Snapshot, row: PanelRow, on db: any Database) async throws -> [Known] {
        guard let territoryID = snapshot.territory.id else { return [] }
        let ids = try await OrganizationTerritory.query(on: db).filter(\.$territory.$id == territoryID).all().map { $0.$organization.id }
        guard !ids.isEmpty else { return [] }
        let imported = Set(try await OrganizationSource.query(on: db).filter(\.$organization.$id ~~ ids).all().map { $0.$organization.id })
        let held = Set(
            try await Membership.query(on: db).filter(\.$organization.$id ~~ Array(imported)).filter(\.$role == MembershipRole.referent.rawValue).all()
                .map { $0.$organization.id })
        let candidates = Array(imported.subtracting(held))
        guard !candidates.isEmpty else { return [] }
        return try await Organization.query(on: db).filter(\.$id ~~ candidates).filter(\.$category == row.category.rawValue).sort(\.$name).all()
            .compactMap { o in
                guard let id = o.id, let email = o.email, EmailAddress.isValid(email) else { return nil }
                return Known(id: id, name: o.name, email: email)
            }
    }

    @Sendable static func invite(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let code = try Territory.code(of: req)
        let snapshot = try await req.coverageCache.snapshot(code: code, on: req.db)
        var form = FormState<Field>(req)
        guard let row = PanelRow.row(key: form[.line]), let line = snapshot.coverage.lines.first(where: { $0.row.key == row.key }) else {
            throw Abort(.unprocessableEntity, reason: "Choisissez une famille d'acteurs dans le tableau.")
        }
        let known = try await known(in: snapshot, row: row, on: req.db)
        let picked = UUID(uuidString: form[.fiche]).flatMap { id in known.first { $0.id == id } }
        let email = picked?.email ?? form.trimmed(.email).lowercased()
        if !EmailAddress.isValid(email) { form.refuse(.email, "Indiquez une adresse e-mail valide, ou choisissez une fiche connue.") }
        if form.trimmed(.note).count > 1000 { form.refuse(.note, "Le mot d'accompagnement est trop long (1 000 caractères au plus).") }
        let now = req.clock.now
        if form.isValid, try await Outbox.recentCount(kind: mailKind, to: email, since: now.addingTimeInterval(-quietPeriod), on: req.db) > 0 {
            form.refuse(.email, "Cette adresse a déjà été invitée ces 30 derniers jours.")
        }
        guard form.isValid else {
            return try await TerritoryController.coveragePage(req, code: code, selectedKey: row.key, page: 1, invitation: form, status: .unprocessableEntity)
        }
        let base = req.publicBaseURL
        let mail = invitationMail(
            to: email, animator: viewer.name, territory: snapshot.territory.name, family: row.label, structures: snapshot.structures.count,
            alreadyThere: line.members.count, note: form.trimmed(.note),
            signUp: base + AccountsURL.signUp.path, create: base + DirectoryURL.newOrganization.path,
            claim: picked.map { base + DirectoryURL.join($0.id) }, coverage: base + DirectoryURL.coverage(code))
        try await req.db.audited(
            .territoryInvitation, about: .territory(snapshot.territory.id), territory: snapshot.territory.id, by: viewer,
            summary: "Invitation « \(row.label) » envoyée à \(email)" + (picked.map { " (fiche « \($0.name) »)" } ?? "")
        ) { tx in
            try await Outbox.enqueue(mail, key: "invitation-territoire:\(code):\(email):\(Int(now.timeIntervalSince1970))", now: now, on: tx)
        }
        return Flash.redirect(
            req, to: DirectoryURL.coverage(code) + "?ligne=\(row.key)#carte",
            notice: "Invitation envoyée à \(email). Elle reçoit les liens pour rejoindre Maillage.")
    }

    static func invitationMail(
        to: String, animator: String, territory: String, family: String, structures: Int, alreadyThere: Int, note: String, signUp: String,
        create: String, claim: String?, coverage: String
    ) -> Mail {
        var paragraphs = [
            "\(animator) anime sur Maillage la coopération pour la solidarité alimentaire sur le territoire « \(territory) » : "
                + "\(French.count(structures, "structure")) s'y retrouvent déjà pour savoir qui fait quoi, mutualiser, faire circuler les surplus.",
            alreadyThere == 0
                ? "Autour de la table, il manque encore la famille « \(family) » : votre structure y a toute sa place."
                : "La famille « \(family) » n'y compte encore que \(French.count(alreadyThere, "structure")) : votre structure y a toute sa place.",
        ]
        if !note.isEmpty { paragraphs.append("Un mot de \(animator) : « \(note) »") }
        if let claim {
            paragraphs.append(
                "Votre structure y figure déjà, d'après les données publiques : créez votre compte (\(signUp)), puis revendiquez sa fiche pour la tenir à jour."
            )
            return MailComposer(
                greeting: "Bonjour,", paragraphs: paragraphs, action: ("Revendiquer la fiche de votre structure", claim),
                closing: [
                    "Voir qui est déjà là : \(coverage)", "Si vous ne souhaitez pas rejoindre Maillage, ignorez ce message : il n'y aura pas de relance.",
                ]
            ).mail(kind: mailKind, to: to, subject: "\(animator) vous invite sur Maillage (\(territory))")
        }
        paragraphs.append("Pour la rejoindre : créez votre compte (\(signUp)), puis inscrivez votre structure ; l'animateur·rice la validera.")
        return MailComposer(
            greeting: "Bonjour,", paragraphs: paragraphs, action: ("Inscrire votre structure", create),
            closing: ["Voir qui est déjà là : \(coverage)", "Si vous ne souhaitez pas rejoindre Maillage, ignorez ce message : il n'y aura pas de relance."]
        ).mail(kind: mailKind, to: to, subject: "\(animator) vous invite sur Maillage (\(territory))")
    }
}
