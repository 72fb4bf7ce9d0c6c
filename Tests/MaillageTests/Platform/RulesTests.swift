import Foundation
import Testing

@testable import Maillage

@Suite struct TextFoldingTests {
    @Test func accentsCaseAndLigaturesAreIgnored() {
        #expect(TextFolding.fold("Restos du Cœur") == "restos du coeur")
        #expect(TextFolding.fold("BÉZIERS") == "beziers")
        #expect(TextFolding.words("Lézignan-Corbières, l'Aude!") == ["lezignan", "corbieres", "l", "aude"])
        #expect(TextFolding.slug("Épicerie « La Passerelle »") == "epicerie-la-passerelle")
    }
}

@Suite struct GeoTests {
    @Test func greatCircleDistanceNarbonneCarcassonne() {
        let narbonne = GeoPoint(latitude: 43.1837, longitude: 3.0042)
        let carcassonne = GeoPoint(latitude: 43.2130, longitude: 2.3491)
        let d = narbonne.distanceKm(to: carcassonne)
        #expect(d > 52 && d < 54)
        #expect(narbonne.distanceKm(to: narbonne) == 0)
    }

    @Test func franceBounds() {
        #expect(FranceBounds.contains(GeoPoint(latitude: 43.18, longitude: 3.0)))
        #expect(FranceBounds.contains(GeoPoint(latitude: -21.1, longitude: 55.5)))  // La Réunion
        #expect(!FranceBounds.contains(GeoPoint(latitude: 40.4, longitude: -3.7)))  // Madrid
        #expect(!FranceBounds.contains(GeoPoint(latitude: 0, longitude: 0)))
    }

    @Test func communeLookupByNamePostalCodeAndInsee() throws {
        let table = CommuneTable.shared
        #expect(table.search("narbonne").first?.insee == "11262")
        #expect(table.search("LEZIGNAN CORBIERES").first?.insee == "11203")
        #expect(table.search("34500").first?.name == "Béziers")
        #expect(table.commune(insee: "34172")?.name == "Montpellier")
        #expect(table.search("Nulle-Part-sur-Mer").isEmpty)
        #expect(table.departements.count > 100)
    }
}

@Suite struct SIRETTests {
    @Test func validNumberWithSpaces() throws {
        #expect(try SIRET.validate("404 833 048 00014") == "40483304800014")
    }

    @Test func badChecksumAndLength() {
        #expect(throws: SIRET.Problem.badChecksum) { try SIRET.validate("40483304800015") }
        #expect(throws: SIRET.Problem.notFourteenDigits) { try SIRET.validate("1234") }
        #expect(throws: SIRET.Problem.notFourteenDigits) { try SIRET.validate("4048330480001A") }
    }

    @Test func laPosteException() throws {
        // La Poste: digit sum divisible by 5 although the Luhn key fails.
        #expect(try SIRET.validate("35600000000010") == "35600000000010")
    }
}

@Suite struct PermissionTests {
    let aude = UUID(), herault = UUID(), org = UUID(), other = UUID()

    func viewer(memberships: [UUID: MembershipRole] = [:], animates: [UUID] = [], admin: Bool = false) -> Viewer {
        Viewer(
            userID: UUID(), name: "V", email: "v@x.fr", isAdmin: admin, memberships: memberships,
            territoryRoles: Dictionary(uniqueKeysWithValues: animates.map { ($0, [TerritoryRoleKind.animator]) }))
    }

    @Test func membersEditTheirOwnStructureOnly() {
        let scope = OrganizationScope(id: org, primaryTerritoryID: aude, territoryIDs: [aude])
        #expect(Permissions.canEdit(scope, viewer(memberships: [org: .member])))
        #expect(!Permissions.canEdit(scope, viewer(memberships: [other: .referent])))
        #expect(!Permissions.canEdit(scope, nil))
    }

