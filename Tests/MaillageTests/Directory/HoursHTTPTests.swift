import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// Issue 13, item 1, through HTTP: the per-day editor, its refusals, the fiche in French, "open now", the API, and
/// export → import without loss.
@Suite struct HoursHTTPTests {
    /// The editor's fields for a week, starting from the fiche's other fields.
    static func form(_ org: Organization, today: LocalDate, _ change: (inout [String: String]) -> Void) -> [String: String] {
        var fields = OrganizationFormMapping.values(from: org.asInput, today: today)
        fields[HoursForm.Key.editor] = "1"  // as the page's hidden field says
        for d in 0..<7 {
            fields[HoursForm.Key.mode(d)] = DayMode.closed.rawValue
            for k in 0..<HoursForm.slotsPerDay {
                fields[HoursForm.Key.opens(d, k)] = ""
                fields[HoursForm.Key.closes(d, k)] = ""
            }
        }
        change(&fields)
        return fields
    }

    /// Moves the test clock to a Paris wall-clock time.
    static func setClock(_ app: Application, _ iso: String, _ hour: Int) throws {
        let clock = try #require(app.clock as? FixedClock)
        clock.advance(by: HoursTests.paris(iso, hour).timeIntervalSince(clock.now))
    }

    @Test func theReferentKeepsHoursDayByDayAndTheFicheSaysThemInFrench() async throws {
        try await withMaillage { app in
            // setup: Monday 30 November 2026, 10 a.m. in Narbonne
            try Self.setClock(app, "2026-11-30", 10)
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let org = try await Fixtures.organization(app, referent: referent)
            let id = try org.requireID()
            let browser = Browser(app)
            try await browser.signIn("ref@test.fr")
            // act: Monday and Thursday mornings, Wednesday afternoon by appointment, a summer closure
            let fields = Self.form(org, today: app.today) { f in
                for d in [0, 3] {
                    f[HoursForm.Key.mode(d)] = "ouvert"
                    f[HoursForm.Key.opens(d, 0)] = "09:00"
                    f[HoursForm.Key.closes(d, 0)] = "12:00"
                }
                f[HoursForm.Key.mode(2)] = "rdv"
                f[HoursForm.Key.opens(2, 0)] = "14:00"
                f[HoursForm.Key.closes(2, 0)] = "17h30"
                f[HoursForm.Key.holidays] = "1"
                f[HoursForm.Key.closureFrom(0)] = "2027-07-14"
                f[HoursForm.Key.closureTo(0)] = "2027-08-20"
                f[HoursForm.Key.closureMessage(0)] = "Congés d'été"
            }
            #expect(try await browser.post(DirectoryURL.organizationEdit(id), fields).status == .seeOther)
            // check: stored as OSM, shown in French with today's status
            let stored = try #require(try await Organization.find(id, on: app.db)).openingHours
            #expect(stored == #"Mo,Th 09:00-12:00; We 14:00-17:30 "sur rendez-vous"; PH off; 2027 Jul 14-2027 Aug 20 off "Congés d'été""#)
            let page = try await Browser(app).get(DirectoryURL.organization(id)).body.string
            #expect(page.contains("Lundi et jeudi"))
            #expect(page.contains("9 h – 12 h"))
            #expect(page.contains("14 h – 17 h 30, sur rendez-vous"))
            #expect(page.contains("Ouvert maintenant · ferme à 12 h"))
            #expect(page.contains("Fermé les jours fériés."))
            #expect(page.contains("Fermé du 14 juillet au 20 août 2027 : Congés d'été"))
            #expect(!page.contains("Mo,Th"))
            // The edit form shows the same week back.
            let again = try await browser.get(DirectoryURL.organizationEdit(id)).body.string
            #expect(again.contains(#"name="jour_3_0_de" value="09:00""#))
            #expect(again.contains(#"value="rdv" selected="selected""#))
            // The result list and the "open now" filter: open at 10, not at 13.
            let list = try await Browser(app).get(DirectoryURL.directory.path + "?open_now=1").body.string
            #expect(list.contains(org.name) && list.contains("Ouvert maintenant"))
            try Self.setClock(app, "2026-11-30", 13)
            #expect(!(try await Browser(app).get(DirectoryURL.directory.path + "?open_now=1").body.string.contains(org.name)))
            #expect(try await Browser(app).get(DirectoryURL.directory.path).body.string.contains("Fermé · ouvre jeudi à 9 h"))
        }
    }

