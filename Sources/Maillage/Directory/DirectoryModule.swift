import Fluent
import Foundation
import Vapor

/// Annuaire & carte partagée (DESIGN.md §1): structures, who does what, the map, territories and who is
/// missing around the table, cooperation, data·inclusion and HSDS interop; the animators' desk for structures.
enum DirectoryModule: MaillageModule {
    static let title = "Annuaire & carte"
    static let prefixes = ["/", "/annuaire", "/carte", "/structures", "/territoires", "/animation", "/api/v1/organizations", "/api/v1/territories"]

    static func register(_ routes: ModuleRoutes) {
        routes.everyone.get(DirectoryURL.home, use: DirectoryController.home)
        routes.everyone.get(DirectoryURL.directory, use: DirectoryController.directory)
        routes.everyone.get(DirectoryURL.directoryCSV, use: DirectoryController.exportCSV)
        routes.everyone.get(DirectoryURL.directoryGeoJSON, use: DirectoryController.exportGeoJSON)
        routes.everyone.get(DirectoryURL.map, use: DirectoryController.map)
        routes.everyone.get(DirectoryURL.mapPoints, use: MapPoints.search)
        routes.everyone.get(DirectoryURL.mapBackground, use: MapPoints.background)

        routes.signedIn.get(DirectoryURL.newOrganization, use: OrganizationController.newForm)
        routes.signedIn.post(DirectoryURL.newOrganization, use: OrganizationController.create)
        routes.everyone.get(DirectoryURL.organization, use: OrganizationController.show)
        routes.everyone.get(DirectoryURL.contact, use: ContactController.form)
        // Visitors write too: the visitors' guard limits per connection, the rules per sender and per fiche.
        routes.visitors.post(DirectoryURL.contact, use: ContactController.send)
        routes.everyone.get(DirectoryURL.reportError, use: FreshnessController.reportForm)
        routes.visitors.post(DirectoryURL.reportError, use: FreshnessController.report)
        routes.structureMember.post(DirectoryURL.confirmAccurate, use: FreshnessController.confirm)
        routes.structureMember.get(DirectoryURL.serviceNew, use: ServicesController.newForm)
        routes.structureMember.post(DirectoryURL.serviceNew, use: ServicesController.create)
        routes.structureMember.get(DirectoryURL.serviceEdit, use: ServicesController.editForm)
        routes.structureMember.post(DirectoryURL.serviceEdit, use: ServicesController.update)
        routes.structureMember.post(DirectoryURL.serviceDelete, use: ServicesController.delete)
        routes.signedIn.get(DirectoryURL.join, use: JoinController.form)
        routes.signedIn.post(DirectoryURL.join, use: JoinController.ask)
        // Referents answer joins; for a claim the handler asks for an animator of the fiche's territory.
        routes.structureReferent.post(DirectoryURL.joinAnswer, use: JoinController.answer)
        // The yearly mail's link: its single-use token is the proof, no sign-in needed.
        routes.everyone.get(DirectoryURL.stillAccurate, use: FreshnessController.stillAccurateForm)
        routes.visitors.post(DirectoryURL.stillAccurate, use: FreshnessController.stillAccurate)
        routes.structureMember.get(DirectoryURL.organizationEdit, use: OrganizationController.editForm)
        routes.structureMember.post(DirectoryURL.organizationEdit, use: OrganizationController.update)
        routes.structureReferent.get(DirectoryURL.members, use: OrganizationController.members)
        routes.structureReferent.post(DirectoryURL.members, use: OrganizationController.addMember)
        routes.structureReferent.post(DirectoryURL.memberRemove, use: OrganizationController.removeMember)
        routes.structureReferent.post(DirectoryURL.invitationCancel, use: OrganizationController.cancelInvitation)
        routes.structureMember.post(DirectoryURL.partnerships, use: PartnershipController.declare)
        // Either side may end a partnership: the handler checks the other side.
        routes.signedIn.post(DirectoryURL.partnershipRemove, use: PartnershipController.remove)
        routes.structureMember.post(DirectoryURL.partnershipAnswer, use: PartnershipController.answer)

        routes.everyone.get(DirectoryURL.territories, use: TerritoryController.territories)
        routes.everyone.get(DirectoryURL.coverage, use: TerritoryController.coverage)
        routes.everyone.get(DirectoryURL.coverageCSV, use: TerritoryController.coverageCSV)
        routes.everyone.get(DirectoryURL.coveragePoints, use: MapPoints.coverage)
        routes.territoryAnimator.post(DirectoryURL.coverageExpectations, use: TerritoryController.saveExpectations)
        routes.territoryAnimator.post(DirectoryURL.coverageInvitation, use: CoverageInvitation.invite)
        routes.everyone.get(DirectoryURL.interlocutors, use: PublicAgentsController.interlocutors)
        routes.territoryAnimator.get(DirectoryURL.territoryTeam, use: PublicAgentsController.team)
        routes.territoryAnimator.post(DirectoryURL.territoryTeam, use: PublicAgentsController.addToTeam)
        routes.territoryAnimator.post(DirectoryURL.territoryTeamRemove, use: PublicAgentsController.removeFromTeam)
        routes.publicAgent.get(DirectoryURL.agentProfile, use: PublicAgentsController.profileForm)
        routes.publicAgent.post(DirectoryURL.agentProfile, use: PublicAgentsController.saveProfile)
        routes.everyone.get(DirectoryURL.cooperation, use: TerritoryController.cooperation)
        routes.everyone.get(DirectoryURL.exportStructures, use: InteropController.exportStructures)
        routes.everyone.get(DirectoryURL.exportServices, use: InteropController.exportServices)
        routes.everyone.get(DirectoryURL.exportHSDS, use: InteropController.exportHSDS)

        routes.animator.get(DirectoryURL.moderation, use: ModerationController.queue)
        routes.structureModerator.post(DirectoryURL.moderationDecide, use: ModerationController.decide)
        routes.animator.post(DirectoryURL.territoryRequestAnswer, use: ModerationController.answerTerritoryRequest)
        routes.animator.get(DirectoryURL.imports, use: InteropController.imports)
        // Only an animator's upload is read: the guard answers before the body arrives (issue 11, finding 8).
        routes.animator.on(.POST, DirectoryURL.imports, body: .stream, use: InteropController.upload)
        routes.animator.get(DirectoryURL.importJob, use: InteropController.job)
        routes.animator.get(DirectoryURL.duplicates, use: DuplicatesController.list)
        routes.animator.get(DirectoryURL.merge, use: DuplicatesController.preview)
        routes.animator.post(DirectoryURL.merge, use: DuplicatesController.merge)
        routes.animator.post(DirectoryURL.mergeUndo, use: DuplicatesController.undo)

        routes.apiPublic.get(DirectoryURL.apiOrganizations, use: DirectoryAPIController.list)
        routes.apiToken.post(DirectoryURL.apiOrganizations, use: DirectoryAPIController.create)
        routes.apiPublic.get(DirectoryURL.apiOrganization, use: DirectoryAPIController.show)
        routes.apiToken.patch(DirectoryURL.apiOrganization, use: DirectoryAPIController.update)
        routes.apiPublic.get(DirectoryURL.apiTerritories, use: DirectoryAPIController.territories)
        routes.apiPublic.get(DirectoryURL.apiCoverage, use: TerritoryController.apiCoverage)
    }