    @Test func referentsAndAnimatorsManageMembers() {
        let scope = OrganizationScope(id: org, primaryTerritoryID: aude, territoryIDs: [aude])
        #expect(Permissions.canManageMembers(scope, viewer(memberships: [org: .referent])))
        #expect(!Permissions.canManageMembers(scope, viewer(memberships: [org: .member])))
        #expect(Permissions.canManageMembers(scope, viewer(animates: [aude])))
        #expect(!Permissions.canManageMembers(scope, viewer(animates: [herault])))
        #expect(Permissions.canManageMembers(scope, viewer(admin: true)))
    }

    @Test func pendingStructuresAreHiddenFromOthers() {
        let scope = OrganizationScope(id: org, primaryTerritoryID: aude, territoryIDs: [aude])
        #expect(Permissions.canSee(scope, status: .validated, nil))
        #expect(!Permissions.canSee(scope, status: .pending, nil))
        #expect(!Permissions.canSee(scope, status: .pending, viewer(memberships: [other: .member])))
        #expect(Permissions.canSee(scope, status: .pending, viewer(memberships: [org: .member])))
        #expect(Permissions.canSee(scope, status: .pending, viewer(animates: [aude])))
        #expect(!Permissions.isModerator(of: scope, viewer(animates: [herault])))
    }

    /// Issue 11, finding 11: a territory the structure also acts in does not make its animators moderators.
    @Test func onlyTheAddressTerritoryModerates() {
        let scope = OrganizationScope(id: org, primaryTerritoryID: aude, territoryIDs: [aude, herault])
        #expect(Permissions.isModerator(of: scope, viewer(animates: [aude])))
        #expect(!Permissions.isModerator(of: scope, viewer(animates: [herault])))
        #expect(Permissions.isModerator(of: scope, viewer(admin: true)))
    }
}

@Suite struct OrganizationRulesTests {
    @Test func validInputIsGeocodedFromTheCommune() throws {
        let valid = try OrganizationRules.validate(Fixtures.input()).get()
        #expect(valid.inseeCode == "11262")
        #expect(valid.departement == "11")
        #expect(abs(valid.point.latitude - 43.18) < 0.1)
        #expect(valid.capacities.count == 1)
    }

    @Test func eachBadFieldGetsAFrenchMessage() {
        var input = Fixtures.input()
        input.name = "  "
        input.category = "banque-privee"
        input.email = "pas-une-adresse"
        input.siret = "40483304800015"
        input.latitude = 40.4
        input.longitude = -3.7
        input.contacts = [.init(name: "", role: nil, email: nil, phone: nil)]
        guard case .failure(let failure) = OrganizationRules.validate(input) else {
            Issue.record("bad input was accepted")
            return
        }
        #expect(failure.fields["name"] == "Le nom de la structure est obligatoire.")
        #expect(failure.fields["category"]?.contains("Catégorie inconnue") == true)
        #expect(failure.fields["email"]?.contains("e-mail") == true)
        #expect(failure.fields["siret"]?.contains("clé de contrôle") == true)
        #expect(failure.fields["latitude"]?.contains("hors de France") == true)
        #expect(failure.fields["contacts[0].name"] != nil)
    }

    @Test func unknownCommuneWithoutCoordinatesIsRefused() {
        var input = Fixtures.input()
        input.commune = "Atlantide"
        input.postal_code = "11100"
        guard case .failure(let failure) = OrganizationRules.validate(input) else {
            Issue.record("unknown commune accepted")
            return
        }
        #expect(failure.fields["commune"]?.contains("introuvable") == true)
    }

    @Test func patchOverlayKeepsUntouchedFields() {
        let base = Fixtures.input()
        let merged = base.overlaid(with: OrganizationInput(services: "Nouveaux services"))
        #expect(merged.services == "Nouveaux services")
        #expect(merged.name == base.name)
        #expect(merged.contacts == base.contacts)
    }
}

