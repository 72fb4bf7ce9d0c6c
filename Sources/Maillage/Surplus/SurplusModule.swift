import Fluent
import Foundation
import Vapor

/// Dons, surplus & logistique (DESIGN.md §2, issue 15): donors declare lots, recipients needs; an animator runs the
/// daily dispatch with the `Logistics` engine and the territory's shared vans; every step of a lot is traced.
enum SurplusModule: MaillageModule {
    static let title = "Dons et surplus"
    static let prefixes = ["/dons", "/api/v1/lots", "/api/v1/needs", "/api/v1/dispatches", "/api/v1/recalls", "/api/v1/series"]

    static func register(_ routes: ModuleRoutes) {
        // Anyone signed in reads the board and declares for one of their structures: the form names it and
        // `SurplusService.structure(of:chosenIn:at:)` checks it is theirs and validated.
        routes.signedIn.get(SurplusURL.board, use: SurplusController.board)
        routes.signedIn.get(SurplusURL.newLot, use: SurplusController.newLot)
        routes.signedIn.post(SurplusURL.newLot, use: SurplusController.createLot)
        routes.signedIn.get(SurplusURL.newSeries, use: SeriesController.newForm)
        routes.signedIn.post(SurplusURL.newSeries, use: SeriesController.create)
        routes.signedIn.get(SurplusURL.newNeed, use: SurplusController.newNeed)
        routes.signedIn.post(SurplusURL.newNeed, use: SurplusController.createNeed)
        // A lot: its donor (and the territory's animators) manage it; those it went to, and while offered the
        // structures of its territories, read it.
        routes.reader(of: LotScope.self).get(SurplusURL.lot, use: SurplusController.showLot)
        routes.member(of: LotScope.self).post(SurplusURL.withdraw, use: SurplusController.withdraw)
        routes.member(of: LotScope.self).post(SurplusURL.editLot, use: SurplusController.editLot)
        routes.member(of: LotScope.self).get(SurplusURL.urgent, use: UrgentController.takers)
        routes.member(of: LotScope.self).post(SurplusURL.urgent, use: UrgentController.offer)
        routes.member(of: LotReceiptScope.self).post(SurplusURL.defect, use: QualityController.report)
        routes.member(of: LotDonorScope.self).post(SurplusURL.answerDefect, use: QualityController.answer)
        routes.member(of: UrgentOfferScope.self).post(SurplusURL.acceptUrgent, use: UrgentController.accept)
        routes.member(of: UrgentOfferScope.self).post(SurplusURL.declineUrgent, use: UrgentController.decline)
        routes.member(of: SeriesScope.self).get(SurplusURL.series, use: SeriesController.show)
        routes.member(of: SeriesScope.self).post(SurplusURL.stopSeries, use: SeriesController.stop)
        routes.member(of: NeedScope.self).post(SurplusURL.closeNeed, use: SurplusController.closeNeed)
        routes.structureMember.get(SurplusURL.preferences, use: SurplusController.preferences)
        routes.structureMember.post(SurplusURL.preferences, use: SurplusController.savePreferences)
        routes.territoryAnimator.get(SurplusURL.newDispatch, use: DispatchController.form)
        routes.territoryAnimator.post(SurplusURL.newDispatch, use: DispatchController.run)
        routes.animator(of: DispatchScope.self).get(SurplusURL.dispatch, use: DispatchController.show)
        routes.animator(of: DispatchScope.self).post(SurplusURL.acceptDispatch, use: DispatchController.accept)
        routes.animator(of: DispatchScope.self).post(SurplusURL.adjustDispatch, use: DispatchController.adjust)
        routes.animator(of: DispatchScope.self).get(SurplusURL.dispatchCSV, use: DispatchController.csv)
        routes.animator(of: DispatchScope.self).get(SurplusURL.toursGeoJSON, use: DispatchController.geoJSON)
        routes.animator(of: DispatchScope.self).get(SurplusURL.routeSheets, use: RouteSheetController.all)
        // Drivers are members of the van's structure; the recipient refuses ahead; the slip is for the donor.
        routes.member(of: TourScope.self).get(SurplusURL.routeSheet, use: RouteSheetController.sheet)
        routes.member(of: DeliveryScope.self).post(SurplusURL.mark, use: RouteSheetController.mark)
        routes.member(of: DeliveryRecipientScope.self).post(SurplusURL.refuseDelivery, use: RouteSheetController.refuse)
        routes.reader(of: SlipScope.self).get(SurplusURL.slip, use: DocumentsController.slip)
        routes.structureMember.get(SurplusURL.donorSummary, use: DocumentsController.summaryPage)
        routes.structureMember.get(SurplusURL.donorSummaryCSV, use: DocumentsController.summaryCSV)
        // Gleaning is open to every signed-in volunteer; the farm adds days and writes the report.
        routes.signedIn.get(SurplusURL.gleaning, use: GleaningController.list)
        routes.signedIn.get(SurplusURL.newGleaningField, use: GleaningController.newField)
        routes.signedIn.post(SurplusURL.newGleaningField, use: GleaningController.createField)
        routes.signedIn.get(SurplusURL.gleaningField, use: GleaningController.showField)
        routes.member(of: GleaningFieldScope.self).post(SurplusURL.gleaningDays, use: GleaningController.addDay)
        routes.signedIn.get(SurplusURL.gleaningDay, use: GleaningController.showDay)
        routes.signedIn.post(SurplusURL.gleaningSignUp, use: GleaningController.signUp)
        routes.signedIn.post(SurplusURL.gleaningCancel, use: GleaningController.cancel)
        routes.member(of: GleaningDayScope.self).post(SurplusURL.gleaningReport, use: GleaningController.report)
        routes.territoryAnimator.get(SurplusURL.recalls, use: RecallController.list)
        routes.territoryAnimator.post(SurplusURL.recalls, use: RecallController.create)
        routes.reader(of: RecallScope.self).get(SurplusURL.recall, use: RecallController.show)
        routes.structureMember.post(SurplusURL.acknowledge, use: RecallController.acknowledge)

        // The API: lists are filtered by who asks; creations name their structure or territory in the body, which
        // the handlers check against the person (the same rules as the forms).
        routes.apiToken.get(SurplusURL.apiLots, use: SurplusAPIController.lots)
        routes.apiToken.post(SurplusURL.apiLots, use: SurplusAPIController.createLot)
        routes.reader(of: LotScope.self).get(SurplusURL.apiLot, use: SurplusAPIController.lot)
        routes.reader(of: LotScope.self).get(SurplusURL.apiLotEvents, use: SurplusAPIController.events)
        routes.apiToken.get(SurplusURL.apiNeeds, use: SurplusAPIController.needs)
        routes.apiToken.post(SurplusURL.apiNeeds, use: SurplusAPIController.createNeed)
        routes.apiToken.post(SurplusURL.apiDispatches, use: SurplusAPIController.createDispatch)
        routes.animator(of: DispatchScope.self).get(SurplusURL.apiDispatch, use: SurplusAPIController.dispatch)
        routes.animator(of: DispatchScope.self).post(SurplusURL.apiAcceptDispatch, use: SurplusAPIController.accept)
        routes.party(to: DispatchScope.self).get(SurplusURL.apiDeliveries, use: SurplusAPIController.deliveries)
        routes.apiToken.get(SurplusURL.apiRecalls, use: SurplusAPIController.recalls)
        routes.apiToken.post(SurplusURL.apiRecalls, use: SurplusAPIController.createRecall)
        routes.apiToken.get(SurplusURL.apiSeries, use: SurplusAPIController.series)
        routes.apiToken.post(SurplusURL.apiSeries, use: SurplusAPIController.createSeries)
    }

