import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// The matrix's world: eight kinds of people around a structure of the Aude, the directory's and accounts' records
/// they act on, and each module's fixture (`MatrixFixture`).
extension PermissionMatrixTests {
    static func world(_ app: Application) async throws -> World {
        let referent = try await Fixtures.user(app, "ref@test.fr", name: "Référente")
        let member = try await Fixtures.user(app, "membre@test.fr", name: "Membre")
        let other = try await Fixtures.user(app, "autre@test.fr", name: "Membre ailleurs")
        let stranger = try await Fixtures.user(app, "inconnu@test.fr", name: "Inconnu")
        let animator = try await Fixtures.animator(app, "anim11@test.fr", of: "11")
        let animatorOther = try await Fixtures.animator(app, "anim34@test.fr", of: "34")
        let agent = try await Fixtures.user(app, "agent@test.fr", name: "Agent")
        try await TerritoryRole(userID: try agent.requireID(), territoryID: try await Fixtures.territory(app, "11").requireID(), role: .publicAgent).create(
            on: app.db)
        let org = try await Fixtures.organization(app, referent: referent)
        let orgID = try org.requireID()
        let membership = Membership(userID: try member.requireID(), organizationID: orgID, role: .member)
        try await membership.create(on: app.db)
        let otherOrg = try await Fixtures.organization(app, referent: other, input: Fixtures.input(name: "Autre épicerie"))
        let third = try await Fixtures.organization(app, referent: other, input: Fixtures.input(name: "Épicerie en double"))
        let pending = try await Fixtures.organization(app, referent: other, input: Fixtures.input(name: "En attente"), validated: false)
        let confirmed = Partnership()
        confirmed.$organization.id = orgID
        confirmed.$partner.id = try otherOrg.requireID()
        confirmed.summary = "ramasse"
        confirmed.since = Date()
        confirmed.confirmedAt = Date()
        try await confirmed.create(on: app.db)
        let proposal = Partnership()
        proposal.$organization.id = try third.requireID()
        proposal.$partner.id = orgID
        proposal.summary = "proposition"
        proposal.since = Date()
        try await proposal.create(on: app.db)
        let invitation = Invitation()
        invitation.$organization.id = orgID
        invitation.email = "inconnu@test.fr"
        invitation.role = MembershipRole.member.rawValue
        invitation.invitedBy = "Référente"
        try await invitation.create(on: app.db)
        let request = TerritoryRequest()
        request.$organization.id = orgID
        request.$territory.id = try await Fixtures.territory(app, "34").requireID()
        try await request.create(on: app.db)
        // A merge of two fiches of the Aude, to undo.
        let twinA = try await Fixtures.organization(app, referent: other, input: Fixtures.input(name: "Restos du Canal"))
        let twinB = try await Fixtures.organization(app, referent: other, input: Fixtures.input(name: "Restos du canal"))
        let merger = try await Browser.impersonating(try animator.requireID(), app)
        let merged = try await merger.post(DirectoryURL.merge.path, ["keep": try twinA.requireID().uuidString, "remove": try twinB.requireID().uuidString])
        #expect(merged.status == .seeOther)
        let merge = try #require(try await Merge.query(on: app.db).first())
        // The directory's records under a structure or territory: a service, a request to join, a role to remove.
        let service = ServiceOffer()
        (service.source, service.sourceID, service.name, service.summary, service.themes, service.publics) = (
            "maillage", "matrice", "Distribution", "Colis chaque mardi", "", ""
        )
        (service.receptionModes, service.accessConditions, service.sourceUpdated, service.payload, service.fingerprint) = ("", "", "", "{}", "matrice")
        service.$organization.id = orgID
        try await service.create(on: app.db)
        let join = JoinRequest()
        (join.kind, join.message, join.status, join.createdAt) = (
            JoinRequest.Kind.join.rawValue, "Je voudrais aider", JoinRequest.Status.pending.rawValue, Date()
        )
        (join.$organization.id, join.$user.id) = (orgID, try stranger.requireID())
        try await join.create(on: app.db)
        let role = try #require(try await TerritoryRole.query(on: app.db).filter(\.$user.$id == agent.requireID()).first())
        let token = ApiToken()
        token.$user.id = try referent.requireID()
        token.name = "script"
        token.tokenHash = SecretToken.hash("mlg_referent-token")
        try await token.create(on: app.db)

        let people: [Actor: User] = [
            .stranger: stranger, .memberOfOther: other, .member: member, .referent: referent,
            .animatorOther: animatorOther, .animator: animator, .agent: agent,
        ]
        var records = MatrixRecords()
        for fixture in fixtures {
            records.merge(try await fixture.seed(app, MatrixPeople(organization: org, other: otherOrg, users: people)))
        }
        var browsers: [Actor: Browser] = [.anonymous: Browser(app)]
        var tokens: [Actor: String] = [:]
        for (actor, user) in people {
            browsers[actor] = try await Browser.impersonating(try user.requireID(), app)
            let secret = "mlg_\(actor.rawValue)-\(UUID().uuidString)"
            let t = ApiToken()
            t.$user.id = try user.requireID()
            t.name = "matrice"
            t.tokenHash = SecretToken.hash(secret)
            try await t.create(on: app.db)
            tokens[actor] = secret
        }
        let ids: [String: String] = [
            "id": orgID.uuidString, "memberID": try membership.requireID().uuidString, "invitationID": try invitation.requireID().uuidString,
            "partnershipID": try confirmed.requireID().uuidString, "proposalID": try proposal.requireID().uuidString,
            "pending": try pending.requireID().uuidString, "request": try request.requireID().uuidString,
            "inviteForStranger": try invitation.requireID().uuidString, "token": try token.requireID().uuidString,
            "other": try otherOrg.requireID().uuidString, "third": try third.requireID().uuidString, "code": "11",
            "serviceID": try service.requireID().uuidString, "requestID": try join.requireID().uuidString, "roleID": try role.requireID().uuidString,
            "merge": try merge.requireID().uuidString,
        ]
        return World(browsers: browsers, tokens: tokens, ids: ids, records: records)
    }
}
