import Foundation
import Plot

enum ImportsPage {
    struct Model {
        var territories: [Territory]
        var jobs: [Job]
        var error: String?
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Importer des structures" }

        override func content() -> Component {
            Div {
                H1("Importer des structures (data·inclusion)")
                Paragraph("""
                    Ajoutez d'un coup les structures d'un territoire déjà recensées ailleurs (DORA, Soliguide, France Travail…) \
                    au format national data·inclusion. Chaque enregistrement est vérifié : ceux qui ont un problème sont listés \
                    avec la raison, les autres sont importés. Réimporter le même fichier ne change rien ; un enregistrement modifié \
                    met à jour la structure existante, sans doublon.
                    """).class("muted")
                if let error = self.model.error { Paragraph(error).class("error").attribute(named: "role", value: "alert") }
                if self.model.territories.isEmpty {
                    Paragraph("Vous n'animez aucun territoire : demandez à un·e administrateur·rice de vous en confier un.").class("empty")
                } else {
                    self.form()
                }
                H2("Derniers imports")
                if self.model.jobs.isEmpty { Paragraph("Aucun import pour l'instant.").class("empty") }
                else {
                    Table(
                        header: TableRow { TableHeaderCell("Envoyé le"); TableHeaderCell("Fichier"); TableHeaderCell("Territoire"); TableHeaderCell("État") },
                        rows: { for job in self.model.jobs {
                            let args = ImportJob.arguments(of: job)
                            TableRow {
                                TableCell(Format.dateTime(job.createdAt))
                                TableCell { Link(args?.structuresFilename ?? "import", url: job.id.map { DirectoryURL.importJob($0) } ?? DirectoryURL.imports.path) }
                                TableCell(args?.run.territory ?? "")
                                TableCell(ImportJobPage.statusText(job))
                            }
                        } })
                }
            }
        }

        private func form() -> Component {
            // The token rides in the address: it is checked before the upload is read.
            Form(url: DirectoryURL.imports.path + "?\(CSRFMiddleware.field)=" + self.context.csrf, method: .post, contentType: .multipartData) {
                SelectField(label: "Territoire", name: "territory",
                            options: self.model.territories.map { ($0.code, $0.code + " — " + $0.name) },
                            selected: self.model.territories.first?.code ?? "")
                Div {
                    Label("Fichier des structures (obligatoire, JSON)") {
                        Input(type: .file, name: "structures").attribute(named: "accept", value: ".json,application/json").attribute(named: "required", value: "required")
                    }
                }.class("field")
                Div {
                    Label("Fichier des services (facultatif, JSON)") {
                        Input(type: .file, name: "services").attribute(named: "accept", value: ".json,application/json")
                    }
                }.class("field")
                Paragraph("Jusqu'à 100 Mo par envoi. Pour des fichiers plus gros, la commande « maillage import data-inclusion » fait la même chose sur le serveur.").class("muted")
                Element(name: "progress") { EmptyComponent() }.attribute(named: "id", value: "envoi").attribute(named: "max", value: "100")
                    .attribute(named: "value", value: "0").attribute(named: "hidden", value: "hidden").class("upload-progress")
                Button("Envoyer et importer").attribute(named: "type", value: "submit").class("button")
            }.id("import-form")
        }
    }
}

enum ImportJobPage {
    struct Model { var job: Job }

    static func statusText(_ job: Job) -> String {
        switch job.statusValue {
        case .done:
            guard let r = ImportJob.report(of: job) else { return "Terminé" }
            return "Terminé : \(r.imported) importé(s), \(r.updated) mis à jour, \(r.unchanged) inchangé(s), \(r.rejected) refusé(s)"
        case .failed: return "Échec : \(job.result ?? "")"
        case .running: return "En cours (\(job.progressLabel.lowercased()))"
        case .queued: return "En attente"
        }
    }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Import" }
        override var refreshSeconds: Int? { [.queued, .running].contains(self.model.job.statusValue) ? 2 : nil }

        override func content() -> Component {
            let job = self.model.job
            let args = ImportJob.arguments(of: job)
            return Div {
                H1("Import de « \(args?.structuresFilename ?? "fichier") »")
                Paragraph("Territoire \(args?.run.territory ?? "") · envoyé le \(Format.dateTime(job.createdAt))\(args?.servicesFilename.map { " · services : « \($0) »" } ?? "")").class("muted")
                switch job.statusValue {
                case .queued, .running:
                    Paragraph("\(job.statusValue.label) : \(job.progressLabel)…").attribute(named: "role", value: "status")
                    Element(name: "progress") { EmptyComponent() }.attribute(named: "max", value: String(max(job.progressTotal, 1)))
                        .attribute(named: "value", value: String(job.progressDone)).class("upload-progress")
                    Paragraph("Cette page se met à jour toute seule. Vous pouvez la quitter : l'import continue.").class("muted")
                case .failed:
                    Paragraph("L'import n'a pas été fait : \(job.result ?? "erreur inconnue"). Rien n'a été enregistré ; corrigez le fichier et renvoyez-le.")
                        .class("error").attribute(named: "role", value: "alert")
                case .done:
                    self.report(ImportJob.report(of: job), territory: args?.run.territory ?? "")
                }
                Paragraph { Link("← Tous les imports", url: DirectoryURL.imports.path) }
            }
        }

