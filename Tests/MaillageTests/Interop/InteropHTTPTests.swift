import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Maillage

enum InteropFiles {
    static let structures = """
        [
         {"source":"dora","id":"dora--1","nom":"Épicerie solidaire du Canal","date_maj":"2025-02-14","code_insee":"11262","adresse":"3 quai Vallière","reseaux_porteurs":["banques-alimentaires"],"horaires_accueil":"Mo-Fr 08:30-12:30; PH off","courriel":"contact@canal.example.org","siret":"12345678901234","lien_source":"https://dora.example/structures/1"},
         {"source":"dora","id":"dora--2","nom":"CCAS de Sigean","date_maj":"2025-03-01","latitude":43.0277,"longitude":2.9786,"code_postal":"11130","commune":"Sigean","reseaux_porteurs":["ccas-cias"]},
         {"source":"dora","id":"dora--3","nom":"Agence régionale de santé — délégation de l'Aude","date_maj":"2025-03-01","code_insee":"11069"},
         {"source":"dora","id":"dora--4","nom":"X","date_maj":"2025-03-01","code_insee":"11262"}
        ]
        """
    static let services = """
        [{"source":"dora","id":"svc--1","structure_id":"dora--1","nom":"Distribution de colis","description":"Colis alimentaires chaque semaine","date_maj":"2025-02-14","thematiques":["equipement-et-alimentation--alimentation"],"frais":"gratuit","horaires_accueil":"Tu 14:00-17:00"},
         {"source":"dora","id":"svc--2","structure_id":"dora--99","nom":"Orphelin","description":"Sans structure connue","date_maj":"2025-02-14"}]
        """

    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-test-\(UUID().uuidString).json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func run(_ app: Application, structures: String, services: String? = nil, territory: String = "11") async throws -> ImportReport {
        let s = try write(structures)
        let v = try services.map(write)
        defer { try? FileManager.default.removeItem(atPath: s); if let v { try? FileManager.default.removeItem(atPath: v) } }
        return try await ImportRun.execute(.init(structures: s, services: v, territory: territory), viewer: nil, on: app.db, index: app.directoryIndex)
    }
}