    @Test func badHoursComeBackWithTheirMessageAndNothingChanges() async throws {
        try await withMaillage { app in
            // setup
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let org = try await Fixtures.organization(app, referent: referent)
            let id = try org.requireID()
            let browser = Browser(app)
            try await browser.signIn("ref@test.fr")
            let cases: [(String, (inout [String: String]) -> Void)] = [
                (
                    "se chevauchent",
                    { f in
                        f[HoursForm.Key.mode(0)] = "ouvert"
                        f[HoursForm.Key.opens(0, 0)] = "09:00"; f[HoursForm.Key.closes(0, 0)] = "12:00"
                        f[HoursForm.Key.opens(0, 1)] = "11:00"; f[HoursForm.Key.closes(0, 1)] = "14:00"
                    }
                ),
                (
                    "se termine avant de commencer",
                    { f in
                        f[HoursForm.Key.closureFrom(0)] = "2099-08-20"; f[HoursForm.Key.closureTo(0)] = "2099-07-14"
                    }
                ),
                (
                    "heure non reconnue",
                    { f in
                        f[HoursForm.Key.mode(1)] = "ouvert"; f[HoursForm.Key.opens(1, 0)] = "neuf heures"
                    }
                ),
                ("au moins un créneau", { f in f[HoursForm.Key.mode(4)] = "ouvert" }),
                ("déjà passée", { f in f[HoursForm.Key.closureFrom(0)] = "2001-01-01" }),
                ("pas au format OpenStreetMap", { f in f[HoursForm.Key.osm] = "du lundi au vendredi 9h-12h" }),
            ]
            for (message, change) in cases {
                // act
                var fields = Self.form(org, today: app.today, change)
                fields["services"] = "Ne doit pas être enregistré"
                let res = try await browser.post(DirectoryURL.organizationEdit(id), fields)
                // check
                #expect(res.status == .unprocessableEntity, "\(message)")
                #expect(res.body.string.contains(message), "\(message)")
                #expect(res.body.string.contains("Ne doit pas être enregistré"), "the typed input is kept")
                let stored = try #require(try await Organization.find(id, on: app.db))
                #expect(stored.openingHours == "Mo-Fr 09:00-12:00" && stored.services != "Ne doit pas être enregistré", "\(message)")
            }
        }
    }

    @Test func theAPITakesOSMAndNeverFailsOnHoursItDidNotTouch() async throws {
        try await withMaillage { app in
            // setup: hours stored before this check existed
            let referent = try await Fixtures.user(app, "ref@test.fr")
            let org = try await Fixtures.organization(app, referent: referent)
            let id = try org.requireID()
            org.openingHours = "lundi matin"
            try await org.save(on: app.db)
            let token = try await APITests().token(app, for: "ref@test.fr")
            // act + check: another field changes; bad hours are refused in French; good ones stored as sent
            let other = try await APITests().send(app, .PATCH, DirectoryURL.apiOrganization(id), token: token, json: #"{"services":"Colis"}"#)
            #expect(other.status == .ok)
            let bad = try await APITests().send(app, .PATCH, DirectoryURL.apiOrganization(id), token: token, json: #"{"opening_hours":"Mo 9h-12h"}"#)
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("OpenStreetMap"))
            let night = try await APITests().send(
                app, .PATCH, DirectoryURL.apiOrganization(id), token: token,
                json: #"{"opening_hours":"Fr,Sa 20:00-02:00; Su 09:00-12:00 || \"fermé en août\""}"#)
            #expect(night.status == .ok)
            #expect(try await Organization.find(id, on: app.db)?.openingHours == #"Fr,Sa 20:00-02:00; Su 09:00-12:00 || "fermé en août""#)
            // A fiche whose hours the editor cannot show keeps them while its editor is left empty.
            let browser = Browser(app)
            try await browser.signIn("ref@test.fr")
            let form = try await browser.get(DirectoryURL.organizationEdit(id)).body.string
            #expect(form.contains("viennent d&apos;un autre outil") || form.contains("viennent d'un autre outil"))
            var fields = OrganizationFormMapping.values(from: try #require(try await Organization.find(id, on: app.db)).asInput, today: app.today)
            fields[HoursForm.Key.editor] = "1"
            fields["services"] = "Colis et repas"
            #expect(try await browser.post(DirectoryURL.organizationEdit(id), fields).status == .seeOther)
            #expect(try await Organization.find(id, on: app.db)?.openingHours == #"Fr,Sa 20:00-02:00; Su 09:00-12:00 || "fermé en août""#)
        }
    }

    @Test func exportThenImportKeepsTheHoursExactly() async throws {
        let hours = #"Mo,Tu,Th,Fr 09:00-12:00,14:00-17:00; We "sur rendez-vous"; Sa 20:00-02:00; PH off; 2027 Jul 14-2027 Aug 20 off "Congés d'été""#
        var exported = ""
        try await withMaillage { app in
            let referent = try await Fixtures.user(app, "ref@test.fr")
            var input = Fixtures.input()
            input.opening_hours = hours
            _ = try await Fixtures.organization(app, referent: referent, input: input)
            exported = try await Browser(app).get(DirectoryURL.exportStructures("11")).body.string
        }
        try await withMaillage { app in
            let report = try await InteropFiles.run(app, structures: exported, services: "[]")
            #expect(report.summaryLine.hasPrefix("imported=1"))
            #expect(try await Organization.query(on: app.db).first()?.openingHours == hours)
        }
    }
}
