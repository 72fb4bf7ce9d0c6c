import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// Issue 13, item 5: one fiche per structure — a warning before registering it twice, joining the existing fiche,
/// claiming an imported one, and a validation queue that shows who registered and what it may duplicate.
@Suite struct JoinTests {
    @Test func registeringTheSameStructureTwiceAsksFirst() async throws {
        try await withMaillage { app in
            // setup: the épicerie is there already
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let existing = try await Fixtures.organization(app, referent: referent)
            try await Fixtures.user(app, "collegue@test.fr", name: "Collègue")
            let colleague = Browser(app)
            try await colleague.signIn("collegue@test.fr")
            var fields = OrganizationFormMapping.values(from: Fixtures.input(name: "Epicerie Solidaire Test"), today: app.today)
            fields["latitude"] = ""
            fields["longitude"] = ""
            // act: the colleague registers it again
            let warned = try await colleague.post(DirectoryURL.newOrganization.path, fields)
            // check: nothing created; the existing fiche and the way to join it are offered
            #expect(warned.status == .conflict)
            #expect(warned.body.string.contains("Cette structure existe peut-être déjà"))
            #expect(warned.body.string.contains(DirectoryURL.join(try existing.requireID())))
            #expect(warned.body.string.contains("nom proche à 0 m"))
            #expect(try await Organization.query(on: app.db).count() == 1)
            // It is another structure after all: registered when said so.
            fields["autre_structure"] = "1"
            #expect(try await colleague.post(DirectoryURL.newOrganization.path, fields).status == .seeOther)
            #expect(try await Organization.query(on: app.db).count() == 2)
            // The animator sees who registered it and the likely duplicate.
            _ = try await Fixtures.animator(app, "anim@test.fr", of: "11")
            let desk = Browser(app)
            try await desk.signIn("anim@test.fr")
            let queue = try await desk.get(DirectoryURL.moderation.path).body.string
            #expect(queue.contains("par Collègue (collegue@test.fr)"))
            #expect(queue.contains("Doublon possible") && queue.contains("comparer et fusionner"))
        }
    }

    @Test func joiningIsAskedAndAnsweredOnce() async throws {
        try await withMaillage { app in
            // setup
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let org = try await Fixtures.organization(app, referent: referent)
            let id = try org.requireID()
            try await Fixtures.user(app, "benevole@test.fr", name: "Bénévole")
            let volunteer = Browser(app)
            try await volunteer.signIn("benevole@test.fr")
            #expect(try await volunteer.get(DirectoryURL.organization(id)).body.string.contains("Demander à rejoindre"))
            // act
            #expect(try await volunteer.post(DirectoryURL.join(id), ["message": "Je distribue le mardi."]).status == .seeOther)
            // check: the referents are told; asking again while pending is refused
            #expect(
                try await UserNotification.query(on: app.db).filter(\.$kind == "demande-rejoindre").filter(\.$user.$id == referent.requireID()).count() == 1)
            let again = try await volunteer.post(DirectoryURL.join(id), ["message": ""])
            #expect(again.status == .conflict && again.body.string.contains("déjà en attente"))
            let owner = Browser(app)
            try await owner.signIn("ref@test.fr")
            let members = try await owner.get(DirectoryURL.members(id)).body.string
            #expect(members.contains("Je distribue le mardi.") && members.contains("Bénévole"))
            let request = try #require(try await JoinRequest.query(on: app.db).first())
            // Two answers at once: one.
            let answers = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for _ in 0..<3 {
                    group.addTask { try await owner.post(DirectoryURL.joinAnswer(id, try request.requireID()), ["decision": "accepter"]).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.filter { $0 == .seeOther }.count == 1 && answers.filter { $0 == .conflict }.count == 2, "\(answers)")
            #expect(try await Membership.query(on: app.db).filter(\.$organization.$id == id).count() == 2)
            #expect(try await volunteer.get(DirectoryURL.organizationEdit(id)).status == .ok)
            // A member asking to join is told so; a stranger cannot answer.
            let member = try await volunteer.post(DirectoryURL.join(id), ["message": ""])
            #expect(member.status == .unprocessableEntity && member.body.string.contains("déjà membre"))
            try await Fixtures.user(app, "autre@test.fr")
            let stranger = Browser(app)
            try await stranger.signIn("autre@test.fr")
            #expect(try await stranger.post(DirectoryURL.joinAnswer(id, try request.requireID()), ["decision": "accepter"]).status == .forbidden)
            // An account not yet verified cannot ask.
            try await Fixtures.user(app, "pas-verifie@test.fr", verified: false)
            let unverified = Browser(app)
            try await unverified.signIn("pas-verifie@test.fr")
            #expect(try await unverified.post(DirectoryURL.join(id), ["message": ""]).status == .forbidden)
        }
    }

    @Test func anImportedFicheIsClaimedAndAnAnimatorHandsItOver() async throws {
        try await withMaillage { app in
            // setup: an imported fiche that nobody holds
            let animator = try await Fixtures.animator(app, "anim@test.fr", of: "11")
            _ = try await InteropFiles.run(app, structures: InteropFiles.structures, services: InteropFiles.services)
            let imported = try #require(try await OrganizationSource.query(on: app.db).filter(\.$sourceID == "dora--1").first()).$organization.id
            try await Fixtures.user(app, "coordinatrice@test.fr", name: "Coordinatrice")
            let person = Browser(app)
            try await person.signIn("coordinatrice@test.fr")
            #expect(try await person.get(DirectoryURL.organization(imported)).body.string.contains("Revendiquer cette fiche"))
            // act
            #expect(try await person.post(DirectoryURL.join(imported), ["message": "Je coordonne l'épicerie."]).status == .seeOther)
            // check: the animator is told and hands it over; the person becomes its referent
            #expect(
                try await UserNotification.query(on: app.db).filter(\.$user.$id == animator.requireID()).filter(\.$kind == "demande-rejoindre").count() == 1)
            let desk = Browser(app)
            try await desk.signIn("anim@test.fr")
            #expect(try await desk.get(DirectoryURL.moderation.path).body.string.contains("Fiches importées revendiquées"))
            let claim = try #require(try await JoinRequest.query(on: app.db).first())
            #expect(claim.kindValue == .claim)
            #expect(try await desk.post(DirectoryURL.joinAnswer(imported, try claim.requireID()), ["decision": "accepter"]).status == .seeOther)
            let membership = try #require(try await Membership.query(on: app.db).filter(\.$organization.$id == imported).first())
            #expect(membership.role == MembershipRole.referent.rawValue)
            #expect(try await UserNotification.query(on: app.db).filter(\.$kind == "demande-reponse").count() == 1)
        }
    }
}
