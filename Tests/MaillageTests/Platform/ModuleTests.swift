import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// Issue 12: the shape of the platform — modules own their prefixes, routes sit in guarded groups, migrations
/// keep one global order, assets and the API description are assembled from the modules' parts.
@Suite struct ModuleTests {
    static func prefixes(of title: String?) -> [String] {
        for module in Modules.all where module.title == title { return module.prefixes }
        return []
    }

    static func allPrefixes() -> [String] {
        var out: [String] = []
        for module in Modules.all { out += module.prefixes }
        return out
    }

    @Test func everyPathStartsWithItsModulePrefixAndIsRegisteredOnce() async throws {
        try await withMaillage { app in
            var seen: Set<String> = []
            for route in app.routes.all {
                let path = "/" + route.path.map(\.description).joined(separator: "/")
                let prefixes = Self.prefixes(of: route.module)
                #expect(!prefixes.isEmpty, "\(path) has no module")
                let owned = prefixes.contains { prefix in
                    prefix == "/" ? path == "/" : path == prefix || path.hasPrefix(prefix + "/") || path.hasPrefix(prefix + ".")
                }
                #expect(owned, "\(route.method) \(path) is outside the prefixes of \(route.module ?? "?")")
                #expect(seen.insert("\(route.method) \(path)").inserted, "\(route.method) \(path) registered twice")
            }
            #expect(seen.count > 50)
            // No two modules claim the same prefix.
            let prefixes = Self.allPrefixes()
            #expect(Set(prefixes).count == prefixes.count)
        }
    }

    /// A route that changes something sits in a group with a guard; every route says who may enter.
    @Test func everyMutatingRouteIsInAGuardedGroup() async throws {
        try await withMaillage { app in
            for route in app.routes.all {
                let access = try #require(route.access, "\(route.method) \(route.path) has no access group")
                if ![.GET, .HEAD].contains(route.method) {
                    #expect(access.isGuarded, "\(route.method) \(route.path.map(\.description).joined(separator: "/")) is in the unguarded group \(access)")
                }
            }
        }
    }

