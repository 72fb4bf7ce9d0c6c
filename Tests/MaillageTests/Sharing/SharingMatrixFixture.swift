import Fluent
import Foundation
import Vapor

@testable import Maillage

/// Sharing's records for the permission matrix: a van of the structure, asked for by the other structure, and a
/// planned closure.
enum SharingMatrixFixture: MatrixFixture {
    static let module = SharingModule.title

    static func seed(_ app: Application, _ people: MatrixPeople) async throws -> MatrixRecords {
        let van = try await SharingHTTPTests.resource(app, people.organization, by: try people.user(.referent), kind: .van, capacity: 800)
        let vanID = try van.requireID().uuidString
        let start = Calendar.paris.startOfDay(for: app.clock.now).addingTimeInterval(10 * 86_400 + 9 * 3_600)
        let booking = try await BookingService.request(
            van, for: try people.other.requireID(), by: try await people.viewer(.memberOfOther, on: app.db),
            .init(start: start, end: start.addingTimeInterval(7_200), quantity: 1, purpose: "Ramasse"), now: app.clock.now, on: app.db)
        let closure = ResourceClosure()
        (closure.$resource.id, closure.start, closure.end, closure.label) = (
            try van.requireID(), start.addingTimeInterval(20 * 86_400), start.addingTimeInterval(21 * 86_400), "Entretien"
        )
        try await closure.create(on: app.db)

        var records = MatrixRecords()
        let lender: Set<PermissionMatrixTests.Actor> = [.member, .referent]
        records.add(ResourceScope.self, ["id": vanID], [.member: lender])
        records.add(ClosureScope.self, ["id": try closure.requireID().uuidString], [.member: lender])
        records.add(BookingScope.self, ["id": try booking.requireID().uuidString], [.party: lender.union([.memberOfOther])])
        records.add(BookingAnswerScope.self, ["id": try booking.requireID().uuidString], [.member: lender])
        records.paths[SharingURL.request.template] = ["id": vanID]
        records.paths[SharingURL.apiBookings.template] = ["id": vanID]
        return records
    }
}
