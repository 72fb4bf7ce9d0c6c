import Fluent
import Foundation
import SQLKit
import Vapor

/// A structure's side of sharing: what it lends and borrows ("Nos réservations"), its calendar address, and the
/// territory's view of use for funders.
enum BookingsController {
    /// The person's validated structures: requests to answer, bookings of their resources, bookings they hold
    /// elsewhere, and each structure's calendar address.
    @Sendable static func ours(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let now = req.clock.now
        let structures = try await ResourceService.validatedOrganizations(of: viewer, on: req.db)
        let ids = structures.map(\.0)
        let resources = ids.isEmpty ? [] : try await SharedResource.query(on: req.db).filter(\.$organization.$id ~~ ids).sort(\.$name).all()
        let resourceIDs = resources.compactMap(\.id)
        let recent = now.addingTimeInterval(-14 * 86_400)
        let lent =
            resourceIDs.isEmpty
            ? []
            : try await Booking.query(on: req.db).filter(\.$resource.$id ~~ resourceIDs).filter(\.$isOutage == false)
                .filter(\.$status ~~ [BookingStatus.pending.rawValue, BookingStatus.accepted.rawValue]).filter(\.$end > now)
                .with(\.$organization).with(\.$resource).sort(\.$start).range(..<300).all()
        let borrowed =
            ids.isEmpty
            ? []
            : try await Booking.query(on: req.db).filter(\.$organization.$id ~~ ids).filter(\.$isOutage == false).filter(\.$end > recent)
                .with(\.$resource).sort(\.$start).range(..<300).all().filter { !ids.contains($0.resource.$organization.id) }
        let tokens = Dictionary(
            (ids.isEmpty ? [] : try await StructureCalendar.query(on: req.db).filter(\.$organization.$id ~~ ids).all()).map { ($0.$organization.id, $0.token) },
            uniquingKeysWith: { a, _ in a })
        let calendars = structures.map { id, name in (name, tokens[id].map { req.publicBaseURL + SharingURL.structureCalendar(id) + "?jeton=" + $0 }) }
        let model = BookingsPage.Model(
            structures: structures, toAnswer: lent.filter { $0.statusValue == .pending }, lent: lent.filter { $0.statusValue == .accepted },
            borrowed: borrowed, calendars: calendars, now: now)
        return BookingsPage.View(context: PageContext(req), model: model).response(on: req)
    }

    /// Makes (or remakes, which stops the old one) a structure's calendar address.
    @Sendable static func newCalendarAddress(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = try SharingURL.structureCalendarAddress.value(of: req)
        try await req.db.audited(SharingModule.calendarAddress, about: .structure(id), by: viewer, summary: "Nouvelle adresse d'agenda") { tx in
            let calendar = try await StructureCalendar.query(on: tx).filter(\.$organization.$id == id).first() ?? StructureCalendar()
            calendar.$organization.id = id
            calendar.token = SecretToken.generate()
            try await calendar.save(on: tx)
        }
        return Redirect.to(
            SharingURL.ours.path + "#agendas", on: req, notice: "Nouvelle adresse d'agenda : recopiez-la dans votre calendrier (l'ancienne ne marche plus).")
    }

