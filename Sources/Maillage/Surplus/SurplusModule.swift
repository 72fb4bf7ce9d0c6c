import Fluent
import Foundation
import Vapor

/// Dons, surplus & logistique (DESIGN.md §2, issue 15): donors declare lots, recipients needs; an animator runs the
/// daily dispatch with the `Logistics` engine and the territory's shared vans; every step of a lot is traced.
enum SurplusModule: MaillageModule {
    static let title = "Dons et surplus"
    static let prefixes = ["/dons", "/api/v1/lots", "/api/v1/needs", "/api/v1/dispatches", "/api/v1/recalls", "/api/v1/series"]

    static func register(_ routes: ModuleRoutes) {
        routes.signedIn.get(SurplusURL.board, use: SurplusController.board)
        routes.signedIn.get(SurplusURL.newLot, use: SurplusController.newLot)
        routes.signedIn.post(SurplusURL.newLot, use: SurplusController.createLot)
        // Who sees or withdraws a lot depends on its structure and where it went: the handlers check.
        routes.signedIn.get(SurplusURL.lot, use: SurplusController.showLot)
        routes.signedIn.post(SurplusURL.withdraw, use: SurplusController.withdraw)
        routes.signedIn.post(SurplusURL.editLot, use: SurplusController.editLot)
        routes.signedIn.get(SurplusURL.newSeries, use: SeriesController.newForm)
        routes.signedIn.post(SurplusURL.newSeries, use: SeriesController.create)
        routes.signedIn.get(SurplusURL.series, use: SeriesController.show)
        routes.signedIn.post(SurplusURL.stopSeries, use: SeriesController.stop)
        routes.signedIn.get(SurplusURL.newNeed, use: SurplusController.newNeed)
        routes.signedIn.post(SurplusURL.newNeed, use: SurplusController.createNeed)
        routes.signedIn.post(SurplusURL.closeNeed, use: SurplusController.closeNeed)
        routes.structureMember.get(SurplusURL.preferences, use: SurplusController.preferences)
        routes.structureMember.post(SurplusURL.preferences, use: SurplusController.savePreferences)
        routes.territoryAnimator.get(SurplusURL.newDispatch, use: DispatchController.form)
        routes.territoryAnimator.post(SurplusURL.newDispatch, use: DispatchController.run)
        // A dispatch's territory is in its row, not its path: the handlers check its animators.
        routes.animator.get(SurplusURL.dispatch, use: DispatchController.show)
        routes.animator.post(SurplusURL.acceptDispatch, use: DispatchController.accept)
        routes.animator.post(SurplusURL.adjustDispatch, use: DispatchController.adjust)
        routes.animator.get(SurplusURL.dispatchCSV, use: DispatchController.csv)
        routes.animator.get(SurplusURL.toursGeoJSON, use: DispatchController.geoJSON)
        routes.animator.get(SurplusURL.routeSheets, use: RouteSheetController.all)
        // Drivers are members of the van's structure: the handlers check the tour's vehicle.
        routes.signedIn.get(SurplusURL.routeSheet, use: RouteSheetController.sheet)
        routes.signedIn.post(SurplusURL.mark, use: RouteSheetController.mark)
        routes.signedIn.post(SurplusURL.refuseDelivery, use: RouteSheetController.refuse)
        // The donor offers its own lot; the structure an offer is made to answers it: the handlers check.
        routes.signedIn.get(SurplusURL.urgent, use: UrgentController.takers)
        routes.signedIn.post(SurplusURL.urgent, use: UrgentController.offer)
        routes.signedIn.post(SurplusURL.acceptUrgent, use: UrgentController.accept)
        routes.signedIn.post(SurplusURL.declineUrgent, use: UrgentController.decline)
        // Recipients of the lot report, its donor answers; the slip is for the donor, drivers and animators: the
        // handlers check.
        routes.signedIn.post(SurplusURL.defect, use: QualityController.report)
        routes.signedIn.post(SurplusURL.answerDefect, use: QualityController.answer)
        routes.signedIn.get(SurplusURL.slip, use: DocumentsController.slip)
        routes.structureMember.get(SurplusURL.donorSummary, use: DocumentsController.summaryPage)
        routes.structureMember.get(SurplusURL.donorSummaryCSV, use: DocumentsController.summaryCSV)
        routes.signedIn.get(SurplusURL.gleaning, use: GleaningController.list)
        routes.signedIn.get(SurplusURL.newGleaningField, use: GleaningController.newField)
        routes.signedIn.post(SurplusURL.newGleaningField, use: GleaningController.createField)
        routes.signedIn.get(SurplusURL.gleaningField, use: GleaningController.showField)
        // The farm adds days and writes the report; any volunteer signs up: the handlers check.
        routes.signedIn.post(SurplusURL.gleaningDays, use: GleaningController.addDay)
        routes.signedIn.get(SurplusURL.gleaningDay, use: GleaningController.showDay)
        routes.signedIn.post(SurplusURL.gleaningSignUp, use: GleaningController.signUp)
        routes.signedIn.post(SurplusURL.gleaningCancel, use: GleaningController.cancel)
        routes.signedIn.post(SurplusURL.gleaningReport, use: GleaningController.report)
        routes.territoryAnimator.get(SurplusURL.recalls, use: RecallController.list)
        routes.territoryAnimator.post(SurplusURL.recalls, use: RecallController.create)
        // The territory's animators and the structures told read a recall: the handler checks.
        routes.signedIn.get(SurplusURL.recall, use: RecallController.show)
        routes.structureMember.post(SurplusURL.acknowledge, use: RecallController.acknowledge)

        routes.apiToken.get(SurplusURL.apiLots, use: SurplusAPIController.lots)
        routes.apiToken.post(SurplusURL.apiLots, use: SurplusAPIController.createLot)
        routes.apiToken.get(SurplusURL.apiLot, use: SurplusAPIController.lot)
        routes.apiToken.get(SurplusURL.apiLotEvents, use: SurplusAPIController.events)
        routes.apiToken.get(SurplusURL.apiNeeds, use: SurplusAPIController.needs)
        routes.apiToken.post(SurplusURL.apiNeeds, use: SurplusAPIController.createNeed)
        routes.apiToken.post(SurplusURL.apiDispatches, use: SurplusAPIController.createDispatch)
        routes.apiToken.get(SurplusURL.apiDispatch, use: SurplusAPIController.dispatch)
        routes.apiToken.post(SurplusURL.apiAcceptDispatch, use: SurplusAPIController.accept)
        routes.apiToken.get(SurplusURL.apiDeliveries, use: SurplusAPIController.deliveries)
        routes.apiToken.get(SurplusURL.apiRecalls, use: SurplusAPIController.recalls)
        routes.apiToken.post(SurplusURL.apiRecalls, use: SurplusAPIController.createRecall)
        routes.apiToken.get(SurplusURL.apiSeries, use: SurplusAPIController.series)
        routes.apiToken.post(SurplusURL.apiSeries, use: SurplusAPIController.createSeries)
    }

