import Foundation
import Plot

/// After sign-up: the activation link is on its way.
enum CheckMailPage {
    struct Model {}

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Vérifiez votre boîte mail" }

        override func content() -> Component {
            Div {
                H1("Vérifiez votre boîte mail")
                Paragraph("Nous venons d'envoyer un message à l'adresse indiquée. Ouvrez le lien qu'il contient pour activer votre compte.")
                Paragraph("Rien reçu après quelques minutes ? Regardez dans les indésirables, ou vérifiez l'adresse et recommencez.").class("muted")
                if self.context.demo {
                    Paragraph {
                        Text("Site de démonstration : les messages n'y partent pas, ils sont lisibles dans la ");
                        Link("boîte d'envoi", url: PlatformURL.demoOutbox.path); Text(".")
                    }
                    .class("notice")
                }
                Paragraph { Link("Se connecter", url: AccountsURL.signIn.path) }
            }.class("narrow")
        }
    }
}