    static let menu = [
        MenuEntry("Chercher une structure", DirectoryURL.directory.path, in: .directory, for: .everyone),
        MenuEntry("Carte", DirectoryURL.map.path, in: .directory, for: .everyone),
        MenuEntry("Territoires", DirectoryURL.territories.path, in: .directory, for: .everyone),
        MenuEntry("Validations", DirectoryURL.moderation.path, in: .animation, for: .animator),
        MenuEntry("Imports", DirectoryURL.imports.path, in: .animation, for: .animator),
        MenuEntry("Doublons", DirectoryURL.duplicates.path, in: .animation, for: .animator),
        MenuEntry("Mon service", DirectoryURL.agentProfile.path, in: .space, for: .publicAgent),
    ]

    static let jobs: [any BackgroundJob.Type] = [ImportJob.self]
    static let dailyTasks: [@Sendable (Application, Date) async throws -> Void] = [
        { app, now in try await FreshnessReminder.run(app: app, now: now) }
    ]
    static let widgets: [any DashboardWidget.Type] = [ModerationWidget.self, MyStructuresWidget.self]
    static let notificationKinds: [NotificationKind] = [
        .invitation, .structureDecision, .partnershipProposed, .partnershipAnswered, .structureToValidate, .territoryRequest,
        .errorReported, .joinRequested, .joinAnswered, .territoryRoleGiven,
    ]
    static let cooperation: [any CooperationSource] = [DeclaredPartnerships()]

