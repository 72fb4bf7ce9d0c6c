import Fluent
import Foundation
import Vapor

/// The owner's decision holds (issue 21): a dispatch's van or hub room is a request when its owner asked for that.
/// Sharing's `BookingDecided` fact brings the answer here, in the owner's own transaction: accepted, the tour is
/// set; refused or cancelled, the tour's planned deliveries give their kilos back (the lots are offered again) and
/// the territory's animators are told, to plan the rest again without that van.
enum DispatchBookings {
    static func decided(_ fact: SharingFace.BookingDecided, _ context: FactContext) async throws {
        let db = context.db
        guard let row = try await DispatchBooking.query(on: db).filter(\.$bookingID == fact.bookingID).with(\.$dispatch).first() else { return }
        switch fact.outcome {
        case .accepted:
            row.status = .accepted
        case .refused, .cancelled:
            row.status = fact.outcome == .refused ? .refused : .cancelled
            row.reason = String(fact.reason.prefix(500))
            let dispatchID = try row.dispatch.requireID()
            var rows = Delivery.query(on: db).filter(\.$dispatch.$id == dispatchID).filter(\.$status == .planned).with(\.$need)
            if let tour = row.tour { rows = rows.filter(\.$tour == tour) }
            let what = row.tour.map { "Véhicule de la tournée \($0 + 1)" } ?? "Chambre froide"
            let note = "\(what) \(row.status == .refused ? "refusé" : "annulé") par \(row.ownerName)" + (row.reason.isEmpty ? "" : " : \(row.reason)")
            for delivery in try await rows.all() where row.tour != nil || delivery.need.$hub.id == row.resourceID {
                _ = try await DeliveryService.giveBack(
                    try delivery.requireID(), kg: delivery.kg, lot: delivery.$lot.id, need: delivery.$need.id, dispatch: dispatchID, reason: note,
                    note: note + " : à répartir de nouveau.", organization: row.ownerID, by: context.viewer?.userID, now: context.now, on: db)
            }
        }
        try await row.save(on: db)
    }

    /// Tells the territory's animators of each van or room refused since the last run (every few minutes): a
    /// notification and, by their preference, an e-mail with the plan's address.
    static func tellAnimators(now: Date, app: Application) async throws {
        let refused = try await DispatchBooking.query(on: app.db).filter(\.$status ~~ [.refused, .cancelled]).filter(\.$notifiedAt == nil)
            .with(\.$dispatch).all()
        for row in refused {
            let d = row.dispatch
            let what = row.tour.map { "le véhicule de la tournée \($0 + 1)" } ?? "la chambre froide"
            try await app.db.writeTransaction { tx in
                let claimed = try await SurplusSQL.returningIDs(
                    tx, "UPDATE dispatch_bookings SET notified_at = \(bind: now) WHERE id = \(bind: row.requireID()) AND notified_at IS NULL RETURNING id")
                guard !claimed.isEmpty else { return }
                try await Notifier.notify(
                    try await AccountsFace.animators(of: d.$territory.id, on: tx), SurplusModule.vanRefused,
                    title: "Répartition du \(Day.label(d.day)) : \(row.ownerName) refuse \(what)",
                    body: (row.reason.isEmpty ? "" : "Motif : \(row.reason). ")
                        + "Les dons de cette tournée sont de nouveau proposés : relancez la répartition du jour sans ce véhicule.",
                    link: SurplusURL.dispatch(try d.requireID()), now: now, base: app.publicBaseURL, on: tx)
            }
        }
    }
}
