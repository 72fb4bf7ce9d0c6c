import Foundation
import Plot

/// The page of the yearly mail: the fiche in short, and "Oui, toujours exacte" in one click.
enum StillAccuratePage {
    struct Model {
        var organizationID: UUID
        var name: String
        var address: String
        var hours: String
        var contacts: [String]
        /// Nil when the link has expired or already served.
        var token: String?
    }

    final class View: ModelPage<Model> {

        override func pageTitle() -> String { "La fiche est-elle toujours exacte ?" }

        override func content() -> Component {
            let m = self.model
            return Div {
                H1("« \(m.name) » : toujours exacte ?")
                Element(name: "dl") {
                    Element(name: "dt") { Text("Adresse") }
                    Element(name: "dd") { Text(m.address.isEmpty ? "non renseignée" : m.address) }
                    Element(name: "dt") { Text("Horaires") }
                    Element(name: "dd") { Text(m.hours.isEmpty ? "non renseignés" : m.hours) }
                    Element(name: "dt") { Text("Interlocuteurs") }
                    Element(name: "dd") { Text(m.contacts.isEmpty ? "aucun" : m.contacts.joined(separator: ", ")) }
                }.class("week")
                if let token = m.token {
                    Form(url: DirectoryURL.stillAccurate(m.organizationID), method: .post) {
                        CSRFField(token: self.context.csrf)
                        Input(type: .hidden, name: "jeton", value: token)
                        Button("Oui, la fiche est toujours exacte").attribute(named: "type", value: "submit").class("button")
                    }
                    Paragraph {
                        Text("Quelque chose a changé ? ")
                        Link("Modifiez la fiche", url: DirectoryURL.organizationEdit(m.organizationID))
                        Text(" (connexion demandée).")
                    }
                } else {
                    Paragraph("Ce lien a déjà servi ou a expiré. Connectez-vous pour confirmer ou modifier la fiche depuis sa page.").class("notice warning")
                    Paragraph { Link("Voir la fiche", url: DirectoryURL.organization(m.organizationID)).class("button secondary") }
                }
            }
        }
    }
}