    static let auditActions: [AuditAction] = [
        .structureCreated, .structureUpdated, .structureValidated, .structureRejected, .structuresMerged,
        .territoryRequestAccepted, .territoryRequestRefused, .panelExpectations, .memberRoleChanged, .memberInvited,
        .invitationCancelled, .memberRemoved, .partnershipDeclared, .partnershipRemoved, .partnershipConfirmed, .partnershipDeclined,
        .importSent, .importStarted, .importFinished, .importFailed, .contactMessageSent, .errorReported, .structureConfirmed, .mergeUndone,
        .joinRequested, .fileClaimed, .joinAccepted, .joinDeclined, .territoryInvitation,
        .agentProfileSaved, .territoryRoleGranted, .territoryRoleRemoved, .serviceAdded, .serviceUpdated, .serviceRemoved,
    ]

    static let migrations: [(order: Int, migration: any Migration)] = [
        (1, CreateTerritory()), (2, SeedDepartementTerritories()), (4, CreateOrganization()), (8, CreateInterop()),
        (10, CreateTerritoryRequest()), (12, AddPartnershipConsent()), (16, IndexTerritoryLinks()),
        (20, CreateContactMessage()), (22, AddOrganizationConfirmedAt()), (23, CreateFreshnessCheck()), (24, CreateMerge()),
        (25, CreateJoinRequest()), (26, CreatePublicAgentProfile()),
        (27, AddServiceOfferDetails()),
    ]

    static let stylesheet: String? = "directory"
    static let script: String? = "directory"
    static let openAPI: String? = "directory"

    static func seedDemo(_ demo: DemoContext) async throws {
        try await DemoTerritory.seed(demo)
    }

    static var demoAccounts: [DemoAccount] { DemoTerritory.accounts }
}

extension AuditAction {
    static let structureCreated = AuditAction("structure.création", "Structure inscrite")
    static let structureUpdated = AuditAction("structure.modification", "Fiche modifiée")
    static let structureValidated = AuditAction("structure.validation", "Structure validée")
    static let structureRejected = AuditAction("structure.refus", "Structure refusée")
    static let structuresMerged = AuditAction("structure.fusion", "Doublons fusionnés")
    static let mergeUndone = AuditAction("structure.fusion-annulée", "Fusion annulée")
    static let serviceAdded = AuditAction("service.ajout", "Service ajouté à une fiche")
    static let serviceUpdated = AuditAction("service.modification", "Service modifié")
    static let serviceRemoved = AuditAction("service.retrait", "Service retiré")
    static let agentProfileSaved = AuditAction("agent.service", "Service d'un agent public renseigné")
    static let territoryRoleGranted = AuditAction("territoire.rôle", "Rôle sur le territoire donné")
    static let territoryRoleRemoved = AuditAction("territoire.rôle-retiré", "Rôle sur le territoire retiré")
    static let territoryInvitation = AuditAction("territoire.invitation", "Acteur invité à rejoindre le territoire")
    static let joinRequested = AuditAction("membre.demande", "Demande à rejoindre une structure")
    static let fileClaimed = AuditAction("structure.revendication", "Demande à tenir une fiche importée")
    static let joinAccepted = AuditAction("membre.demande-acceptée", "Demande à rejoindre acceptée")
    static let joinDeclined = AuditAction("membre.demande-refusée", "Demande à rejoindre refusée")
    static let territoryRequestAccepted = AuditAction("territoire.demande-acceptée", "Intervention sur le territoire acceptée")
    static let territoryRequestRefused = AuditAction("territoire.demande-refusée", "Intervention sur le territoire refusée")
    static let panelExpectations = AuditAction("panel.attentes", "Attentes du panel modifiées")
    static let memberRoleChanged = AuditAction("membre.rôle", "Rôle d'un membre changé")
    static let memberInvited = AuditAction("membre.invitation", "Personne invitée")
    static let invitationCancelled = AuditAction("membre.invitation-annulée", "Invitation annulée")
    static let memberRemoved = AuditAction("membre.retrait", "Membre retiré·e")
    static let partnershipDeclared = AuditAction("partenariat.déclaration", "Partenariat proposé")
    static let partnershipRemoved = AuditAction("partenariat.retrait", "Partenariat retiré")
    static let partnershipConfirmed = AuditAction("partenariat.confirmation", "Partenariat confirmé")
    static let partnershipDeclined = AuditAction("partenariat.refus", "Partenariat décliné")
    static let importSent = AuditAction("import.envoi", "Fichier d'import envoyé")
    static let importStarted = AuditAction("import.début", "Import commencé")
    static let importFinished = AuditAction("import.data-inclusion", "Import terminé")
    static let importFailed = AuditAction("import.échec", "Import interrompu")
    static let contactMessageSent = AuditAction("structure.message", "Message envoyé par le formulaire de contact")
    static let errorReported = AuditAction("structure.erreur-signalée", "Erreur signalée sur une fiche")
    static let structureConfirmed = AuditAction("structure.confirmation", "Fiche confirmée exacte")
}
