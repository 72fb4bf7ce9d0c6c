import Fluent
import Foundation
import Vapor

@testable import Maillage

/// The people of the permission matrix, around a structure of the Aude (11): `organization` has the referent and
/// the member; `other` (also in the Aude) has `memberOfOther`.
struct MatrixPeople {
    var organization: Organization
    var other: Organization
    var users: [PermissionMatrixTests.Actor: User]

    func user(_ actor: PermissionMatrixTests.Actor) throws -> User {
        guard let user = users[actor] else { throw Abort(.internalServerError, reason: "no \(actor) in the matrix") }
        return user
    }

    func viewer(_ actor: PermissionMatrixTests.Actor, on db: any Database) async throws -> Viewer {
        guard let viewer = try await Viewer.load(userID: try user(actor).requireID(), on: db) else {
            throw Abort(.internalServerError, reason: "no viewer for \(actor)")
        }
        return viewer
    }
}

/// One record a scope's routes act on: the values of the path, and who may pass at each level the routes ask.
struct MatrixRecord {
    var path: [String: String]
    var allowed: [RecordLevel: Set<PermissionMatrixTests.Actor>]
}

/// What a module seeds for the matrix: a record per scope, and the values of the parameters of its other routes
/// (by template), so that no route is walked with an id that exists nowhere.
struct MatrixRecords {
    var scopes: [String: MatrixRecord] = [:]
    var paths: [String: [String: String]] = [:]

    mutating func add<Scope: RecordScope>(_ scope: Scope.Type, _ path: [String: String], _ allowed: [RecordLevel: Set<PermissionMatrixTests.Actor>]) {
        scopes[String(describing: scope)] = MatrixRecord(path: path, allowed: allowed)
    }

    mutating func merge(_ other: MatrixRecords) {
        scopes.merge(other.scopes) { a, _ in a }
        paths.merge(other.paths) { a, _ in a }
    }
}

/// A module's fixture for the matrix (issue 21), declared in the module's test folder and listed in
/// `PermissionMatrixTests.fixtures`: every record group of the module needs its scope seeded here.
protocol MatrixFixture: Sendable {
    /// The module's title, as its routes carry it.
    static var module: String { get }
    static func seed(_ app: Application, _ people: MatrixPeople) async throws -> MatrixRecords
}
