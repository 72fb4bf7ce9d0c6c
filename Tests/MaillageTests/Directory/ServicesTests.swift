import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// Issue 13, item 7: services as data, with the data·inclusion vocabulary.
@Suite struct ServicesTests {
    @Test func aReferentDescribesAServiceThatTheAnnuaireAndTheExportsCarry() async throws {
        try await withMaillage { app in
            // setup
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let org = try await Fixtures.organization(app, referent: referent)
            let other = try await Fixtures.organization(app, referent: referent, input: Fixtures.input(name: "Jardin partagé", category: .habitants))
            let id = try org.requireID()
            let owner = Browser(app)
            try await owner.signIn("ref@test.fr")
            #expect(try await owner.get(DirectoryURL.organization(id)).body.string.contains("Ajouter un service"))
            // act + check: refusals first, nothing saved
            let bad = try await owner.post(
                DirectoryURL.serviceNew(id), ["nom": "Co", "description": "Colis", "publics": "tous-publics", "frais": "offert"])
            #expect(bad.status == .unprocessableEntity)
            for message in ["3 caractères au moins", "au moins une thématique", "gratuit ou payant"] {
                #expect(bad.body.string.contains(message), "\(message)")
            }
            #expect(try await ServiceOffer.query(on: app.db).count() == 0)
            // A real one.
            let body =
                "nom=Distribution+de+colis&description=Colis+alimentaires+chaque+mardi+pour+les+familles+orient%C3%A9es.&thematiques=equipement-et-alimentation--alimentation&publics=familles&publics=beneficiaires-des-minimas-sociaux&frais=gratuit&modes_accueil=en-presentiel&conditions_acces=Sur+orientation+d%27un+travailleur+social&horaires=Tu+14%3A00-17%3A00"
            let saved = try await owner.postRaw(DirectoryURL.serviceNew(id), body)
            #expect(saved.status == .seeOther)
            let page = try await Browser(app).get(DirectoryURL.organization(id)).body.string
            for text in ["Distribution de colis", "Alimentation", "Familles", "Bénéficiaires des minimas sociaux", "Sur orientation", "Mardi : 14 h – 17 h"] {
                #expect(page.contains(text), "\(text)")
            }
            // The annuaire filters by thématique (or its family), public and free.
            func names(_ query: String) async throws -> [String] {
                let html = try await Browser(app).get(DirectoryURL.directory.path + "?" + query).body.string
                return [org.name, other.name].filter { html.contains(">\($0)</a>") }
            }
            #expect(try await names("thematique=equipement-et-alimentation--alimentation") == [org.name])
            #expect(try await names("thematique=equipement-et-alimentation") == [org.name])
            #expect(try await names("thematique=sante") == [])
            #expect(try await names("public=familles&gratuit=1") == [org.name])
            #expect(try await names("public=seniors") == [])
            #expect(try await Browser(app).get(DirectoryURL.directory.path + "?thematique=inventee").status == .unprocessableEntity)
            // A flag that is neither yes nor no is refused, not read as no (the API's schema says which values).
            #expect(try await Browser(app).get("/api/v1/organizations?gratuit=null").status == .unprocessableEntity)
            #expect(try await Browser(app).get("/api/v1/organizations?open_now=peut-etre").status == .unprocessableEntity)
            // The exports carry it, valid against the national schema.
            let services = try await Browser(app).get(DirectoryURL.exportServices("11")).body.string
            guard case .array(let records) = try JSONArrayReader.parse(services) else { Issue.record("not an array"); return }
            #expect(records.count == 1)
            let schema = try #require(DataInclusion.serviceSchema)
            for record in records { #expect(schema.firstViolation(in: record) == nil, "\(record)") }
            #expect(
                services.contains("\"publics\":[\"familles\",\"beneficiaires-des-minimas-sociaux\"]") || services.contains("beneficiaires-des-minimas-sociaux"))
            let hsds = try await Browser(app).get(DirectoryURL.exportHSDS("11")).body.string
            #expect(hsds.contains("Publics : Familles") && hsds.contains("\"name\":\"Alimentation\""))
            // Edited, then removed.
            let offer = try #require(try await ServiceOffer.query(on: app.db).first())
            var fields = [
                "nom": "Distribution de colis", "description": "Colis alimentaires le mardi.", "thematiques": "equipement-et-alimentation--alimentation",
            ]
            fields["publics"] = "tous-publics"
            #expect(try await owner.post(DirectoryURL.serviceEdit(id, try offer.requireID()), fields).status == .seeOther)
            #expect(try await names("public=seniors") == [org.name])
            #expect(try await owner.post(DirectoryURL.serviceDelete(id, try offer.requireID()), [:]).status == .seeOther)
            #expect(try await ServiceOffer.query(on: app.db).count() == 0)
        }
    }

    @Test func importedServicesAreCorrectedAtTheirSource() async throws {
        try await withMaillage { app in
            _ = try await Fixtures.animator(app, "anim@test.fr", of: "11")
            _ = try await InteropFiles.run(app, structures: InteropFiles.structures, services: InteropFiles.services)
            let offer = try #require(try await ServiceOffer.query(on: app.db).first())
            let desk = Browser(app)
            try await desk.signIn("anim@test.fr")
            let refused = try await desk.get(DirectoryURL.serviceEdit(offer.$organization.id, try offer.requireID()))
            #expect(refused.status == .conflict && refused.body.string.contains("corrigez-le à la source"))
        }
    }
}