    /// Migration files are `NNN_<Module>_<VerbNoun>.swift`; the module of each declares it at that place; the order
    /// has no gap and no repeat.
    @Test func migrationsKeepOneGlobalOrder() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/Maillage/Migrations")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }.sorted()
        var declared: [Int: (module: String, type: String)] = [:]
        for module in Modules.all {
            for (order, migration) in module.migrations {
                #expect(declared[order] == nil, "order \(order) declared twice")
                declared[order] = (String(describing: module).replacingOccurrences(of: "Module", with: ""), String(describing: type(of: migration)))
            }
        }
        #expect(declared.keys.sorted() == Array(1...declared.count))
        for file in files {
            let parts = file.dropLast(".swift".count).split(separator: "_", maxSplits: 2).map(String.init)
            #expect(parts.count == 3, "\(file) is not NNN_<Module>_<VerbNoun>.swift")
            guard parts.count == 3, let order = Int(parts[0]) else { continue }
            #expect(declared[order]?.module == parts[1], "\(file): declared by \(declared[order]?.module ?? "no module")")
            #expect(declared[order]?.type == parts[2], "\(file): the migration at \(order) is \(declared[order]?.type ?? "missing")")
        }
        #expect(files.count == declared.count)
    }

    /// Landed migrations are frozen (issue 21): a database in the field never runs an edited one again, so a change
    /// must be a new migration. Each file's SHA-256 is held in `MigrationChecksums.txt`; a new migration adds its line.
    @Test func landedMigrationsAreNeverEdited() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let folder = root.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/Maillage/Migrations")
        let listed = try String(contentsOf: root.appendingPathComponent("MigrationChecksums.txt"), encoding: .utf8)
        var held: [String: String] = [:]
        for line in listed.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if parts.count == 2 { held[parts[1]] = parts[0] }
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }.sorted()
        for file in files {
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            let sum = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            let known = try #require(held[file], "\(file) is new: add `\(sum)  \(file)` to MigrationChecksums.txt")
            #expect(known == sum, "\(file) has landed and was edited: revert it and write a new migration that makes the change")
        }
        #expect(Set(held.keys) == Set(files), "a landed migration was removed or renamed")
    }

    /// The fix-forward migrations of issue 21 run on databases made before the edit (the normal path: 032, 034 and 037
    /// are back as they landed) and on databases made while the edit stood, where they find their change done.
    @Test func fixForwardMigrationsAreNoOpsWhereTheChangeIsThere() async throws {
        try await withMaillage { app in
            let sql = try #require(app.db as? any SQLDatabase)
            #expect(try await SchemaProbe.hasColumn("series_id", in: Lot.schema, on: sql))
            #expect(try await SchemaProbe.hasUniqueIndex(on: Lot.schema, columns: ["series_id", "occurrence"], on: sql))
            #expect(try await !SchemaProbe.hasUniqueIndex(on: Lot.schema, columns: ["occurrence", "series_id"], on: sql))
            #expect(try await SchemaProbe.hasColumn("hub_resource_id", in: Need.schema, on: sql))
            #expect(try await !SchemaProbe.hasColumn("nothing_here", in: Need.schema, on: sql))
            try await AddLotSeries().prepare(on: app.db)
            try await AddNeedHub().prepare(on: app.db)
            try await AddDeliveryBalance().prepare(on: app.db)
        }
    }

    /// The header for eight modules (issue 21): groups declared by the modules' doors, each person shown only what
    /// their roles open, signing in and up kept in sight for visitors.
    @Test func theHeaderShowsEachPersonTheGroupsTheirRolesOpen() {
        let visitor = Menu(Modules.menu, for: nil)
        #expect(visitor.groups.map(\.group) == [.directory, .logistics, .account])
        #expect(visitor.groups.first { $0.group == .logistics }?.links.map(\.label) == ["Ressources partagées"])
        #expect(visitor.groups.last?.links.map(\.label) == ["Se connecter", "Créer un compte"])
        let member = Viewer(userID: UUID(), name: "Membre", email: "m@test.fr", isAdmin: false, memberships: [UUID(): .member], territoryRoles: [:])
        let signedIn = Menu(Modules.menu, for: member)
        #expect(signedIn.groups.map(\.group) == [.directory, .logistics, .space])
        #expect(signedIn.groups.first { $0.group == .logistics }?.links.map(\.label) == ["Ressources partagées", "Dons et surplus"])
        #expect(signedIn.groups.last?.links.last == Menu.Link(label: "Se déconnecter", path: AccountsURL.signOut.path, isPost: true))
        let animator = Viewer(userID: UUID(), name: "Anim", email: "a@test.fr", isAdmin: false, memberships: [:], territoryRoles: [UUID(): [.animator]])
        #expect(Menu(Modules.menu, for: animator).groups.map(\.group) == [.directory, .logistics, .animation, .space])
        let agent = Viewer(userID: UUID(), name: "Agent", email: "g@test.fr", isAdmin: false, memberships: [:], territoryRoles: [UUID(): [.publicAgent]])
        let agentMenu = Menu(Modules.menu, for: agent)
        #expect(!agentMenu.groups.contains { $0.group == .animation })
        #expect(agentMenu.groups.last?.links.map(\.label).contains("Mon service") == true)
        // However many modules, the header stays a handful of groups.
        #expect(MenuGroup.allCases.count <= 7)
    }

    /// Modules meet through faces (issue 21): a module names another module's types only through that module's
    /// face file (`<Module>Face.swift`, plain-value calls and the facts it publishes). What Sharing and Surplus
    /// still name directly is frozen in `FaceBaseline.txt` — it may only go down; a module absent from it (the five
    /// to come) names none. `FACE_BASELINE_RECORD=1` writes the file again after a move.
    @Test func modulesNameEachOthersTypesOnlyThroughTheirFaces() throws {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let sources = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/Maillage")
        let uses = try FaceScan.uses(in: sources)
        let baselineURL = here.appendingPathComponent("FaceBaseline.txt")
        if ProcessInfo.processInfo.environment["FACE_BASELINE_RECORD"] == "1" {
            let lines = uses.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            try (lines.joined(separator: "\n") + "\n").write(to: baselineURL, atomically: true, encoding: .utf8)
        }
        var baseline: [String: Int] = [:]
        for line in try String(contentsOf: baselineURL, encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: " ").map(String.init)
            if parts.count == 4, let n = Int(parts[3]) { baseline[parts[0...2].joined(separator: " ")] = n }
        }
        for (key, count) in uses.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: " ")
            #expect(
                count <= baseline[key] ?? 0,
                "\(parts[0]) names \(parts[1])'s \(parts[2]) \(count) times (baseline \(baseline[key] ?? 0)): go through \(parts[1])Face")
        }
        #expect(uses.keys.contains { $0.hasPrefix("Surplus Sharing ") }, "the scan finds nothing: is it reading the sources?")
        #expect(!uses.keys.contains("Surplus Sharing Booking"), "Surplus books through SharingFace.reserve")
        #expect(!uses.keys.contains("Surplus Sharing BookingService"))
    }

    @Test func assetsAreAssembledAndNamedByTheirContent() async throws {
        let assets = Assets.shared
        #expect(assets.stylesheet.name.hasPrefix("maillage-") && assets.stylesheet.name.hasSuffix(".css"))
        #expect(assets.stylesheet.body.contains(".site-header") && assets.stylesheet.body.contains("table.coverage"))
        // Category colours in the stylesheet are the ones `Category` gives the map.
        for category in Category.allCases { #expect(assets.stylesheet.body.contains(".swatch.cat-\(category.rawValue) { background:\(category.color); }")) }
        #expect(assets.script.body.contains("data-confirm") && assets.script.body.contains("import-form"))
        try await withMaillage { app in
            let res = try await app.testing().sendRequest(.GET, assets.stylesheet.path)
            #expect(res.status == .ok)
            #expect(res.headers.first(name: .cacheControl)?.contains("immutable") == true)
            #expect(try await app.testing().sendRequest(.GET, PlatformURL.asset("maillage-ancien.css")).status == .notFound)
            #expect(try await app.testing().sendRequest(.GET, "/").body.string.contains(assets.stylesheet.path))
        }
    }

    @Test func apiDescriptionPartsDoNotOverlap() {
        let parts = OpenAPIDocument.describedPaths()
        let all = parts.values.flatMap { $0 }
        #expect(Set(all).count == all.count)
        #expect(parts.count == Modules.all.filter { $0.openAPI != nil }.count)
    }
}
