import Foundation
import Plot

/// The animators' import page: send a data·inclusion file, follow the latest imports.
enum ImportsPage {
    struct Model {
        var territories: [TerritorySummary]
        var jobs: [ImportSummary]
        var error: String?
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Importer des structures" }

        override func content() -> Component {
            Div {
                H1("Importer des structures (data·inclusion)")
                Paragraph(
                    """
                    Ajoutez d'un coup les structures d'un territoire déjà recensées ailleurs (DORA, Soliguide, France Travail…) \
                    au format national data·inclusion. Chaque enregistrement est vérifié : ceux qui ont un problème sont listés \
                    avec la raison, les autres sont importés. Réimporter le même fichier ne change rien ; un enregistrement modifié \
                    met à jour la structure existante, sans doublon.
                    """
                ).class("muted")
                if let error = self.model.error { Paragraph(error).class("error").attribute(named: "role", value: "alert") }
                if self.model.territories.isEmpty {
                    Paragraph("Vous n'animez aucun territoire : demandez à un·e administrateur·rice de vous en confier un.").class("empty")
                } else {
                    self.form()
                }
                H2("Derniers imports")
                if self.model.jobs.isEmpty {
                    Paragraph("Aucun import pour l'instant : envoyez un premier fichier data·inclusion avec le formulaire ci-dessus.").class("empty")
                } else {
                    Table(
                        header: TableRow {
                            TableHeaderCell("Envoyé le"); TableHeaderCell("Fichier"); TableHeaderCell("Territoire"); TableHeaderCell("État")
                        },
                        rows: {
                            for job in self.model.jobs {
                                TableRow {
                                    TableCell(Format.dateTime(job.createdAt))
                                    TableCell { Link(job.filename, url: DirectoryURL.importJob(job.id)) }
                                    TableCell(French.departement(job.territory))
                                    TableCell(job.statusText)
                                }
                            }
                        })
                }
            }
        }

        private func form() -> Component {
            // The token rides in the address: it is checked before the upload is read.
            Form(url: DirectoryURL.imports.path + "?\(CSRFMiddleware.field)=" + self.context.csrf, method: .post, contentType: .multipartData) {
                SelectField(
                    label: "Territoire", name: "territory",
                    options: self.model.territories.map { ($0.code, $0.code + " — " + $0.name) },
                    selected: self.model.territories.first?.code ?? "")
                Div {
                    Label("Fichier des structures (obligatoire, JSON)") {
                        Input(type: .file, name: "structures").attribute(named: "accept", value: ".json,application/json").attribute(
                            named: "required", value: "required")
                    }
                }.class("field")
                Div {
                    Label("Fichier des services (facultatif, JSON)") {
                        Input(type: .file, name: "services").attribute(named: "accept", value: ".json,application/json")
                    }
                }.class("field")
                Paragraph(
                    "Jusqu'à 100 Mo par envoi. Pour des fichiers plus gros, la commande « maillage import data-inclusion » fait la même chose sur le serveur."
                ).class("muted")
                Element(name: "progress") { EmptyComponent() }.attribute(named: "id", value: "envoi").attribute(named: "max", value: "100")
                    .attribute(named: "value", value: "0").attribute(named: "hidden", value: "hidden").class("upload-progress")
                Button("Envoyer et importer").attribute(named: "type", value: "submit").class("button")
            }.id("import-form")
        }
    }
}
