import Fluent
import Foundation
import Vapor

/// Imports (animators) and exports (everyone) of a territory's directory.
enum InteropController {
    /// The territories an animator may import into (all of them for an administrator).
    static func importableTerritories(_ viewer: Viewer, on db: any Database) async throws -> [Territory] {
        let all = try await Territory.query(on: db).sort(\.$code).all()
        return viewer.isAdmin ? all : all.filter { $0.id.map(viewer.animatedTerritoryIDs.contains) ?? false }
    }

    /// The latest imports of the territories the viewer animates (all of them for an administrator: issue 11, finding 12).
    static func recentImports(for territories: [Territory], on db: any Database) async throws -> [ImportSummary] {
        let codes = Set(territories.map(\.code))
        let jobs = try await Job.query(on: db).filter(\.$kind == ImportJob.kind).sort(\.$createdAt, .descending).limit(500).all()
        return Array(jobs.compactMap(ImportSummary.init).filter { codes.contains($0.territory) }.prefix(20))
    }

    @Sendable static func imports(req: Request) async throws -> Response {
        let viewer = try req.requireAnimator()
        let territories = try await importableTerritories(viewer, on: req.db)
        let model = ImportsPage.Model(territories: territories.map(\.summary), jobs: try await recentImports(for: territories, on: req.db), error: nil)
        return ImportsPage.View(context: PageContext(req), model: model).response(on: req)
    }

    /// The upload is read as it arrives, files straight to disk; only an animator gets this far (the route's guard).
    @Sendable static func upload(req: Request) async throws -> Response {
        let viewer = try req.requireAnimator()
        let territories = try await importableTerritories(viewer, on: req.db)
        let form = try await MultipartUpload.receive(
            req, maxBytes: ImportJob.maxUploadBytes, fileFields: ["structures", "services"],
            tooLarge: """
                Fichier trop volumineux : 100 Mo au plus par envoi. Découpez-le, ou utilisez la commande « maillage import data-inclusion » sur le serveur.
                """)
        defer { form.discard() }
        func fail(_ message: String) async throws -> Response {
            let jobs = try await recentImports(for: territories, on: req.db)
            return ImportsPage.View(context: PageContext(req), model: .init(territories: territories.map(\.summary), jobs: jobs, error: message))
                .response(status: .unprocessableEntity, on: req)
        }
        guard let code = form.fields["territory"], let territory = territories.first(where: { $0.code == code }) else {
            return try await fail("Choisissez un territoire que vous animez.")
        }
        guard let structures = form.files["structures"] else {
            return try await fail("Choisissez le fichier des structures (JSON au format data·inclusion).")
        }
        let job = try await ImportJob.enqueue(structures: structures, services: form.files["services"], territory: territory, viewer: viewer, on: req.db)
        return Redirect.to(DirectoryURL.importJob(try job.requireID()), on: req)
    }

    @Sendable static func job(req: Request) async throws -> Response {
        let viewer = try req.requireAnimator()
        guard let job = try await Job.find(try DirectoryAPIController.requireID(req), on: req.db), job.kind == ImportJob.kind else {
            throw Abort(.notFound, reason: "Cet import n'existe pas (ou plus).")
        }
        let territory = ImportJob.arguments(of: job).map(\.run.territory)
        if !viewer.isAdmin, let territory, let t = try await Territory.find(code: territory, on: req.db),
            let id = t.id, !viewer.animatedTerritoryIDs.contains(id)
        {
            throw Abort(.forbidden, reason: "Cet import concerne un territoire que vous n'animez pas.")
        }
        guard let summary = ImportSummary(job) else { throw Abort(.notFound, reason: "Cet import n'existe pas (ou plus).") }
        return ImportJobPage.View(context: PageContext(req), model: .init(summary: summary)).response(on: req)
    }

    // MARK: - Exports

    private static func attachment(_ body: String, type: HTTPMediaType, filename: String) -> Response {
        let response = Response(status: .ok, body: .init(string: body))
        response.headers.contentType = type
        response.headers.contentDisposition = .init(.attachment, filename: filename)
        return response
    }

    @Sendable static func exportStructures(req: Request) async throws -> Response {
        let code = try Territory.code(of: req)
        let loaded = try await Export.load(territoryCode: code, on: req.db)
        return attachment(Export.dataInclusionStructures(loaded), type: .json, filename: "maillage-\(code)-structures.json")
    }

    @Sendable static func exportServices(req: Request) async throws -> Response {
        let code = try Territory.code(of: req)
        let loaded = try await Export.load(territoryCode: code, on: req.db)
        return attachment(Export.dataInclusionServices(loaded), type: .json, filename: "maillage-\(code)-services.json")
    }

    @Sendable static func exportHSDS(req: Request) async throws -> Response {
        let code = try Territory.code(of: req)
        let loaded = try await Export.load(territoryCode: code, on: req.db)
        return attachment(Export.hsds(loaded), type: .json, filename: "maillage-\(code)-hsds.json")
    }
}
