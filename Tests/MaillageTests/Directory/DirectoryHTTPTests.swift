import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Maillage

@Suite struct DirectoryPagesTests {
    @Test func homeDirectoryMapAndStructurePage() async throws {
        try await withMaillage { app in
            // setup
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let org = try await Fixtures.organization(app, referent: referent)
            let browser = Browser(app)
            // act + check
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.body.string.contains("1 structures sur la carte partagée") || home.body.string.contains("structures sur la carte"))
            #expect(home.body.string.contains("<svg"))
            let search = try await browser.get(DirectoryURL.directory.path + "?q=epicerie&near=Narbonne&radius_km=10")
            #expect(search.status == .ok)
            #expect(search.body.string.contains(org.name))
            #expect(search.body.string.contains("autour de Narbonne"))
            let none = try await browser.get(DirectoryURL.directory.path + "?q=introuvablemot")
            #expect(none.body.string.contains("Aucune structure ne correspond."))
            let bad = try await browser.get(DirectoryURL.directory.path + "?near=Atlantide")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Commune introuvable"))
            let map = try await browser.get(DirectoryURL.map.path + "?category=aide-alimentaire")
            #expect(map.status == .ok)
            #expect(map.body.string.contains("Légende"))
            #expect(map.body.string.contains("/structures/\(try org.requireID().uuidString)"))
            let page = try await browser.get(DirectoryURL.organization(try org.requireID()))
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Alice Dupont"))
            // Interlocutors' e-mails are for signed-in people only.
            #expect(!page.body.string.contains("alice@test.example.org"))
            try await browser.signIn("ref@test.fr")
            #expect(try await browser.get(DirectoryURL.organization(try org.requireID())).body.string.contains("alice@test.example.org"))
            #expect(try await browser.get("/structures/\(UUID())").status == .notFound)
            #expect(try await browser.get("/structures/pas-un-id").status == .notFound)
        }
    }

    @Test func exportsAsCSVAndGeoJSON() async throws {
        try await withMaillage { app in
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let org = try await Fixtures.organization(app, referent: referent)
            let browser = Browser(app)
            // For a French spreadsheet: BOM, semicolons, decimal commas; interlocutors named, not their addresses.
            let csv = try await browser.get("/annuaire/export.csv?category=aide-alimentaire")
            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.subType == "csv")
            #expect(Array(csv.body.readableBytesView.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(csv.body.string.hasPrefix("\u{FEFF}id;nom;categorie;"))
            #expect(csv.body.string.contains(org.name) && csv.body.string.contains(";43,14933;3,03369;"))
            #expect(csv.body.string.contains("Alice Dupont — Coordinatrice") && !csv.body.string.contains("alice@test.example.org"))
            #expect(csv.body.string.contains("Du lundi au vendredi : 9 h – 12 h"))
            // For programs: commas and points; with the right to see them, the interlocutors' details.
            let known = Browser(app)
            try await known.signIn("ref@test.fr")
            let program = try await known.get("/annuaire/export.csv?pour=programme").body.string
            #expect(program.hasPrefix("id,nom,categorie,"))
            #expect(program.contains(",43.14933,3.03369,"))
            #expect(program.contains("Alice Dupont — Coordinatrice — alice@test.example.org — 04 68 00 00 00"))
            let geo = try await browser.get("/annuaire/export.geojson")
            let json = try JSONSerialization.jsonObject(with: Data(geo.body.readableBytesView)) as? [String: Any]
            let features = json?["features"] as? [[String: Any]]
            #expect(json?["type"] as? String == "FeatureCollection")
            #expect(features?.count == 1)
            let coordinates = (features?.first?["geometry"] as? [String: Any])?["coordinates"] as? [Double]
            #expect(coordinates?.count == 2)
            #expect(abs((coordinates?[0] ?? 0) - org.longitude) < 1e-9)  // GeoJSON is lon, lat
        }
    }

    @Test func demoTerritorySeedsOnceWithEveryCategory() async throws {
        try await withMaillage(demo: true) { app in
            #expect(try await seedTwice(app))
            let orgs = try await Organization.query(on: app.db).all()
            #expect(orgs.count >= 80)
            #expect(Set(orgs.map(\.category)) == Set(Category.allCases.map(\.rawValue)))
            #expect(Set(orgs.compactMap(\.inseeCode).map { String($0.prefix(2)) }) == ["11", "34"])
            // Issue 13, item 13: the demo feels real. Each fiche names two different people, never someone of another
            // fiche; the demo accounts are their own fiche's first interlocutor; hours are valid and some have closures;
            // the first import brought a duplicate to merge and a fiche to claim.
            let contacts = try await Contact.query(on: app.db).all()
            let byOrg = Dictionary(grouping: contacts, by: { $0.$organization.id })
            #expect(byOrg.values.allSatisfy { $0.count >= 1 })
            let registered = orgs.filter { byOrg[$0.id ?? UUID()]?.count == 2 }
            #expect(registered.count >= 80)
            #expect(Set(contacts.map(\.name)).count == contacts.count)
            for org in registered { #expect(Set(byOrg[org.id ?? UUID()]?.map { $0.name.split(separator: " ")[0] } ?? []).count == 2, "\(org.name)") }
            let bank = try #require(orgs.first { $0.name == "Banque Alimentaire de l'Aude" })
            #expect(byOrg[try bank.requireID()]?.contains { $0.name == "Karim Benali" && $0.role == "Responsable logistique" } == true)
            #expect(contacts.contains { $0.name == "Bruno Sabatier" && $0.role == "Chargé de mission aide alimentaire" })
            #expect(orgs.allSatisfy { $0.openingHours.isEmpty || WeeklyHours.parse($0.openingHours) != nil })
            #expect(orgs.contains { $0.name == "Épicerie solidaire La Passerelle" && $0.openingHours.contains("Congés d'été") })
            #expect(orgs.filter { $0.name == "Restos du Cœur — centre de Narbonne" }.count == 2)
            #expect(try await OrganizationSource.query(on: app.db).count() == 2)
            let login = try await Browser(app).get(AccountsURL.signIn.path)
            #expect(login.body.string.contains(DemoTerritory.animatorEmail))
            try await Browser(app).signIn(DemoTerritory.animatorEmail, password: DemoTerritory.password)
        }
        try await withMaillage(demo: false) { app in
            let body178 = try await Browser(app).get(AccountsURL.signIn.path).body.string
            #expect(!body178.contains("Comptes de démonstration"))
        }
    }

    private func seedTwice(_ app: Application) async throws -> Bool {
        try await seedDemo(app)
        let count = try await Organization.query(on: app.db).count()
        try await seedDemo(app)
        let after = try await Organization.query(on: app.db).count()
        return count > 80 && count == after
    }
}

@Suite struct DirectoryIndexStoreTests {
    /// A second app instance on the same database learns of a write it did not make, through its probe.
    @Test func anotherInstanceSeesTheWriteAfterItsProbe() async throws {
        try await withMaillage { app in
            let other = DirectoryIndexStore(probeInterval: .zero)
            let referent = try await Fixtures.user(app, "ref@test.fr")
            #expect(try await other.current(on: app.db).entries.isEmpty)
            _ = try await Fixtures.organization(app, referent: referent)
            var seen = 0
            for _ in 0..<50 where seen == 0 {
                seen = try await other.current(on: app.db).entries.count
                if seen == 0 { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(seen == 1)
        }
    }

    /// The instance that writes sees its own write on the very next read.
    @Test func ownWritesAreVisibleAtOnce() async throws {
        try await withMaillage { app in
            let referent = try await Fixtures.user(app, "ref@test.fr")
            #expect(try await app.directoryIndex.current(on: app.db).entries.isEmpty)
            _ = try await Fixtures.organization(app, referent: referent)
            #expect(try await app.directoryIndex.current(on: app.db).entries.count == 1)
        }
    }
}
