import Fluent
import Foundation
import Vapor

/// Which lots a recall names (plain Swift, tested): by lot number when the notice gives some — printed numbers
/// compared without spaces, dashes or case — otherwise by the product's words within the date range.
enum RecallSearch {
    struct Criteria: Sendable {
        var product: String
        var lotNumbers: [String]
        var dateFrom: String?
        var dateTo: String?
    }

    static func normalized(_ lotNumber: String) -> String {
        lotNumber.uppercased().filter { $0.isLetter || $0.isNumber }
    }

    static func numbers(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "\n" }).map { normalized(String($0)) }.filter { !$0.isEmpty }
    }

    static func matches(_ c: Criteria, product: String, lotNumber: String, date: String) -> Bool {
        if let from = c.dateFrom, !from.isEmpty, date < from { return false }
        if let to = c.dateTo, !to.isEmpty, date > to { return false }
        if !c.lotNumbers.isEmpty { return c.lotNumbers.contains(normalized(lotNumber)) }
        let words = TextFolding.fold(c.product).split(separator: " ").filter { $0.count > 2 }
        guard !words.isEmpty else { return false }
        let name = TextFolding.fold(product)
        return words.allSatisfy { name.contains($0) }
    }
}

enum RecallService {
    enum Field: String, FormKey { case product, lot_numbers, date_from, date_to, reason, instructions, source }

    static let defaultInstructions =
        "Ne distribuez plus ce produit. Retirez-le des rayons et du stock, isolez-le avec une étiquette « rappel », puis détruisez-le ou rapportez-le selon l'avis. Si des personnes l'ont reçu, prévenez-les."

    static func validate(_ form: FormState<Field>) -> Result<RecallSearch.Criteria, Refusal<Field>> {
        var errors: [Field: String] = [:]
        let product = form.trimmed(.product), numbers = RecallSearch.numbers(form[.lot_numbers])
        if product.isEmpty { errors[.product] = "Indiquez le nom du produit, tel qu'écrit sur l'avis de rappel." }
        if product.count > 200 { errors[.product] = "200 caractères au plus." }
        let from = form.trimmed(.date_from), to = form.trimmed(.date_to)
        let fromDay = from.isEmpty ? "" : Day.parse(from), toDay = to.isEmpty ? "" : Day.parse(to)
        if fromDay == nil { errors[.date_from] = "Une date, par exemple 2026-12-01." }
        if toDay == nil { errors[.date_to] = "Une date, par exemple 2026-12-31." }
        if let f = fromDay, let t = toDay, !f.isEmpty, !t.isEmpty, t < f { errors[.date_to] = "La fin doit venir après le début." }
        if numbers.isEmpty && TextFolding.fold(product).split(separator: " ").allSatisfy({ $0.count <= 2 }) && errors[.product] == nil {
            errors[.lot_numbers] = "Sans numéro de lot, il faut au moins un mot de plus de deux lettres dans le nom du produit."
        }
        guard errors.isEmpty else { return .failure(Refusal(errors)) }
        return .success(.init(product: product, lotNumbers: numbers, dateFrom: fromDay, dateTo: toDay))
    }

    /// Records the recall, finds the lots of the territory it names, tells every structure that gave or received
    /// any of them, and adds a "recalled" step to each lot's chain — in one transaction; notices are sent after.
    static func create(
        _ form: FormState<Field>, criteria c: RecallSearch.Criteria, territory: Territory, by viewer: Viewer, now: Date, base: String, on db: any Database
    ) async throws -> Recall {
        let territoryID = try territory.requireID()
        let orgs = try await OrganizationTerritory.query(on: db).filter(\.$territory.$id == territoryID).all().map { $0.$organization.id }
        let lots = try await Lot.query(on: db).filter(\.$organization.$id ~~ orgs).all().filter {
            RecallSearch.matches(c, product: $0.product, lotNumber: $0.lotNumber, date: $0.date)
        }
        let lotIDs = lots.compactMap(\.id)
        let deliveries = try await Delivery.query(on: db).filter(\.$lot.$id ~~ lotIDs).with(\.$need).all()
        struct Told { var role: String; var kg: Double; var lots: Set<String> }
        var told: [UUID: Told] = [:]
        for lot in lots { told[lot.$organization.id, default: Told(role: "gave", kg: 0, lots: [])].kg += lot.kg }
        for lot in lots { told[lot.$organization.id]?.lots.insert(lot.product) }
        let lotByID = Dictionary(lots.compactMap { l in l.id.map { ($0, l) } }, uniquingKeysWith: { a, _ in a })
        for d in deliveries where d.status != .lost {
            let org = d.need.$organization.id
            var t = told[org] ?? Told(role: "received", kg: 0, lots: [])
            if t.role == "gave" && lotByID[d.$lot.id]?.$organization.id != org { t.role = "received" }
            t.kg += d.deliveredKg ?? d.collectedKg ?? d.kg
            t.lots.insert(lotByID[d.$lot.id]?.product ?? "")
            told[org] = t
        }
        let recall = Recall()
        recall.$territory.id = territoryID
        recall.$createdBy.id = viewer.userID
        (recall.product, recall.lotNumbers, recall.dateFrom, recall.dateTo) =
            (c.product, form.trimmed(.lot_numbers).prefix(500).description, c.dateFrom ?? "", c.dateTo ?? "")
        (recall.reason, recall.source) = (String(form.trimmed(.reason).prefix(500)), String(form.trimmed(.source).prefix(500)))
        recall.instructions = form.trimmed(.instructions).isEmpty ? defaultInstructions : String(form.trimmed(.instructions).prefix(1000))
        let snapshot = told
        try await db.audited(
            SurplusModule.recallEntered, about: .territory(territoryID), territory: territoryID, by: viewer,
            summary:
                "Rappel « \(c.product) » : \(French.count(lots.count, "lot trouvé", plural: "lots trouvés")), \(French.count(snapshot.count, "structure prévenue", plural: "structures prévenues"))"
        ) { tx in
            try await recall.create(on: tx)
            let recallID = try recall.requireID()
            for (org, t) in snapshot {
                let notice = RecallNotice()
                (notice.$recall.id, notice.$organization.id, notice.role, notice.kg) = (recallID, org, t.role, t.kg)
                notice.lots = t.lots.sorted().joined(separator: ", ")
                try await notice.create(on: tx)
            }
            for lot in lots {
                try await LotEvent(
                    lot: try lot.requireID(), kind: .recalled, at: now, kg: lot.kg, organization: nil, user: viewer.userID,
                    note: "Rappel : \(c.product)\(recall.reason.isEmpty ? "" : " — \(recall.reason)")"
                ).create(on: tx)
            }
        }
        let link = SurplusURL.recall(try recall.requireID())
        for (org, t) in snapshot {
            try await Notifier.notify(
                try await AccountsFace.members(of: org, on: db), SurplusModule.recallNotice,
                title: "Rappel de produit : \(c.product)",
                body: (t.role == "gave" ? "Votre structure a donné" : "Votre structure a reçu")
                    + " \(Format.number(t.kg.rounded())) kg concernés (\(t.lots.sorted().joined(separator: ", "))). \(recall.instructions)",
                link: link, now: now, base: base, on: db)
        }
        return recall
    }