    static let menu = [MenuEntry("Dons", SurplusURL.board.path, for: .signedIn)]

    static let lotDeclared = AuditAction("lot.déclaration", "Don déclaré")
    static let lotWithdrawn = AuditAction("lot.retrait", "Don retiré")
    static let needExpressed = AuditAction("besoin.création", "Besoin exprimé")
    static let needClosed = AuditAction("besoin.clôture", "Besoin clos")
    static let preferencesSaved = AuditAction("dons.préférences", "Préférences de dons")
    static let dispatchQueued = AuditAction("répartition.calcul", "Répartition lancée")
    static let dispatchAccepted = AuditAction("répartition.acceptation", "Répartition acceptée")
    static let deliveryMarked = AuditAction("livraison.étape", "Étape de tournée notée")
    static let recallEntered = AuditAction("rappel.saisie", "Rappel de produit saisi")
    static let recallAcknowledged = AuditAction("rappel.accusé", "Rappel pris en compte")
    static let auditActions = [
        lotDeclared, lotWithdrawn, needExpressed, needClosed, preferencesSaved, dispatchQueued, dispatchAccepted, deliveryMarked, recallEntered,
        recallAcknowledged, urgentOffered, urgentAccepted, seriesCreated, lotCorrected, qualityReported, gleaningField, gleaningSignup, gleaningReport,
    ]
    static let qualityReported = AuditAction("lot.qualité", "Défaut de qualité et réponse")
    static let gleaningField = AuditAction("glanage.champ", "Glanage proposé")
    static let gleaningSignup = AuditAction("glanage.inscription", "Inscription au glanage")
    static let gleaningReport = AuditAction("glanage.bilan", "Bilan de glanage")
    static let seriesCreated = AuditAction("ramasse.régulière", "Ramasse régulière")
    static let lotCorrected = AuditAction("lot.correction", "Don corrigé")
    static let urgentOffered = AuditAction("don-urgent.proposition", "Don urgent proposé")
    static let urgentAccepted = AuditAction("don-urgent.réponse", "Réponse à un don urgent")

    static let recallNotice = NotificationKind("rappel-produit", "Rappel d'un produit que notre structure a donné ou reçu")
    static let urgentOffer = NotificationKind("don-urgent", "Don urgent proposé à notre structure, ou parti")
    static let qualityNotice = NotificationKind("qualite-don", "Défaut de qualité signalé sur un don, ou réponse du donateur")
    static let notificationKinds = [recallNotice, urgentOffer, qualityNotice]

    static let migrations: [(order: Int, migration: any Migration)] = [
        (32, CreateLot()), (33, CreateLotEvent()), (34, CreateNeed()), (35, CreateRecipientProfile()), (36, CreateDispatch()), (37, CreateDelivery()),
        (38, CreateRecall()),
        (39, CreateRecallNotice()), (40, CreateUrgentOffer()), (41, CreateLotSeries()), (42, CreateGleaningField()),
        (43, CreateGleaningDay()), (44, CreateGleaningSignup()),
        (45, AddLotSeries()), (46, AddNeedHub()), (47, AddDeliveryBalance()),
    ]
    static let jobs: [any BackgroundJob.Type] = [DispatchJob.self]
    static let frequentTasks: [@Sendable (Application, Date) async throws -> Void] = [
        { app, now in _ = try await SurplusService.expire(now: now, on: app.db) },
        { app, now in try await SeriesService.generate(now: now, on: app.db) },
    ]
    static let openAPI: String? = "surplus"
    static let stylesheet: String? = "surplus"
}
