import Foundation
import Plot
import Vapor

/// What every page needs to know about the request it answers.
struct PageContext {
    var viewer: Viewer?
    var csrf: String
    var demo: Bool
    var path: String
    var notice: String?

    init(_ req: Request) {
        viewer = req.viewer
        csrf = req.csrfToken
        demo = req.application.maillageConfig.demo
        path = req.url.path
        notice = req.cookies[Flash.cookie]?.string.removingPercentEncoding
    }

    init(viewer: Viewer? = nil, csrf: String = "", demo: Bool = false, path: String = "/", notice: String? = nil) {
        self.viewer = viewer
        self.csrf = csrf
        self.demo = demo
        self.path = path
        self.notice = notice
    }
}

/// The French page shell every page shares: header, navigation, notice, footer.
class PublicPage {
    let context: PageContext

    init(context: PageContext) { self.context = context }

    func pageTitle() -> String { "Maillage" }
    func content() -> Component { EmptyComponent() }
    /// Seconds after which the page reloads itself (a job in progress), or nil.
    var refreshSeconds: Int? { nil }
    /// The page draws a map: Leaflet is loaded when the server has it (`MapLibrary`).
    var usesMap: Bool { false }

    func document() -> HTML {
        HTML(
            .lang(.french),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                // Plot's `.title` also writes `og:title` unescaped (issue 11): the title, and its sharing card, by hand.
                .element(named: "title", text: self.pageTitle() + " · Maillage"),
                .meta(.property("og:title"), .content(HTMLEscape.attribute(self.pageTitle()))),
                .unwrap(self.refreshSeconds) { .meta(.attribute(named: "http-equiv", value: "refresh"), .content(String($0))) },
                .forEach(self.usesMap && MapLibrary.shared.isAvailable ? MapLibrary.stylesheets : []) {
                    .link(.rel(.stylesheet), .href(MapLibrary.shared.path($0)))
                },
                .link(.rel(.stylesheet), .href(Assets.shared.stylesheet.path)),
                .forEach(self.usesMap && MapLibrary.shared.isAvailable ? MapLibrary.scripts : []) { .script(.src(MapLibrary.shared.path($0)), .defer()) },
                .script(.src(Assets.shared.script.path), .defer())
            ),
            .body(
                .component(self.header()),
                .main(.id("contenu"), .component(self.notice()), .component(content())),
                .component(self.footer())
            )
        )
    }

    func response(status: HTTPResponseStatus = .ok, on req: Request) -> Response {
        let response = Response(status: status, body: .init(string: document().render()))
        response.headers.contentType = .html
        if req.cookies[Flash.cookie] != nil { response.cookies[Flash.cookie] = Cookies.expired(on: req) }
        return response
    }

    private func footer() -> Component {
        Footer {
            Navigation {
                List {
                    ListItem { Link("Mentions légales", url: PlatformURL.legalNotice.path) }
                    ListItem { Link("Confidentialité", url: PlatformURL.privacy.path) }
                    ListItem { Link("Accessibilité : partiellement conforme", url: PlatformURL.accessibility.path) }
                    ListItem { Link("Contact", url: PlatformURL.contact.path) }
                    ListItem { Link("API", url: PlatformURL.apiOpenAPI.path) }
                }
            }.attribute(named: "aria-label", value: "Informations sur le site")
            Paragraph("Maillage — coopérer pour la solidarité alimentaire sur le territoire. Données des communes : INSEE, La Poste (Licence Ouverte).")
        }.class("site-footer")
    }

    private func notice() -> Component {
        guard let notice = self.context.notice, !notice.isEmpty else { return EmptyComponent() }
        return Paragraph(notice).class("notice").attribute(named: "role", value: "status")
    }

    /// The modules' menus in their groups (issue 21). On a phone the whole navigation is one "Menu" button; on a
    /// desktop each group is a disclosure of its own. Both are `<details>`: they open without JavaScript (the script
    /// only opens the outer one on wide screens and closes a group when another opens).
    private func header() -> Component {
        let viewer = self.context.viewer
        let menu = Menu(Modules.menu, for: viewer)
        let unread = viewer?.unreadNotifications ?? 0
        return Header {
            Link(url: PlatformURL.root) { Text("Maillage") }.class("brand")
            Element(name: "details") {
                Element(name: "summary") {
                    Text("Menu")
                    if unread > 0 { Span(" \(unread)").class("count").attribute(named: "aria-hidden", value: "true") }
                }.class("menu-button")
                Navigation {
                    List {
                        for group in menu.groups { self.menuGroup(group, unread: unread) }
                    }.class("menu-groups")
                }.attribute(named: "aria-label", value: "Navigation principale")
            }.class("site-menu")
        }.class("site-header")
    }

    private func menuGroup(_ group: Menu.Group, unread: Int) -> Component {
        // Signing in and up stay in sight; any other group opens with its name.
        if group.group == .account {
            return ComponentGroup {
                for link in group.links { ListItem { self.menuLink(link, unread: unread) }.class("menu-direct") }
            }
        }
        return ListItem {
            Element(name: "details") {
                Element(name: "summary") {
                    Text(group.group.label)
                    if group.group == .space && unread > 0 {
                        Span(" \(unread)").class("count")
                            .attribute(named: "aria-label", value: French.count(unread, "notification non lue", plural: "notifications non lues"))
                    }
                }
                List {
                    for link in group.links { ListItem { self.menuLink(link, unread: unread) } }
                }
            }.class("menu-group").attribute(named: "data-group", value: group.group.key)
        }
    }

    private func menuLink(_ link: Menu.Link, unread: Int) -> Component {
        if link.isPost { return PostButton(action: link.path, label: link.label, csrf: self.context.csrf, style: "link") }
        let current = self.context.path == link.path || self.context.path.hasPrefix(link.path + "/")
        let anchor = Link(url: link.path) {
            Text(link.label)
            if link.path == PlatformURL.notifications.path && unread > 0 {
                Span(" \(unread)").class("count").attribute(named: "aria-label", value: French.count(unread, "non lue", plural: "non lues"))
            }
        }
        return current ? anchor.attribute(named: "aria-current", value: "page") : anchor
    }
}

