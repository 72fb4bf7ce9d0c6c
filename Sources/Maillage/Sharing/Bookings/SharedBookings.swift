import Fluent
import Foundation

/// Accepted bookings between two structures feed the cooperation graph: who lends to whom (issue 14).
struct SharedBookings: CooperationSource {
    func edges(touching ids: [UUID], on db: any Database) async throws -> [CooperationEdge] {
        var edges: [CooperationEdge] = []
        let resources = try await SharedResource.query(on: db).all()
        let owner = Dictionary(resources.compactMap { r in r.id.map { ($0, (r.$organization.id, r.name)) } }, uniquingKeysWith: { a, _ in a })
        let wanted = Set(ids)
        for chunk in Array(owner.keys).chunked(into: 500) {
            let rows = try await Booking.query(on: db).filter(\.$resource.$id ~~ Array(chunk)).filter(\.$status == BookingStatus.accepted.rawValue)
                .filter(\.$isOutage == false).all()
            for b in rows {
                guard let (lender, name) = owner[b.$resource.id], lender != b.$organization.id,
                    wanted.contains(lender) || wanted.contains(b.$organization.id)
                else { continue }
                edges.append(CooperationEdge(a: lender, b: b.$organization.id, kind: "prêt : \(name)", at: b.start, volume: 1))
            }
        }
        return edges
    }
}