    static let menu = [MenuEntry("Dons et surplus", SurplusURL.board.path, in: .logistics, for: .signedIn)]

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
    static let vanRefused = NotificationKind(
        "vehicule-refuse", "Un véhicule ou une chambre froide d'une répartition de mon territoire est refusé par sa structure")
    static let notificationKinds = [recallNotice, urgentOffer, qualityNotice, vanRefused]
    static let subscriptions = [FactSubscription.on(SharingFace.BookingDecided.self, DispatchBookings.decided)]

    static let migrations: [(order: Int, migration: any Migration)] = [
        (32, CreateLot()), (33, CreateLotEvent()), (34, CreateNeed()), (35, CreateRecipientProfile()), (36, CreateDispatch()), (37, CreateDelivery()),
        (38, CreateRecall()),
        (39, CreateRecallNotice()), (40, CreateUrgentOffer()), (41, CreateLotSeries()), (42, CreateGleaningField()),
        (43, CreateGleaningDay()), (44, CreateGleaningSignup()),
        (45, AddLotSeries()), (46, AddNeedHub()), (47, AddDeliveryBalance()), (48, CreateDispatchBooking()),
    ]
    static let jobs: [any BackgroundJob.Type] = [DispatchJob.self]
    static let frequentTasks: [@Sendable (Application, Date) async throws -> Void] = [
        { app, now in _ = try await SurplusService.expire(now: now, on: app.db) },
        { app, now in try await SeriesService.generate(now: now, on: app.db) },
        { app, now in try await DispatchBookings.tellAnimators(now: now, app: app) },
    ]
    static let openAPI: String? = "surplus"
    static let stylesheet: String? = "surplus"
}