        private func report(_ report: ImportReport?, territory: String) -> Component {
            guard let report else { return Paragraph("Terminé.") }
            return Div {
                Paragraph("Import terminé.").class("notice").attribute(named: "role", value: "status")
                Table(
                    header: TableRow { TableHeaderCell(""); TableHeaderCell("Structures"); TableHeaderCell("Services") },
                    rows: {
                        TableRow { TableCell("Créés"); TableCell(String(report.structuresImported)); TableCell(String(report.servicesImported)) }
                        TableRow { TableCell("Mis à jour"); TableCell(String(report.structuresUpdated)); TableCell(String(report.servicesUpdated)) }
                        TableRow { TableCell("Inchangés"); TableCell(String(report.structuresUnchanged)); TableCell(String(report.servicesUnchanged)) }
                    }).class("report").id("bilan")
                Paragraph {
                    Link("Voir l'annuaire", url: DirectoryURL.directory.path)
                    Text(" · ")
                    Link("Qui manque autour de la table ?", url: DirectoryURL.coverage(territory))
                    Text(" · ")
                    Link("Doublons possibles", url: DirectoryURL.duplicates.path)
                }
                if report.rejections.isEmpty {
                    Paragraph("Aucun enregistrement refusé.")
                } else {
                    H2("\(report.rejected) enregistrement(s) refusé(s)")
                    Paragraph("Ils n'ont pas été importés. Corrigez-les à la source puis renvoyez le fichier : ce qui est déjà importé ne sera pas dupliqué.").class("muted")
                    Table(
                        header: TableRow { TableHeaderCell("Identifiant"); TableHeaderCell("Champ"); TableHeaderCell("Raison") },
                        rows: { for r in report.rejections.prefix(1000) {
                            TableRow { TableCell(r.id); TableCell(r.field); TableCell(r.reason) }
                        } }).class("rejections").id("refus")
                    if report.rejections.count > 1000 {
                        Paragraph("… et \(report.rejections.count - 1000) autres (la commande en ligne les liste tous).").class("muted")
                    }
                }
            }
        }
    }
}

enum DuplicatesPage {
    struct Model { var pairs: [Duplicates.Pair] }

    final class View: ModelPage<Model> {
        override func pageTitle() -> String { "Doublons possibles" }

        override func content() -> Component {
            Div {
                H1("Doublons possibles")
                Paragraph("""
                    Structures de vos territoires qui ont le même SIRET, ou le même nom à moins de 200 m — souvent une fiche \
                    importée et une fiche inscrite à la main. Fusionner garde la fiche choisie, la complète avec ce qui lui manque \
                    et y rattache membres, interlocuteurs, stockage, services, partenaires et provenance ; l'autre fiche disparaît.
                    """).class("muted")
                if self.model.pairs.isEmpty { Paragraph("Aucun doublon repéré. Tout est en ordre.").class("empty") }
                List(self.model.pairs) { pair in
                    ListItem {
                        Paragraph(pair.reason).class("muted")
                        Div {
                            self.side(pair.a)
                            self.side(pair.b)
                        }.class("two-columns")
                        Div {
                            PostButton(action: DirectoryURL.merge.path, label: "Garder « \(pair.a.name) » (\(pair.a.source ?? "Maillage"))", csrf: self.context.csrf,
                                       hidden: [("keep", pair.a.id.uuidString), ("remove", pair.b.id.uuidString)],
                                       confirm: "Fusionner les deux fiches en gardant la première ? Ce n'est pas réversible.")
                            PostButton(action: DirectoryURL.merge.path, label: "Garder « \(pair.b.name) » (\(pair.b.source ?? "Maillage"))", csrf: self.context.csrf,
                                       style: "button secondary", hidden: [("keep", pair.b.id.uuidString), ("remove", pair.a.id.uuidString)],
                                       confirm: "Fusionner les deux fiches en gardant la seconde ? Ce n'est pas réversible.")
                        }.class("actions")
                    }.class("card")
                }.class("results")
            }
        }

        private func side(_ c: Duplicates.Candidate) -> Component {
            Div {
                H3 { Link(c.name, url: DirectoryURL.organization(c.id)) }
                Paragraph("\(c.commune) · \(c.siret.map { "SIRET \($0)" } ?? "sans SIRET") · \(c.source.map { "importée de \($0)" } ?? "inscrite dans Maillage")")
            }.class("panel")
        }
    }
}
