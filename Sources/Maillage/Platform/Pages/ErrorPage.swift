import Foundation
import Plot
import Vapor

/// The French page of an error: what happened, and the way back.
enum ErrorPage {
    final class View: PublicPage {
        let status: HTTPResponseStatus
        let detail: String

        init(context: PageContext, status: HTTPResponseStatus, detail: String) {
            self.status = status
            self.detail = detail
            super.init(context: context)
        }

        override func pageTitle() -> String { "Erreur \(status.code)" }

        override func content() -> Component {
            Div {
                H1(self.status == .notFound ? "Page introuvable" : "Impossible de continuer")
                Paragraph(self.detail)
                Paragraph { Link("Revenir à l'accueil", url: DirectoryURL.home.path) }
            }.class("panel")
        }
    }
}
