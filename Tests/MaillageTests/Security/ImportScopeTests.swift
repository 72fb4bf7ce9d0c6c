import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// Issue 11, findings 3 and 16: an import touches its own territory only, leaves a trace, and two at once
/// never give a raw driver error.
@Suite struct ImportScopeTests {
    /// An animator of the Hérault imports records that point to an Aude structure (by Maillage's own id) and
    /// one at an Aude address: both refused with their reason, nothing of the Aude changes.
    @Test func anAnimatorCannotTouchAnotherTerritory() async throws {
        try await withMaillage { app in
            // setup
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let aude = try await Fixtures.organization(app, referent: referent)
            let audeID = try aude.requireID()
            let anim34 = try await Fixtures.animator(app, "anim34@test.fr", of: "34")
            let viewer = try #require(try await Viewer.load(userID: try anim34.requireID(), on: app.db))
            let records = """
                [{"source":"maillage","id":"maillage--\(audeID.uuidString.lowercased())","nom":"Rebaptisée par l'Hérault","date_maj":"2025-01-01","code_insee":"34032"},
                 {"source":"dora","id":"dora--11","nom":"Publiée dans l'Aude","date_maj":"2025-01-01","code_insee":"11262"},
                 {"source":"dora","id":"dora--34","nom":"Épicerie de Béziers","date_maj":"2025-01-01","code_insee":"34032"}]
                """
            let path = try InteropFiles.write(records)
            // act
            let report = try await ImportRun.execute(
                .init(structures: path, services: nil, territory: "34"), viewer: viewer, on: app.db, index: app.directoryIndex)
            // check
            #expect(report.structuresImported == 1)
            #expect(Set(report.rejections.map(\.id)) == ["maillage--\(audeID.uuidString.lowercased())", "dora--11"])
            // The reason names the place in words, and the report names the record (issue 13, item 12).
            #expect(report.rejections.allSatisfy { $0.reason.contains("Aude (11)") }, "\(report.rejections)")
            #expect(Set(report.rejections.compactMap(\.name)) == ["Rebaptisée par l'Hérault", "Publiée dans l'Aude"])
            #expect(try await Organization.find(audeID, on: app.db)?.name == aude.name)
            #expect(try await Organization.query(on: app.db).filter(\.$name == "Publiée dans l'Aude").count() == 0)
            // Importing for a territory one does not animate is refused outright.
            await #expect(throws: ImportFileError.self) {
                _ = try await ImportRun.execute(.init(structures: path, services: nil, territory: "11"), viewer: viewer, on: app.db, index: nil)
            }
            // The journal has the start and the end of the import.
            let actions = try await AuditEntry.query(on: app.db).all().map(\.action)
            #expect(actions.filter { $0 == "import.début" }.count == 1 && actions.contains("import.data-inclusion"))
        }
    }

    /// The same file imported twice at once: each record lands once; a run that collides says so in French.
    @Test func concurrentImportsOfOneFile() async throws {
        try await withMaillage { app in
            // setup
            let records = (0..<1200).map { i in
                #"{"source":"dora","id":"dora--\#(i)","nom":"Structure \#(i)","date_maj":"2025-01-01","code_insee":"11262"}"#
            }
            let path = try InteropFiles.write("[" + records.joined(separator: ",") + "]")
            // act
            let outcomes = await withTaskGroup(of: String.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        do {
                            _ = try await ImportRun.execute(.init(structures: path, services: nil, territory: "11"), viewer: nil, on: app.db, index: nil)
                            return "ok"
                        } catch let error as ImportFileError {
                            return error.message
                        } catch {
                            return "raw: \(error)"
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            // check
            #expect(outcomes.allSatisfy { $0 == "ok" || $0.contains("un autre import des mêmes enregistrements est en cours") }, "\(outcomes)")
            #expect(try await OrganizationSource.query(on: app.db).count() == 1200)
            #expect(try await Organization.query(on: app.db).count() == 1200)
        }
    }
}