@Suite struct ConfigTests {
    @Test func databaseURLs() throws {
        #expect(try AppConfig.parseDatabaseURL("sqlite:///abs/path.sqlite") == .sqliteFile("/abs/path.sqlite"))
        #expect(try AppConfig.parseDatabaseURL("sqlite://relative.sqlite") == .sqliteFile("relative.sqlite"))
        #expect(try AppConfig.parseDatabaseURL("postgres://u:p@h:5432/db") == .postgres("postgres://u:p@h:5432/db"))
        #expect(throws: AppConfig.Invalid.self) { try AppConfig.parseDatabaseURL("mysql://x") }
        #expect(throws: AppConfig.Invalid.self) { try AppConfig.fromEnvironment(["TILE_URL": "https://tiles.example.org/a.png"]) }
        #expect(try AppConfig.fromEnvironment(["BASE_URL": "https://maillage.example.org"]).secureCookies)
    }
}

@Suite struct FrenchTests {
    @Test func countsAgreeAndWordsElide() {
        #expect(French.count(0, "structure") == "0 structure")
        #expect(French.count(1, "structure") == "1 structure")
        #expect(French.count(2, "structure") == "2 structures")
        #expect(
            French.count(12_000, "structure validée", plural: "structures validées") == "12\u{202F}000 structures validées"
                || French.count(12_000, "structure validée", plural: "structures validées") == "12\u{00A0}000 structures validées")
        #expect(French.de("Épicerie solidaire") == "d'Épicerie solidaire")
        #expect(French.de("Narbonne") == "de Narbonne")
        #expect(French.article("la", "Aude") == "l'Aude")
        #expect(French.article("le", "Gard") == "le Gard")
    }

    /// The text of a literal piece without its `\(…)` interpolations (balanced parentheses).
    static func withoutInterpolations(_ text: Substring) -> String {
        var out = ""
        var depth = 0
        var previous: Character = " "
        for ch in text {
            if depth > 0 {
                if ch == "(" { depth += 1 } else if ch == ")" { depth -= 1 }
            } else if ch == "(" && previous == "\\" {
                depth = 1
                out.removeLast()
            } else {
                out.append(ch)
            }
            previous = ch
        }
        return out
    }

    /// No "(s)" left in what people read: counts go through `French.count`.
    @Test func noParenthesisedPlurals() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/Maillage")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        var found: [String] = []
        for file in files where file.pathExtension == "swift" {
            for (n, line) in try String(contentsOf: file, encoding: .utf8).split(separator: "\n").enumerated()
            where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") && !line.contains("\\\"") {
                // Inside string literals only (every other piece between quotes): "structure(s)", "créée(s)".
                let literals = line.split(separator: "\"", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
                if literals.map(Self.withoutInterpolations).contains(where: { $0.range(of: #"[a-zé]\((s|e|es)\)"#, options: .regularExpression) != nil }) {
                    found.append("\(file.lastPathComponent):\(n + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(found.isEmpty, "\(found)")
    }
}

@Suite struct ChanceTests {
    /// A fixed seed repeats its draws; retries after an outage are spread over a quarter of their delay.
    @Test func aSeedRepeatsAndRetriesSpread() {
        let a = Chance(seed: 7)
        let b = Chance(seed: 7)
        let drawsA = (0..<5).map { _ in a.unit() }
        #expect(drawsA == (0..<5).map { _ in b.unit() })
        let other = Chance(seed: 8)
        #expect(drawsA != (0..<5).map { _ in other.unit() })
        #expect(Outbox.backoff(afterAttempt: 1, spread: 0) == 60)
        #expect(Outbox.backoff(afterAttempt: 3, spread: 0.5) == 240 * 1.125)
        #expect(Outbox.backoff(afterAttempt: 30, spread: 1) == 6 * 3600 * 1.25)
        let spread = Set((0..<50).map { _ in Outbox.backoff(afterAttempt: 2, spread: a.unit()) })
        #expect(spread.count > 40 && spread.allSatisfy { (120..<150).contains($0) })
    }
}