@Suite(.serialized) struct InteropHTTPTests {
    @Test func importIsIdempotentAndUpdatesInPlace() async throws {
        try await withMaillage { app in
            // first import
            let first = try await InteropFiles.run(app, structures: InteropFiles.structures, services: InteropFiles.services)
            #expect(first.summaryLine == "imported=4 updated=0 unchanged=0 rejected=2")
            #expect(first.structuresImported == 3 && first.servicesImported == 1)
            #expect(first.rejections.map(\.id).sorted() == ["dora--4", "svc--2"])
            #expect(try await Organization.query(on: app.db).count() == 3)
            let canal = try #require(try await Organization.query(on: app.db).filter(\.$name == "Épicerie solidaire du Canal").first())
            #expect(canal.category == Category.aideAlimentaire.rawValue)
            #expect(canal.statusValue == .validated)
            #expect(canal.services == "Distribution de colis")
            let search = try await Browser(app).get(DirectoryURL.directory.path + "?q=canal")
            #expect(search.body.string.contains("Épicerie solidaire du Canal"))

            // the same files again: nothing changes
            let again = try await InteropFiles.run(app, structures: InteropFiles.structures, services: InteropFiles.services)
            #expect(again.summaryLine == "imported=0 updated=0 unchanged=4 rejected=2")
            // without the services file, categories stay what the stored services say
            let structuresOnly = try await InteropFiles.run(app, structures: InteropFiles.structures)
            #expect(structuresOnly.summaryLine == "imported=0 updated=0 unchanged=3 rejected=1")

            // a changed record updates the same structure
            let changed = InteropFiles.structures.replacingOccurrences(
                of: "\"nom\":\"CCAS de Sigean\",\"date_maj\":\"2025-03-01\"",
                with: "\"nom\":\"CCAS de Sigean (nouveau nom)\",\"date_maj\":\"2025-04-01\"")
            let update = try await InteropFiles.run(app, structures: changed)
            #expect(update.structuresUpdated == 1 && update.structuresImported == 0 && update.structuresUnchanged == 2)
            #expect(try await Organization.query(on: app.db).count() == 3)
            #expect(try await Organization.query(on: app.db).filter(\.$name == "CCAS de Sigean (nouveau nom)").count() == 1)
            #expect(try await OrganizationSource.query(on: app.db).filter(\.$sourceID == "dora--2").first()?.sourceUpdated == "2025-04-01")

            // broken files write nothing
            let before = try await Organization.query(on: app.db).count()
            for broken in [#"{"id":"x"}"#, "[" + InteropFiles.structures.dropFirst().dropLast(3), "ceci n'est pas du JSON"] {
                await #expect(throws: ImportFileError.self) { _ = try await InteropFiles.run(app, structures: String(broken)) }
            }
            await #expect(throws: ImportFileError.self) { _ = try await InteropFiles.run(app, structures: "[]", territory: "999") }
            #expect(try await Organization.query(on: app.db).count() == before)
            // an audit line per import
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "import.data-inclusion").count() == 4)
        }
    }

    @Test func exportsFollowTheSchemasAndReimportIsANoOp() async throws {
        try await withMaillage { app in
            // setup: imported structures and one registered in Maillage
            _ = try await InteropFiles.run(app, structures: InteropFiles.structures, services: InteropFiles.services)
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let native = try await Fixtures.organization(app, referent: referent)
            let browser = Browser(app)
            // act
            let structures = try await browser.get(DirectoryURL.exportStructures("11"))
            let services = try await browser.get(DirectoryURL.exportServices("11"))
            let hsds = try await browser.get(DirectoryURL.exportHSDS("11"))
            // check: every record passes the data·inclusion schemas
            #expect(structures.status == .ok && structures.headers.contentType == .json)
            guard case .array(let records) = try JSONArrayReader.parse(structures.body.string) else { Issue.record("not an array"); return }
            #expect(records.count == 4)
            let structureSchema = try #require(DataInclusion.structureSchema)
            for record in records { #expect(structureSchema.firstViolation(in: record) == nil, "\(record)") }
            #expect(structures.body.string.contains(Export.structureID(try native.requireID())))
            guard case .array(let serviceRecords) = try JSONArrayReader.parse(services.body.string) else { Issue.record("not an array"); return }
            #expect(serviceRecords.count == 1)
            let serviceSchema = try #require(DataInclusion.serviceSchema)
            for record in serviceRecords { #expect(serviceSchema.firstViolation(in: record) == nil, "\(record)") }
            // HSDS: one organization per structure, with its location and services
            guard case .array(let orgs) = try JSONArrayReader.parse(hsds.body.string) else { Issue.record("not an array"); return }
            #expect(orgs.count == 4)
            #expect(hsds.body.string.contains("\"byday\":\"MO,TU,WE,TH,FR\""))
            #expect(hsds.body.string.contains("\"identifier\":\"12345678901234\""))
            // re-import of the export changes nothing
            let report = try await InteropFiles.run(app, structures: structures.body.string, services: services.body.string)
            #expect(report.summaryLine == "imported=0 updated=0 unchanged=5 rejected=0")
            #expect(try await Organization.query(on: app.db).count() == 4)
            #expect(try await browser.get(DirectoryURL.exportStructures("99")).status == .notFound)
        }
    }

    static func multipart(_ parts: [(name: String, filename: String?, body: String)], boundary: String) -> ByteBuffer {
        var text = ""
        for p in parts {
            text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(p.name)\""
            if let f = p.filename { text += "; filename=\"\(f)\"\r\nContent-Type: application/json" }
            text += "\r\n\r\n\(p.body)\r\n"
        }
        text += "--\(boundary)--\r\n"
        return ByteBuffer(string: text)
    }

    @Test func animatorUploadsAFileThatImportsInTheBackground() async throws {
        try await withMaillage { app in
            // setup
            _ = try await Fixtures.animator(app, "anim@test.fr", of: "11")
            _ = try await Fixtures.user(app, "someone@test.fr")
            let browser = Browser(app)
            try await browser.signIn("anim@test.fr")
            let coverageBefore = try await browser.get(DirectoryURL.coverage("11")).body.string
            #expect(coverageBefore.contains("0 structure validée sur ce territoire"))
            let boundary = "----maillage-test"
            var headers = HTTPHeaders()
            headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
            headers.replaceOrAdd(name: .cookie, value: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
            let csrf = try #require(browser.csrfToken)
            // act: upload (the form carries its token in its address, as the page writes it)
            let body = Self.multipart(
                [
                    ("territory", nil, "11"),
                    ("structures", "structures.json", InteropFiles.structures), ("services", "services.json", InteropFiles.services),
                ],
                boundary: boundary)
            let res = try await app.testing().sendRequest(.POST, DirectoryURL.imports.path + "?\(CSRFMiddleware.field)=\(csrf)", headers: headers, body: body)
            #expect(res.status == .seeOther)
            let location = try #require(res.headers.first(name: .location))
            let waiting = try await browser.get(location)
            #expect(waiting.body.string.contains("http-equiv=\"refresh\""))
            #expect(try await JobRunner.runNext(app))
            #expect(try await JobRunner.runNext(app) == false)
            // check: the report, the directory, the coverage page
            let done = try await browser.get(location).body.string
            #expect(done.contains("Import terminé"))
            #expect(done.contains("dora--4") && done.contains("trop court"))
            // Records are named by name and id; the territory by its name (issue 13, item 12).
            #expect(done.contains("<strong>X</strong>") && done.contains("<strong>Orphelin</strong>") && done.contains("(svc--2)"))
            #expect(done.contains("Territoire : Aude (11)"))
            #expect(!done.contains("http-equiv=\"refresh\""))
            #expect(try await browser.get(DirectoryURL.directory.path + "?q=sigean").body.string.contains("CCAS de Sigean"))
            let coverage = try await browser.get(DirectoryURL.coverage("11")).body.string
            #expect(coverage.contains("3 structures validées sur ce territoire"))
            #expect(coverage.contains("data-ligne=\"institution-ars\"><td><a href=\"/territoires/11/couverture?ligne=institution-ars#carte\">ARS</a>"))
            #expect(try await browser.get(DirectoryURL.imports.path).body.string.contains("structures.json"))
            // a file that is not a list fails as a whole, with the reason
            let bad = Self.multipart(
                [(CSRFMiddleware.field, nil, csrf), ("territory", nil, "11"), ("structures", "bad.json", "{\"a\":1}")], boundary: boundary)
            let badRes = try await app.testing().sendRequest(.POST, DirectoryURL.imports.path, headers: headers, body: bad)
            let badLocation = try #require(badRes.headers.first(name: .location))
            try await JobRunner.runNext(app)
            #expect(try await browser.get(badLocation).body.string.contains("il faut une liste"))
            // a territory the animator does not animate, or a missing file: a clear message
            let elsewhere = Self.multipart([(CSRFMiddleware.field, nil, csrf), ("territory", nil, "34"), ("structures", "s.json", "[]")], boundary: boundary)
            let refused = try await app.testing().sendRequest(.POST, DirectoryURL.imports.path, headers: headers, body: elsewhere)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Choisissez un territoire que vous animez."))
            // people who are not animators cannot import
            let other = Browser(app)
            try await other.signIn("someone@test.fr")
            #expect(try await other.get(DirectoryURL.imports.path).status == .forbidden)
        }
    }

    @Test func coveragePanelCanBeTunedAndExportedAndPartnershipsFeedTheGraph() async throws {
        try await withMaillage { app in
            // setup
            _ = try await Fixtures.animator(app, "anim@test.fr", of: "11")
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let epicerie = try await Fixtures.organization(app, referent: referent)
            let ferme = try await Fixtures.organization(app, referent: referent, input: Fixtures.input(name: "Ferme du Test", category: .mondeAgricole))
            let browser = Browser(app)
            try await browser.signIn("anim@test.fr")
            // coverage: the API and the CSV agree with the page
            let api = try await browser.get(DirectoryURL.apiCoverage("11"))
            #expect(api.status == .ok)
            let dto = try api.content.decode(TerritoryController.CoverageDTO.self)
            #expect(dto.structures == 2)
            #expect(dto.lines.first { $0.key == "aide-alimentaire" }?.presence == "thin")
            #expect(dto.lines.first { $0.key == "recherche" }?.presence == "absent")
            #expect(try await browser.get(DirectoryURL.apiCoverage("nowhere")).status == .notFound)
            // the animator lowers what is expected: aide alimentaire becomes present
            let saved = try await browser.post(DirectoryURL.coverageExpectations("11"), ["attendu_aide-alimentaire": "1"])
            #expect(saved.status == .seeOther)
            let after = try await browser.get(DirectoryURL.apiCoverage("11")).content.decode(TerritoryController.CoverageDTO.self)
            #expect(after.lines.first { $0.key == "aide-alimentaire" }?.presence == "present")
            let refused = try await browser.post(DirectoryURL.coverageExpectations("11"), ["attendu_sante": "-4"])
            #expect(refused.status == .seeOther)
            #expect(try await PanelExpectation.query(on: app.db).count() == 1)
            let csv = try await browser.get(DirectoryURL.coverageCSV("11"))
            #expect(csv.body.string.hasPrefix("\u{FEFF}ligne;libelle;") && csv.body.string.contains("aide-alimentaire;Aide alimentaire;1;1;Présent"))
            let program = try await browser.get(DirectoryURL.coverageCSV("11") + "?pour=programme")
            #expect(program.body.string.contains("aide-alimentaire,Aide alimentaire,1,1,Présent"))
            // people who do not animate the territory cannot tune it
            let ref = Browser(app)
            try await ref.signIn("ref@test.fr")
            #expect(try await ref.post(DirectoryURL.coverageExpectations("11"), ["attendu_sante": "4"]).status == .forbidden)

            // a referent declares a partnership: the graph links them, the coverage counts them as engaged
            let epicerieID = try epicerie.requireID(), fermeID = try ferme.requireID()
            let page = try await ref.get(DirectoryURL.organization(epicerieID)).body.string
            #expect(page.contains("Pas encore de partenaire déclaré."))
            #expect(page.contains("Ferme du Test (Narbonne)"))
            let declared = try await ref.post(DirectoryURL.partnerships(epicerieID), ["partner": fermeID.uuidString, "description": "dons de légumes"])
            #expect(declared.status == .seeOther)
            #expect(try await ref.post(DirectoryURL.partnerships(epicerieID), ["partner": fermeID.uuidString]).status == .seeOther)
            #expect(try await Partnership.query(on: app.db).count() == 1)
            #expect(try await ref.get(DirectoryURL.organization(fermeID)).body.string.contains("dons de légumes"))
            let graph = try await browser.get(DirectoryURL.cooperation("11")).body.string
            #expect(graph.contains("2 structures, 1 lien de coopération, 0 sans partenaire."))
            let engaged = try await browser.get(DirectoryURL.apiCoverage("11")).content.decode(TerritoryController.CoverageDTO.self)
            #expect(engaged.lines.first { $0.key == "monde-agricole" }?.engaged == 1)
            // someone outside both structures cannot declare for them
            _ = try await Fixtures.user(app, "other@test.fr")
            let other = Browser(app)
            try await other.signIn("other@test.fr")
            #expect(try await other.post(DirectoryURL.partnerships(fermeID), ["partner": epicerieID.uuidString]).status == .forbidden)
            let partnership = try #require(try await Partnership.query(on: app.db).first())
            #expect(try await ref.post(DirectoryURL.partnershipRemove(fermeID, try partnership.requireID()), [:]).status == .seeOther)
            #expect(try await Partnership.query(on: app.db).count() == 0)
            #expect(try await browser.get(DirectoryURL.territories.path).body.string.contains("11 — Aude"))
        }
    }

    @Test func animatorMergesAnImportedDuplicateIntoTheRegisteredStructure() async throws {
        try await withMaillage { app in
            // setup: the same épicerie registered by hand and imported
            _ = try await Fixtures.animator(app, "anim@test.fr", of: "11")
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let native = try await Fixtures.organization(app, referent: referent, input: Fixtures.input(name: "Épicerie solidaire du Canal"))
            _ = try await InteropFiles.run(
                app,
                structures: InteropFiles.structures.replacingOccurrences(
                    of: "\"code_insee\":\"11262\",\"adresse\"",
                    with: "\"latitude\":\(native.latitude),\"longitude\":\(native.longitude + 0.001),\"code_insee\":\"11262\",\"adresse\""),
                services: InteropFiles.services)
            let imported = try #require(try await OrganizationSource.query(on: app.db).filter(\.$sourceID == "dora--1").first()).$organization.id
            let browser = Browser(app)
            try await browser.signIn("anim@test.fr")
            let list = try await browser.get(DirectoryURL.duplicates.path).body.string
            #expect(list.contains("même nom à"))
            // The preview shows both fiches field by field and what the kept one becomes.
            let preview = try await browser.get(DirectoryURL.merge.path + "?garder=\(try native.requireID().uuidString)&retirer=\(imported.uuidString)")
            #expect(preview.status == .ok)
            #expect(preview.body.string.contains("<td>SIRET</td><td>—</td><td>12345678901234</td><td class=\"changed\">12345678901234</td>"))
            #expect(try await Organization.find(imported, on: app.db)?.statusValue == .validated, "a preview changes nothing")
            #expect(
                try await browser.get(DirectoryURL.merge.path + "?garder=\(imported.uuidString)&retirer=\(imported.uuidString)").status == .unprocessableEntity)
            // act
            let res = try await browser.post(DirectoryURL.merge.path, ["keep": try native.requireID().uuidString, "remove": imported.uuidString])
            #expect(res.status == .seeOther)
            // check: one structure, with the import's SIRET, source and service; its referent is kept; the old address redirects
            #expect(try await Organization.find(imported, on: app.db)?.statusValue == .merged)
            let moved = try await Browser(app).get(DirectoryURL.organization(imported))
            let nativeID = try native.requireID()
            #expect(moved.status == .movedPermanently && moved.headers.first(name: .location) == DirectoryURL.organization(nativeID))
            #expect(
                try await browser.post(DirectoryURL.merge.path, ["keep": try native.requireID().uuidString, "remove": imported.uuidString]).status == .conflict)
            let kept = try #require(try await Organization.find(try native.requireID(), on: app.db))
            #expect(kept.siret == "12345678901234")
            #expect(try await OrganizationSource.query(on: app.db).filter(\.$sourceID == "dora--1").first()?.$organization.id == native.id)
            #expect(try await ServiceOffer.query(on: app.db).first()?.$organization.id == native.id)
            #expect(try await Membership.query(on: app.db).filter(\.$organization.$id == (try native.requireID())).count() == 1)
            #expect(try await browser.get(DirectoryURL.duplicates.path).body.string.contains("Aucun doublon repéré"))
            let page = try await browser.get(DirectoryURL.organization(try native.requireID())).body.string
            #expect(page.contains("Importée de DORA"))
            #expect(page.contains("Catégorie choisie d'après"))
            // a re-import now updates nothing and creates no duplicate
            let again = try await InteropFiles.run(app, structures: InteropFiles.structures)
            #expect(again.structuresImported == 0)
            // Undo within 30 days: both fiches again, each with what it had; then it cannot be undone twice.
            let merge = try #require(try await Merge.query(on: app.db).first())
            #expect(try await browser.get(DirectoryURL.duplicates.path).body.string.contains("Annuler la fusion"))
            #expect(try await browser.post(DirectoryURL.mergeUndo(try merge.requireID()), [:]).status == .seeOther)
            #expect(try await Organization.find(imported, on: app.db)?.statusValue == .validated)
            #expect(try await Organization.find(try native.requireID(), on: app.db)?.siret == nil)
            #expect(try await OrganizationSource.query(on: app.db).filter(\.$sourceID == "dora--1").first()?.$organization.id == imported)
            #expect(try await ServiceOffer.query(on: app.db).first()?.$organization.id == imported)
            #expect(try await Browser(app).get(DirectoryURL.organization(imported)).status == .ok)
            let twice = try await browser.post(DirectoryURL.mergeUndo(try merge.requireID()), [:])
            #expect(twice.status == .gone && twice.body.string.contains("déjà été annulée"))
            // A merge older than 30 days stays.
            #expect(
                try await browser.post(DirectoryURL.merge.path, ["keep": try native.requireID().uuidString, "remove": imported.uuidString]).status == .seeOther)
            (app.clock as? FixedClock)?.advance(by: 31 * 86_400)
            let late = try #require(try await Merge.query(on: app.db).filter(\.$undoneAt == nil).first())
            let expired = try await browser.post(DirectoryURL.mergeUndo(try late.requireID()), [:])
            #expect(expired.status == .gone && expired.body.string.contains("pendant 30 jours"))
            // only animators merge
            let ref = Browser(app)
            try await ref.signIn("ref@test.fr")
            #expect(try await ref.get(DirectoryURL.duplicates.path).status == .forbidden)
        }
    }
}
