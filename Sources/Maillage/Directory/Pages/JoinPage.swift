import Foundation
import Plot

/// Asking to join a structure, or to hold an imported fiche nobody holds yet.
enum JoinPage {
    struct Model {
        var organizationID: UUID
        var name: String
        var kind: JoinRequest.Kind
        var alreadyMember: Bool
        var pending: Bool
        var verified: Bool
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { self.model.kind == .claim ? "Revendiquer cette fiche" : "Demander à rejoindre" }

        override func content() -> Component {
            let m = self.model
            return Div {
                Paragraph { Link("← Retour à la fiche", url: DirectoryURL.organization(m.organizationID)) }
                H1(m.kind == .claim ? "Tenir la fiche « \(m.name) »" : "Rejoindre « \(m.name) »")
                if m.alreadyMember {
                    Paragraph("Vous êtes déjà membre de cette structure.").class("notice")
                } else if m.pending {
                    Paragraph("Votre demande est déjà en attente de réponse : vous serez prévenu·e.").class("notice")
                } else if !m.verified {
                    Paragraph("Activez d'abord votre compte avec le lien reçu par e-mail : une structure doit savoir qui la rejoint.").class("notice warning")
                } else {
                    Paragraph(
                        m.kind == .claim
                            ? "Cette fiche a été importée et personne ne la tient encore. L'animateur·rice du territoire vérifiera que vous faites partie de la structure, puis vous en deviendrez référent·e."
                            : "Les référent·es de la structure recevront votre demande et l'accepteront ou non. Une fois membre, vous pourrez tenir la fiche à jour."
                    ).class("muted")
                    Form(url: DirectoryURL.join(m.organizationID), method: .post) {
                        CSRFField(token: self.context.csrf)
                        InputField(
                            label: "Un mot pour vous présenter", name: "message", value: "", error: nil,
                            hint: "Par exemple : je suis la nouvelle coordinatrice des distributions.", multiline: true)
                        Button(m.kind == .claim ? "Revendiquer cette fiche" : "Envoyer la demande").attribute(named: "type", value: "submit").class("button")
                    }.class("stacked narrow")
                }
            }
        }
    }
}
