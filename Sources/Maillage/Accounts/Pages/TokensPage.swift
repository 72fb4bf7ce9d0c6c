import Foundation
import Plot

/// Personal API tokens.
enum TokensPage {
    struct Token: Equatable {
        var id: UUID
        var name: String
        var createdAt: Date?
        var lastUsedAt: Date?
    }

    struct Model {
        var tokens: [Token]
        var newToken: String?
        var error: String?
    }

    final class View: ModelPage<Model> {

        override func pageTitle() -> String { "Jetons d'API" }

        override func content() -> Component {
            Div {
                H1("Jetons d'API")
                Paragraph(
                    "Un jeton permet à un script ou à un autre logiciel d'utiliser l'API en votre nom : envoyez-le dans l'en-tête « Authorization: Bearer … ». Documentation : "
                ).class("muted")
                Paragraph { Link(PlatformURL.apiOpenAPI.path, url: PlatformURL.apiOpenAPI.path) }
                if let token = self.model.newToken {
                    Div {
                        Paragraph("Voici votre nouveau jeton. Copiez-le maintenant : il ne sera plus affiché.")
                        Element(name: "code") { Text(token) }
                    }.class("notice").id("nouveau-jeton")
                }
                Form(url: AccountsURL.tokens.path, method: .post) {
                    CSRFField(token: self.context.csrf)
                    InputField(label: "Nom du jeton", name: "name", value: "", error: self.model.error, hint: "Par exemple : export hebdomadaire")
                    Button("Créer un jeton").attribute(named: "type", value: "submit").class("button")
                }.class("stacked narrow")
                if self.model.tokens.isEmpty {
                    Paragraph(
                        "Aucun jeton pour l'instant : créez-en un avec le formulaire ci-dessus pour qu'un script ou un autre outil écrive dans l'annuaire en votre nom."
                    ).class("muted")
                } else {
                    Table(
                        header: TableRow {
                            TableHeaderCell("Nom"); TableHeaderCell("Créé le"); TableHeaderCell("Dernier usage"); TableHeaderCell("Action")
                        },
                        rows: {
                            for t in self.model.tokens {
                                TableRow {
                                    TableCell(t.name); TableCell(Format.dateTime(t.createdAt)); TableCell(Format.dateTime(t.lastUsedAt))
                                    TableCell {
                                        PostButton(
                                            action: AccountsURL.tokenRevoke(t.id), label: "Révoquer", csrf: self.context.csrf,
                                            style: "link danger", confirm: "Révoquer ce jeton ? Les scripts qui l'utilisent s'arrêteront.")
                                    }
                                }
                            }
                        })
                }
            }
        }
    }
}
