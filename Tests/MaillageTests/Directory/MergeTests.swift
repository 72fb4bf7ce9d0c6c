import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// Issue 13, item 5: merges that happen once, even when pressed together, and are undone once.
@Suite struct MergeTests {
    @Test func concurrentMergesAndUndosHappenOnce() async throws {
        try await withMaillage { app in
            // setup: two fiches of the same épicerie, and four animators' browsers
            _ = try await Fixtures.animator(app, "anim@test.fr", of: "11")
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let a = try await Fixtures.organization(app, referent: referent, input: Fixtures.input(name: "Épicerie du Canal"))
            let b = try await Fixtures.organization(app, referent: referent, input: Fixtures.input(name: "Epicerie du canal"))
            var browsers: [Browser] = []
            for _ in 0..<4 {
                let browser = Browser(app)
                try await browser.signIn("anim@test.fr")
                browsers.append(browser)
            }
            let fields = ["keep": try a.requireID().uuidString, "remove": try b.requireID().uuidString]
            // act: four merges at once
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for browser in browsers { group.addTask { try await browser.post(DirectoryURL.merge.path, fields).status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // check
            #expect(statuses.filter { $0 == .seeOther }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == .conflict }.count == 3, "\(statuses)")
            #expect(try await Merge.query(on: app.db).count() == 1)
            #expect(try await Membership.query(on: app.db).filter(\.$organization.$id == (try a.requireID())).count() == 1)
            // Four undos at once: one.
            let merge = try #require(try await Merge.query(on: app.db).first())
            let undos = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for browser in browsers { group.addTask { try await browser.post(DirectoryURL.mergeUndo(try merge.requireID()), [:]).status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(undos.filter { $0 == .seeOther }.count == 1, "\(undos)")
            #expect(undos.filter { $0 == .gone }.count == 3, "\(undos)")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.mergeUndone.code).count() == 1)
            #expect(try await Contact.query(on: app.db).filter(\.$organization.$id == (try b.requireID())).count() == 1)
            // A fiche into itself is refused in French.
            let itself = try await browsers[0].post(DirectoryURL.merge.path, ["keep": fields["keep"] ?? "", "remove": fields["keep"] ?? ""])
            #expect(itself.status == .unprocessableEntity && itself.body.string.contains("avec elle-même"))
        }
    }
}
