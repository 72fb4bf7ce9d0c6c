import Fluent
import Foundation
import SQLKit
import Vapor

/// Keeping fiches true: anyone reports an error (to the referents and the animator); a referent confirms a fiche
/// is still right, from the fiche or in one click from the yearly mail.
enum FreshnessController {
    enum ReportField: String, FormKey { case problem = "probleme", details = "precisions", email = "courriel" }

    /// What people report, in the words of the form.
    static let problems: [(key: String, label: String)] = [
        ("horaires", "les horaires ne sont plus bons"), ("adresse", "l'adresse ou le lieu a changé"),
        ("contacts", "les interlocuteurs ou leurs coordonnées ont changé"), ("services", "les services proposés ont changé"),
        ("fermee", "la structure a fermé"), ("autre", "autre chose"),
    ]

    @Sendable static func reportForm(req: Request) async throws -> Response {
        let org = try await visible(req)
        return try reportPage(req, org: org, form: FormState(), status: .ok)
    }

    @Sendable static func report(req: Request) async throws -> Response {
        let org = try await visible(req)
        let orgID = try org.requireID()
        var form = FormState<ReportField>(req)
        let problem = problems.first { $0.key == form[.problem] }
        if problem == nil { form.refuse(.problem, "Choisissez ce qui ne va pas.") }
        if form.trimmed(.details).count > 2000 { form.refuse(.details, "Les précisions sont trop longues (2 000 caractères au plus).") }
        let email = form.trimmed(.email).lowercased()
        if !email.isEmpty, !EmailAddress.isValid(email) { form.refuse(.email, "Adresse e-mail invalide, ou laissez ce champ vide.") }
        guard form.isValid, let problem else { return try reportPage(req, org: org, form: form, status: .unprocessableEntity) }
        let now = req.clock.now
        let clientKey = ContactRules.clientKey(req.clientIP)
        let sender = req.viewer?.email ?? (email.isEmpty ? "anonyme" : email)
        if let refusal = try await ContactRules.limitReached(senderEmail: sender, clientKey: clientKey, organizationID: orgID, now: now, on: req.db) {
            var refused = form
            refused.refuse(.problem, refusal)
            return try reportPage(req, org: org, form: refused, status: .tooManyRequests)
        }
        let viewer = req.viewer
        let reply = viewer.map { "\($0.name) <\($0.email)>" } ?? (email.isEmpty ? nil : email)
        let details = form.trimmed(.details)
        let territory = org.scope.primaryTerritoryID
        try await req.db.audited(
            .errorReported, about: .structure(orgID), territory: territory, by: viewer, summary: "Erreur signalée : \(problem.label)",
            visitor: viewer == nil ? "visiteur" : nil
        ) { tx in
            let log = ContactMessage()
            log.$organization.id = orgID
            log.recipient = "signalement"
            log.senderName = viewer?.name ?? "visiteur"
            log.senderEmail = sender
            log.$sender.id = viewer?.userID
            log.clientKey = clientKey
            log.createdAt = now
            try await log.create(on: tx)
            let people = try await DirectoryPeople.referents(of: orgID, on: tx) + DirectoryPeople.animators(of: territory, on: tx)
            try await Notifier.notify(
                people, .errorReported, title: "Erreur signalée sur « \(org.name) »",
                body: "Quelqu'un signale que \(problem.label)." + (details.isEmpty ? "" : " Précisions : \(details)")
                    + (reply.map { " Pour lui répondre : \($0)." } ?? " La personne n'a pas laissé d'adresse."),
                link: DirectoryURL.organizationEdit(orgID), now: now, base: req.publicBaseURL, on: tx)
        }
        return Flash.redirect(
            req, to: DirectoryURL.organization(orgID), notice: "Merci ! Les référent·es de la fiche et l'animateur·rice du territoire sont prévenus.")
    }

    /// From the fiche: a member says it is still right.
    @Sendable static func confirm(req: Request) async throws -> Response {
        let org = try req.requireOrganization()
        let viewer = try req.requireViewer()
        let orgID = try org.requireID()
        let now = req.clock.now
        try await req.db.audited(
            .structureConfirmed, about: .structure(orgID), territory: org.scope.primaryTerritoryID, by: viewer, summary: "Fiche confirmée exacte"
        ) { tx in
            try await Organization.query(on: tx).filter(\.$id == orgID).set(\.$confirmedAt, to: now).update()
        }
        req.directoryIndex.invalidate()
        return Flash.redirect(req, to: DirectoryURL.organization(orgID), notice: "Merci ! La fiche est marquée à jour.")
    }

