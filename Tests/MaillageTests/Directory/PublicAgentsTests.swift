import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// Issue 13, item 10: interlocutors of the State, who to call for what.
@Suite struct PublicAgentsTests {
    @Test func theTerritoryTeamIsBuiltAndAgentsSayWhatTheyDo() async throws {
        try await withMaillage { app in
            // setup: an administrator, a future animator, a future agent, a structure's referent
            try await Fixtures.user(app, "admin@test.fr", admin: true)
            try await Fixtures.user(app, "anim@test.fr", name: "Amandine Rivière")
            try await Fixtures.user(app, "agent@test.fr", name: "Bruno Sabatier")
            try await Fixtures.user(app, "pas-active@test.fr", verified: false)
            let referent = try await Fixtures.user(app, "ref@test.fr")
            _ = try await Fixtures.organization(app, referent: referent)
            let admin = Browser(app)
            try await admin.signIn("admin@test.fr")
            // act: the administrator names the animator, who adds the agent
            #expect(try await admin.post(DirectoryURL.territoryTeam("11"), ["courriel": "anim@test.fr", "role": "animator"]).status == .seeOther)
            let animator = Browser(app)
            try await animator.signIn("anim@test.fr")
            #expect(try await animator.post(DirectoryURL.territoryTeam("11"), ["courriel": "agent@test.fr", "role": "public-agent"]).status == .seeOther)
            // check: refusals in French
            let twice = try await animator.post(DirectoryURL.territoryTeam("11"), ["courriel": "agent@test.fr", "role": "public-agent"])
            #expect(twice.status == .conflict && twice.body.string.contains("a déjà ce rôle"))
            let inactive = try await animator.post(DirectoryURL.territoryTeam("11"), ["courriel": "pas-active@test.fr", "role": "public-agent"])
            #expect(inactive.status == .unprocessableEntity && inactive.body.string.contains("Aucun compte activé"))
            let roles = try await TerritoryRole.query(on: app.db).filter(\.$role == TerritoryRoleKind.animator.rawValue).all()
            let lastAnimator = try #require(roles.first)
            let keep = try await animator.post(DirectoryURL.territoryTeamRemove("11", try lastAnimator.requireID()), [:])
            #expect(keep.status == .conflict && keep.body.string.contains("zéro animateur"))
            #expect(try await Browser(app).post(DirectoryURL.territoryTeam("11"), ["courriel": "x@test.fr", "role": "animator"]).status == .unauthorized)
            // The agent says their service and domains.
            let agent = Browser(app)
            try await agent.signIn("agent@test.fr")
            #expect(try await agent.get("/").body.string.contains(DirectoryURL.agentProfile.path))
            let noDomain = try await agent.post(
                DirectoryURL.agentProfile.path, ["service": "ddets", "nom_service": "DDETS de l'Aude", "fonction": "Chargé de mission"])
            #expect(noDomain.status == .unprocessableEntity && noDomain.body.string.contains("au moins un domaine"))
            #expect(noDomain.body.string.contains("value=\"DDETS de l&#39;Aude\""))
            let saved = try await agent.post(
                DirectoryURL.agentProfile.path + "?",
                [
                    "service": "ddets", "nom_service": "DDETS de l'Aude", "fonction": "Chargé de mission aide alimentaire", "telephone": "04 68 11 22 33",
                    "domaines": "aide-alimentaire",
                ])
            #expect(saved.status == .seeOther)
            // Who to call for what: named for everyone, reachable for those the territory knows.
            let visitor = try await Browser(app).get(DirectoryURL.interlocutors("11")).body.string
            #expect(visitor.contains("Aide alimentaire") && visitor.contains("Bruno Sabatier") && visitor.contains("DDETS de l'Aude"))
            #expect(!visitor.contains("agent@test.fr") && !visitor.contains("04 68 11 22 33"))
            let member = Browser(app)
            try await member.signIn("ref@test.fr")
            let known = try await member.get(DirectoryURL.interlocutors("11")).body.string
            #expect(known.contains("agent@test.fr") && known.contains("04 68 11 22 33"))
            #expect(try await UserNotification.query(on: app.db).filter(\.$kind == "role-territoire").count() == 2)
        }
    }
}