    static func acknowledge(recall: UUID, organization: UUID, note: String, by viewer: Viewer, now: Date, on db: any Database) async throws {
        guard let notice = try await RecallNotice.query(on: db).filter(\.$recall.$id == recall).filter(\.$organization.$id == organization).first() else {
            throw Abort(.notFound, reason: "Votre structure n'est pas concernée par ce rappel.")
        }
        guard notice.acknowledgedAt == nil else { throw Abort(.conflict, reason: "Votre structure a déjà confirmé ce rappel.") }
        (notice.acknowledgedAt, notice.$acknowledgedBy.id, notice.acknowledgement) = (now, viewer.userID, String(note.prefix(500)))
        try await db.audited(SurplusModule.recallAcknowledged, about: .structure(organization), by: viewer, summary: "Rappel pris en compte") { tx in
            try await notice.save(on: tx)
        }
    }
}

/// The recall desk: enter a recall, see who was told and who acknowledged.
enum RecallController {
    @Sendable static func list(req: Request) async throws -> Response {
        let (territory, territoryID) = try await Territory.require(code: try SurplusURL.recalls.value(of: req), on: req.db)
        return try await listPage(req, territory, territoryID, form: FormState(), status: .ok)
    }

    static func listPage(_ req: Request, _ territory: Territory, _ territoryID: UUID, form: FormState<RecallService.Field>, status: HTTPResponseStatus)
        async throws -> Response
    {
        let recalls = try await Recall.query(on: req.db).filter(\.$territory.$id == territoryID).sort(\.$createdAt, .descending).range(..<50).all()
        let model = RecallsPage.Model(territory: TerritorySummary(code: territory.code, name: territory.name), recalls: recalls, form: form)
        return RecallsPage.View(context: PageContext(req), model: model).response(status: status, on: req)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let (territory, territoryID) = try await Territory.require(code: try SurplusURL.recalls.value(of: req), on: req.db)
        var form = FormState<RecallService.Field>(req)
        switch RecallService.validate(form) {
        case .failure(let failure):
            form.refuse(failure)
            return try await listPage(req, territory, territoryID, form: form, status: .unprocessableEntity)
        case .success(let criteria):
            let recall = try await RecallService.create(
                form, criteria: criteria, territory: territory, by: viewer, now: req.clock.now, base: req.publicBaseURL, on: req.db)
            let told = try await RecallNotice.query(on: req.db).filter(\.$recall.$id == recall.requireID()).count()
            return Redirect.to(
                SurplusURL.recall(try recall.requireID()), on: req,
                notice: told == 0
                    ? "Rappel enregistré : aucun lot correspondant sur le territoire."
                    : "Rappel enregistré : \(French.count(told, "structure prévenue", plural: "structures prévenues")) à l'instant.")
        }
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let recall = try req.record(RecallScope.self)
        let notices = try await RecallNotice.query(on: req.db).filter(\.$recall.$id == recall.requireID()).with(\.$organization).with(\.$acknowledgedBy)
            .all().sorted { ($0.role, $0.organization.name) < ($1.role, $1.organization.name) }
        let territory = try await recall.$territory.get(on: req.db)
        let model = RecallPage.Model(
            recall: recall, territory: territory.code, notices: notices, animator: Permissions.animates(recall.$territory.id, viewer),
            mine: Set(viewer.memberships.keys))
        return RecallPage.View(context: PageContext(req), model: model).response(on: req)
    }

    @Sendable static func acknowledge(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let (organization, recall) = try SurplusURL.acknowledge.values(of: req)
        let note = ((try? req.content.get(String.self, at: "note")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        try await RecallService.acknowledge(recall: recall, organization: organization, note: note, by: viewer, now: req.clock.now, on: req.db)
        return Redirect.to(SurplusURL.recall(recall), on: req, notice: "Merci : l'animation du territoire voit que votre structure a agi.")
    }
}