/// A page drawn from a view model: the pages' common shape.
class ModelPage<Model>: PublicPage {
    let model: Model

    init(context: PageContext, model: Model) {
        self.model = model
        super.init(context: context)
    }
}

extension Calendar {
    /// Gregorian, in Paris time: months, weeks and repeated dates as people in France count them.
    static let paris: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "Europe/Paris") ?? .current
        c.firstWeekday = 2
        return c
    }()
}

enum Format {
    static func kg(_ value: Double) -> String {
        (Formatters.number(fractionDigits: 0).use { $0.string(from: NSNumber(value: value)) } ?? String(Int(value))) + " kg"
    }

    static func dateTime(_ date: Date?) -> String {
        guard let date else { return "—" }
        return Formatters.date("dd/MM/yyyy HH:mm", french: true).use { $0.string(from: date) }
    }

    static func date(_ date: Date?) -> String {
        guard let date else { return "—" }
        return Formatters.date("dd/MM/yyyy", french: true).use { $0.string(from: date) }
    }

    /// "10 000": thousands apart, as French writes them.
    static func integer(_ value: Int) -> String {
        Formatters.number(fractionDigits: 0).use { $0.string(from: NSNumber(value: value)) } ?? String(value)
    }

    /// "1 000", "2,5": French digits for messages.
    static func number(_ value: Double) -> String {
        Formatters.number(fractionDigits: 2).use { $0.string(from: NSNumber(value: value)) } ?? String(value)
    }

    /// "45 secondes", "3 minutes", "1 heure".
    static func duration(_ seconds: Int) -> String {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n > 1 ? "s" : "")" }
        if seconds < 90 { return plural(max(1, seconds), "seconde") }
        if seconds < 5400 { return plural(Int((Double(seconds) / 60).rounded()), "minute") }
        return plural(Int((Double(seconds) / 3600).rounded()), "heure")
    }

    static func km(_ value: Double) -> String {
        value < 10 ? String(format: "%.1f km", value).replacingOccurrences(of: ".", with: ",") : "\(Int(value.rounded())) km"
    }
}
