import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Maillage

/// Issue 11, finding 1 and its class: no page lets stored or reflected data become markup, a script or a
/// handler, whoever looks at it; and no view can reach Plot's unescaped API.
@Suite struct ViewSafetyTests {
    /// Every GET route, every path parameter filled, every known query parameter holding a payload, as a visitor,
    /// a member of the hostile structures, an animator and an administrator.
    @Test func everyPageHoldsHostileData() async throws {
        try await withMaillage { app in
            // setup
            let animator = try await Fixtures.animator(app, "anim@test.fr", of: "11")
            let admin = try await Fixtures.user(app, "admin@test.fr", admin: true)
            let hostile = try await HostileData.seed(on: app.db, passwordHash: try await app.password.async.hash(Fixtures.password))
            // Each module's own hostile rows, whose ids its paths take.
            var moduleIDs: [String: [UUID]] = [:]
            let demo = DemoContext(app: app, passwordHash: "")
            for module in Modules.all {
                moduleIDs[module.title] = try await module.seedHostile(demo, organization: hostile.validated, user: hostile.user)
            }
            app.directoryIndex.invalidate()
            let viewers: [(String, Browser)] = [
                ("visiteur", Browser(app)),
                ("membre", try await Browser.impersonating(hostile.user, app)),
                ("animatrice", try await Browser.impersonating(try animator.requireID(), app)),
                ("admin", try await Browser.impersonating(try admin.requireID(), app)),
            ]
            let payload = HostileData.payloads.joined()
            let query = ["q", "near", "retour", "ligne", "category", "sort", "departement", "radius_km"]
                .map { "\($0)=" + (payload.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") }.joined(separator: "&")
            var checked = 0
            for route in app.routes.all where route.method == .GET {
                for id in [hostile.validated, hostile.pending] + (route.module.flatMap { moduleIDs[$0] } ?? []) {
                    let path =
                        "/"
                        + route.path.map { component -> String in
                            switch component {
                            case .parameter(let name): name == "code" ? "11" : id.uuidString
                            case .constant(let value): value
                            default: "x"
                            }
                        }.joined(separator: "/")
                    for target in [path, path + "?" + query] {
                        for (who, browser) in viewers {
                            // act
                            let res = try await browser.get(target)
                            // check
                            #expect(res.status.code < 500, "\(who) GET \(target): \(res.status)")
                            #expect(!res.headers[.setCookie].joined().contains("volé"), "\(who) GET \(target): header injection")
                            guard res.headers.contentType?.subType == "html" else { continue }
                            let problems = HTMLProbe.problems(in: res.body.string)
                            #expect(problems.isEmpty, "\(who) GET \(target): \(problems.prefix(3))")
                            checked += 1
                        }
                    }
                }
            }
            #expect(checked > 100)
        }
    }

    /// Pages reach Plot only through `Platform/Web`, where every attribute is escaped.
    @Test func viewsUseOnlyTheEscapingPath() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/Maillage")
        let forbidden: [(pattern: String, why: String)] = [
            (#"Node<"#, "Plot's Node API writes attributes unescaped"),
            (#"\.raw\("#, "raw markup"),
            (#"Plot\."#, "Plot's own components skip the escaping"),
            (#"\bAttribute(<|\()"#, "an Attribute value skips the escaping"),
            (#"Element\.(named|selfClosed)"#, "an Element built from raw nodes"),
            (#"\.style\("#, "inline styles: the CSP refuses them"),
            (#""on[a-z]+""#, "inline event handler"),
            (#"<script"#, "inline script"),
        ]
        var findings: [String] = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        var views = 0
        for file in files where file.pathExtension == "swift" && !file.path.contains("/Platform/Web/") {
            let text = try String(contentsOf: file, encoding: .utf8)
            // Every redirect goes through `Redirect.to`, which validates the path (finding 2).
            if text.contains("req.redirect(") { findings.append("\(file.lastPathComponent): redirect outside Redirect.to") }
            guard text.contains("import Plot") else { continue }
            views += 1
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                for rule in forbidden where line.range(of: rule.pattern, options: .regularExpression) != nil {
                    findings.append("\(file.lastPathComponent):\(n + 1): \(rule.why): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(views > 5)
        #expect(findings.isEmpty, "\(findings.joined(separator: "\n"))")
    }
}
