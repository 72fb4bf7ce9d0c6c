import Foundation
import Plot

/// "Signaler une erreur" on a fiche: what is wrong, details, and how to answer (optional).
enum ReportErrorPage {
    struct Model {
        var organizationID: UUID
        var name: String
        var problems: [(key: String, label: String)]
        var form: FormState<FreshnessController.ReportField>
        var signedIn: Bool
    }

    final class View: ModelPage<Model> {

        override func pageTitle() -> String { "Signaler une erreur" }

        override func content() -> Component {
            let m = self.model
            return Div {
                Paragraph { Link("← Retour à la fiche", url: DirectoryURL.organization(m.organizationID)) }
                H1("Signaler une erreur sur « \(m.name) »")
                Paragraph("Votre signalement va aux référent·es de la fiche et à l'animateur·rice du territoire, qui la corrigeront.").class("muted")
                Form(url: DirectoryURL.reportError(m.organizationID), method: .post) {
                    CSRFField(token: self.context.csrf)
                    SelectField(
                        label: "Qu'est-ce qui ne va pas ? *", name: FreshnessController.ReportField.problem.rawValue,
                        options: m.problems.map { ($0.key, $0.label.prefix(1).uppercased() + $0.label.dropFirst()) }, selected: m.form[.problem],
                        error: m.form.error(.problem), includeEmpty: "— Choisir —")
                    InputField(
                        label: "Précisions", name: FreshnessController.ReportField.details.rawValue, value: m.form[.details], error: m.form.error(.details),
                        hint: "Par exemple : les distributions ont lieu le mardi après-midi depuis septembre.", multiline: true)
                    if !m.signedIn {
                        InputField(
                            label: "Votre e-mail (facultatif)", name: FreshnessController.ReportField.email.rawValue, value: m.form[.email],
                            error: m.form.error(.email), type: .email, hint: "Pour qu'on puisse vous répondre.", autocomplete: "email")
                    }
                    Button("Envoyer le signalement").attribute(named: "type", value: "submit").class("button")
                }.class("stacked narrow")
            }
        }
    }
}