    /// The page the yearly mail opens: the fiche in short and one button.
    @Sendable static func stillAccurateForm(req: Request) async throws -> Response {
        let org = try await visible(req)
        let token = req.query[String.self, at: "jeton"] ?? ""
        let check = try await usableCheck(token: token, organization: try org.requireID(), now: req.clock.now, on: req.db)
        let model = StillAccuratePage.Model(
            organizationID: try org.requireID(), name: org.name,
            address: [org.address, "\(org.postalCode) \(org.commune)"].filter { !$0.isEmpty }.joined(separator: ", "),
            hours: HoursText.sentence(org.openingHours), contacts: (org.$contacts.value ?? []).map { $0.role.isEmpty ? $0.name : "\($0.name) — \($0.role)" },
            token: check == nil ? nil : token)
        return StillAccuratePage.View(context: PageContext(req), model: model).response(status: check == nil ? .gone : .ok, on: req)
    }

    /// One click from the mail: the link's token is the proof, single use, valid 30 days.
    @Sendable static func stillAccurate(req: Request) async throws -> Response {
        let org = try await visible(req)
        let orgID = try org.requireID()
        let token = (try? req.content.get(String.self, at: "jeton")) ?? ""
        let now = req.clock.now
        guard let check = try await usableCheck(token: token, organization: orgID, now: now, on: req.db), let checkID = check.id else {
            throw Abort(.gone, reason: "Ce lien a déjà servi ou a expiré : connectez-vous pour confirmer ou modifier la fiche.")
        }
        let viewer = try await Viewer.load(userID: check.$user.id, on: req.db)
        let confirmed: Bool = try await req.db.audited(
            .structureConfirmed, about: .structure(orgID), territory: org.scope.primaryTerritoryID, by: viewer,
            summary: "Fiche confirmée exacte depuis le courriel annuel"
        ) { tx in
            // Single use, even when the button is pressed twice at once.
            guard let sql = tx as? any SQLDatabase else { return false }
            let used = try await sql.update(FreshnessCheck.schema).set("used_at", to: now)
                .where("id", .equal, checkID).where("used_at", .is, SQLLiteral.null).returning("id").all()
            guard !used.isEmpty else { return false }
            try await Organization.query(on: tx).filter(\.$id == orgID).set(\.$confirmedAt, to: now).update()
            return true
        }
        guard confirmed else { throw Abort(.gone, reason: "Ce lien a déjà servi : la fiche est déjà confirmée.") }
        req.directoryIndex.invalidate()
        return Flash.redirect(req, to: DirectoryURL.organization(orgID), notice: "Merci ! La fiche « \(org.name) » est marquée à jour.")
    }

    private static func usableCheck(token: String, organization: UUID, now: Date, on db: any Database) async throws -> FreshnessCheck? {
        guard !token.isEmpty, token.count < 200 else { return nil }
        return try await FreshnessCheck.query(on: db).filter(\.$tokenHash == SecretToken.hash(token)).filter(\.$organization.$id == organization)
            .filter(\.$usedAt == nil).filter(\.$expiresAt > now).first()
    }

    private static func visible(_ req: Request) async throws -> Organization {
        let org = try await OrganizationService.find(try DirectoryAPIController.requireID(req), on: req.db)
        guard Permissions.canSee(org.scope, status: org.statusValue, req.viewer) else {
            throw Abort(.notFound, reason: "Cette structure n'existe pas (ou plus).")
        }
        return org
    }

    private static func reportPage(_ req: Request, org: Organization, form: FormState<ReportField>, status: HTTPResponseStatus) throws -> Response {
        let model = ReportErrorPage.Model(
            organizationID: try org.requireID(), name: org.name, problems: problems, form: form, signedIn: req.viewer != nil)
        return ReportErrorPage.View(context: PageContext(req), model: model).response(status: status, on: req)
    }
}
