import Fluent
import Foundation
import Vapor

/// The quality loop (décret 2020-1274): a recipient reports a defect on a lot it received; the donor reads it in the
/// lot's chain and answers there. Both are steps of the chain, never edited.
enum QualityController {
    @Sendable static func report(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let lot = try req.record(LotReceiptScope.self)
        // The receiving structure the person reports for (an administrator of none reports for the first).
        let received = try req.parties(of: LotReceiptScope.self).owners.sorted { $0.uuidString < $1.uuidString }
        guard let org = received.first(where: { viewer.memberships[$0] != nil }) ?? received.first else {
            throw Abort(.forbidden, reason: LotReceiptScope.forbidden(lot))
        }
        let text = ((try? req.content.get(String.self, at: "defaut")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            return Redirect.to(SurplusURL.lot(try lot.requireID()), on: req, notice: "Décrivez le défaut (odeur, emballage abîmé, température à réception…).")
        }
        let kg = ((try? req.content.get(String.self, at: "kg")).flatMap(DonationRules.number)).map { min(max(0, $0), lot.kg) } ?? 0
        let id = try lot.requireID()
        try await req.db.audited(SurplusModule.qualityReported, about: .structure(lot.$organization.id), by: viewer, summary: "Défaut signalé : \(lot.product)")
        {
            tx in
            try await LotEvent(lot: id, kind: .defect, at: req.clock.now, kg: kg, organization: org, user: viewer.userID, note: String(text.prefix(1000)))
                .create(on: tx)
        }
        try await Notifier.notify(
            try await AccountsFace.members(of: lot.$organization.id, on: req.db), SurplusModule.qualityNotice,
            title: "Défaut de qualité signalé : \(lot.product)", body: text, link: SurplusURL.lot(id), now: req.clock.now, base: req.publicBaseURL,
            on: req.db)
        return Redirect.to(SurplusURL.lot(id), on: req, notice: "Défaut signalé : le donateur est prévenu et peut vous répondre ici.")
    }

    @Sendable static func answer(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let lot = try req.record(LotDonorScope.self)
        let text = ((try? req.content.get(String.self, at: "reponse")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let id = try lot.requireID()
        let reports = try await LotEvent.query(on: req.db).filter(\.$lot.$id == id).filter(\.$kind == .defect).all()
        guard !reports.isEmpty, !text.isEmpty else {
            return Redirect.to(SurplusURL.lot(id), on: req, notice: "Écrivez votre réponse au défaut signalé.")
        }
        try await req.db.audited(
            SurplusModule.qualityReported, about: .structure(lot.$organization.id), by: viewer, summary: "Réponse à un défaut : \(lot.product)"
        ) {
            tx in
            try await LotEvent(
                lot: id, kind: .answer, at: req.clock.now, kg: 0, organization: lot.$organization.id, user: viewer.userID, note: String(text.prefix(1000))
            )
            .create(on: tx)
        }
        for org in Set(reports.compactMap { $0.$organization.id }) {
            try await Notifier.notify(
                try await AccountsFace.members(of: org, on: req.db), SurplusModule.qualityNotice, title: "Réponse du donateur : \(lot.product)", body: text,
                link: SurplusURL.lot(id), now: req.clock.now, base: req.publicBaseURL, on: req.db)
        }
        return Redirect.to(SurplusURL.lot(id), on: req, notice: "Réponse envoyée.")
    }
}

/// Hand-over documents: the *bordereau de prise en charge* of a pickup, and the donor's summary for its tax receipt.
enum DocumentsController {
    /// What one donor handed over in one dispatch: products, kg, dates, temperatures, lot numbers, both parties.
    @Sendable static func slip(req: Request) async throws -> Response {
        let slip = try req.record(SlipScope.self)
        let (d, donorID) = (slip.dispatch, slip.donor)
        let dispatchID = try d.requireID()
        let rows = try await Delivery.query(on: req.db).filter(\.$dispatch.$id == dispatchID).with(\.$lot).with(\.$need) { $0.with(\.$organization) }.all()
            .filter { $0.lot.$organization.id == donorID }
        guard !rows.isEmpty else { throw Abort(.notFound, reason: "Ce donateur ne donne rien dans cette répartition.") }
        let donor = try await OrganizationService.find(donorID, on: req.db)
        let model = SlipPage.Model(dispatch: d, donor: donor, rows: rows)
        return SlipPage.View(context: PageContext(req), model: model).response(on: req)
    }

    /// The donor's gifts over a period, for its tax receipt: kg delivered per product and date, and their value by
    /// the rule stated (cost price; half of it for food given in the last three days before its DLC).
    static func summary(_ req: Request, _ path: Path1<UUID>) async throws -> DonorSummary {
        let orgID = try path.value(of: req)
        let now = req.clock.now
        let year = Calendar.paris.component(.year, from: now)
        let from = req.query[String.self, at: "du"].flatMap(Day.parse) ?? "\(year)-01-01"
        let to = req.query[String.self, at: "au"].flatMap(Day.parse) ?? Day.of(now)
        var prices: [FoodCategory: Double] = [:]
        for c in FoodCategory.allCases {
            if let p = req.query[String.self, at: "prix-" + c.rawValue].flatMap(DonationRules.number), p >= 0, p < 1_000 { prices[c] = p }
        }
        let lots = try await Lot.query(on: req.db).filter(\.$organization.$id == orgID).all()
        let byID = Dictionary(lots.compactMap { l in l.id.map { ($0, l) } }, uniquingKeysWith: { a, _ in a })
        let events = try await LotEvent.query(on: req.db).filter(\.$lot.$id ~~ Array(byID.keys)).filter(\.$kind == .delivered)
            .filter(\.$at >= Day.start(of: from)).filter(\.$at < Day.end(of: to)).with(\.$organization).sort(\.$at).all()
        let lines = events.compactMap { e -> DonorSummary.Line? in
            guard let lot = byID[e.$lot.id] else { return nil }
            return DonorSummary.Line(
                day: Day.of(e.at), product: lot.product, category: lot.category, lotNumber: lot.lotNumber, dateKind: lot.dateKind, date: lot.date, kg: e.kg,
                recipient: e.organization?.name ?? "")
        }
        return DonorSummary(organization: try await OrganizationService.find(orgID, on: req.db), from: from, to: to, lines: lines, prices: prices)
    }

    @Sendable static func summaryPage(req: Request) async throws -> Response {
        let s = try await summary(req, SurplusURL.donorSummary)
        return DonorSummaryPage.View(context: PageContext(req), model: s).response(on: req)
    }

    @Sendable static func summaryCSV(req: Request) async throws -> Response {
        let s = try await summary(req, SurplusURL.donorSummaryCSV)
        var file = CSVFile(
            CSVFile.dialect(of: req),
            header: ["date_livraison", "produit", "categorie", "numero_lot", "type_date", "date", "kg", "destinataire", "prix_kg", "taux", "valeur"])
        for line in s.lines {
            let price = s.prices[line.category]
            file.add([
                .text(line.day), .text(line.product), .text(line.category.label), .text(line.lotNumber), .text(line.dateKind.rawValue.uppercased()),
                .text(line.date), .decimal(line.kg, digits: 1), .text(line.recipient), price.map { .decimal($0, digits: 2) } ?? .text(""),
                .decimal(line.rate, digits: 2), price.map { .decimal(line.kg * $0 * line.rate, digits: 2) } ?? .text(""),
            ])
        }
        return file.response(filename: "dons-\(s.from)-\(s.to).csv")
    }
}

/// A donor's gifts over a period and their value by the stated rule.
struct DonorSummary {
    struct Line {
        var day: String
        var product: String
        var category: FoodCategory
        var lotNumber: String
        var dateKind: DateKind
        var date: String
        var kg: Double
        var recipient: String
        /// Food given in the last three days before its DLC is valued at half its cost price.
        var rate: Double {
            guard dateKind == .dlc else { return 1 }
            let left = Day.start(of: date).timeIntervalSince(Day.start(of: day)) / 86_400
            return left < 3 ? 0.5 : 1
        }
    }

    var organization: Organization
    var from: String
    var to: String
    var lines: [Line]
    /// Cost price per kg, per category, as the donor typed it.
    var prices: [FoodCategory: Double]

    var totalKg: Double { lines.reduce(0) { $0 + $1.kg } }
    var totalValue: Double? {
        guard !prices.isEmpty else { return nil }
        return lines.reduce(0) { $0 + $1.kg * (prices[$1.category] ?? 0) * $1.rate }
    }
}