    /// Every resource of a territory, its use over twelve months and the demand it could not meet: the page a
    /// funder reads. Names of borrowers are not shown here.
    @Sendable static func overview(req: Request) async throws -> Response {
        let territory = req.query[String.self, at: "territoire"].flatMap { $0.isEmpty ? nil : $0 }
        let hits = try await ResourceSearch.find(kind: nil, territory: territory, on: req.db)
        let months = ResourceStats.months(endingAt: req.clock.now, count: 12)
        guard let first = months.first?.0, let last = months.last?.1 else { throw Abort(.internalServerError) }
        let ids = hits.compactMap(\.resource.id)
        // Only the columns the arithmetic needs, without building a Fluent model per booking (a year of a territory's
        // bookings is tens of thousands of rows). Borrowers are counted by id: their names are not shown here.
        struct Row: Decodable {
            var resource_id: UUID
            var organization_id: UUID
            var start_at: Date
            var end_at: Date
            var quantity: Double
            var status: String
            var is_outage: Bool
        }
        var rows: [UUID: [Row]] = [:]
        if let sql = req.db as? any SQLDatabase {
            for chunk in ids.chunked(into: 400) {
                let found = try await sql.select().columns("resource_id", "organization_id", "start_at", "end_at", "quantity", "status", "is_outage")
                    .from(Booking.schema).where("resource_id", .in, Array(chunk)).where("start_at", .lessThan, last).where("end_at", .greaterThan, first)
                    .where("status", .in, [BookingStatus.accepted.rawValue, BookingStatus.refused.rawValue]).all(decoding: Row.self)
                for row in found { rows[row.resource_id, default: []].append(row) }
            }
        }
        var closures: [UUID: [ResourceClosure]] = [:]
        for chunk in ids.chunked(into: 400) {
            for c in try await ResourceClosure.query(on: req.db).filter(\.$resource.$id ~~ chunk).filter(\.$start < last).filter(\.$end > first).all() {
                closures[c.$resource.id, default: []].append(c)
            }
        }
        let lines = hits.map { hit -> OverviewPage.Line in
            let r = hit.resource
            let mine = rows[r.id ?? UUID()] ?? []
            func interval(_ row: Row) -> ResourceStats.Interval {
                .init(start: row.start_at, end: row.end_at, quantity: row.quantity, organization: row.organization_id.uuidString)
            }
            let accepted = mine.filter { $0.status == BookingStatus.accepted.rawValue }
            let stats = ResourceStats(
                capacity: r.capacity, exclusive: r.kindValue.isExclusive, accepted: accepted.filter { !$0.is_outage }.map(interval),
                outages: accepted.filter(\.is_outage).map(interval), refused: mine.filter { $0.status == BookingStatus.refused.rawValue }.map(interval),
                opening: r.opening, closures: (closures[r.id ?? UUID()] ?? []).map { ($0.start, $0.end) })
            let year = stats.total(months.map { stats.month($0.0, $0.1) })
            return OverviewPage.Line(resource: r, organization: hit.organization.name, year: year)
        }
        let model = OverviewPage.Model(territory: territory ?? "", lines: lines, from: first, to: last)
        return OverviewPage.View(context: PageContext(req), model: model).response(on: req)
    }
}

/// "Mon espace": requests waiting for one of my structures, and the next bookings it lends or borrows.
enum BookingsWidget: DashboardWidget {
    static func load(for viewer: Viewer, on db: any Database, now: Date) async throws -> WidgetModel? {
        let ids = Array(viewer.memberships.keys)
        guard !ids.isEmpty else { return nil }
        let resources = try await SharedResource.query(on: db).filter(\.$organization.$id ~~ ids).all().compactMap(\.id)
        let toAnswer =
            resources.isEmpty
            ? []
            : try await Booking.query(on: db).filter(\.$resource.$id ~~ resources).filter(\.$status == BookingStatus.pending.rawValue)
                .filter(\.$end > now).with(\.$resource).with(\.$organization).sort(\.$start).range(..<5).all()
        let coming = try await Booking.query(on: db).filter(\.$organization.$id ~~ ids).filter(\.$isOutage == false)
            .filter(\.$status ~~ [BookingStatus.pending.rawValue, BookingStatus.accepted.rawValue]).filter(\.$end > now)
            .with(\.$resource).sort(\.$start).range(..<8).all().filter { !ids.contains($0.resource.$organization.id) }.prefix(4)
        var items: [WidgetModel.Item] = toAnswer.map { b in
            .init(
                label: "À traiter : \(b.organization.name) demande « \(b.resource.name) »", link: SharingURL.resource(b.$resource.id),
                detail: BookingService.period(b.start, b.end))
        }
        items += coming.map { b in
            .init(
                label: "« \(b.resource.name) »", link: SharingURL.resource(b.$resource.id),
                detail: "\(BookingService.period(b.start, b.end)) · \(b.statusValue.label)")
        }
        return WidgetModel(
            title: "Réservations de ressources", items: items,
            empty: "Aucune réservation en cours : cherchez une chambre froide ou un véhicule libre, ou partagez les vôtres.",
            action: .init(label: "Nos réservations et agendas", link: SharingURL.ours.path))
    }
}
