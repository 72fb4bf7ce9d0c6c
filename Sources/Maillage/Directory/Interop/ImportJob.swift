import Fluent
import Foundation
import SQLKit
import Vapor

/// An import sent from the animators' page: the files wait on this instance's disk, the job row
/// carries progress and, at the end, the report.
enum ImportJob: BackgroundJob {
    static let kind = "import.data-inclusion"
    /// Larger files go through `maillage import data-inclusion` on the server.
    static let maxUploadBytes = 100 * 1024 * 1024

    struct Arguments: Codable, Sendable {
        var run: ImportRun.Arguments
        var structuresFilename: String
        var servicesFilename: String?
        var directory: String
    }

    /// Takes the uploaded files (moved into the job's folder) and queues their import.
    static func enqueue(structures: UploadedFile, services: UploadedFile?, territory: Territory, viewer: Viewer, on db: any Database) async throws -> Job {
        let code = territory.code
        let jobID = UUID()
        let structuresFilename = structures.filename, servicesFilename = services?.filename
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-imports/\(jobID.uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let structuresPath = directory.appendingPathComponent("structures.json").path
        try FileManager.default.moveItem(atPath: structures.path, toPath: structuresPath)
        var servicesPath: String?
        if let services {
            let path = directory.appendingPathComponent("services.json").path
            try FileManager.default.moveItem(atPath: services.path, toPath: path)
            servicesPath = path
        }
        let args = Arguments(
            run: .init(structures: structuresPath, services: servicesPath, territory: code),
            structuresFilename: structuresFilename, servicesFilename: servicesFilename, directory: directory.path)
        let job = Job()
        job.id = jobID
        job.kind = kind
        job.arguments = String(decoding: try JSONEncoder().encode(args), as: UTF8.self)
        job.status = Job.Status.queued.rawValue
        job.host = JobRunner.host
        job.progressDone = 0
        job.progressTotal = 0
        job.progressLabel = "En attente de traitement"
        job.$user.id = viewer.userID
        try await db.writeTransaction { tx in
            try await job.create(on: tx)
            try await Audit.record(
                on: tx, viewer: viewer, action: .importSent, about: .job(jobID), territory: territory.id,
                summary: "Envoi de « \(structuresFilename) »\(servicesFilename.map { " et « \($0) »" } ?? "") pour le territoire \(French.departement(code))")
        }
        return job
    }

    static func arguments(of job: Job) -> Arguments? {
        try? JSONDecoder().decode(Arguments.self, from: Data(job.arguments.utf8))
    }

    static func report(of job: Job) -> ImportReport? {
        guard job.statusValue == .done, let result = job.result else { return nil }
        return try? JSONDecoder().decode(ImportReport.self, from: Data(result.utf8))
    }

    static func perform(_ job: Job, app: Application) async throws -> String {
        guard let args = arguments(of: job), let jobID = job.id else { throw ImportFileError(file: "tâche", message: "arguments illisibles") }
        defer { try? FileManager.default.removeItem(atPath: args.directory) }
        let viewer: Viewer? = if let userID = job.$user.id { try await Viewer.load(userID: userID, on: app.db) } else { nil }
        let db = app.db
        let report = try await ImportRun.execute(args.run, viewer: viewer, on: db, index: app.directoryIndex) { label, done, total in
            try? await db.writeTransaction { tx in
                guard let sql = tx as? any SQLDatabase else { return }
                try await sql.update(Job.schema).set("progress_label", to: label).set("progress_done", to: done)
                    .set("progress_total", to: total).where("id", .equal, jobID).run()
            }
        }
        job.progressDone = report.imported + report.updated + report.unchanged
        job.progressTotal = job.progressDone
        job.progressLabel = "Terminé"
        return String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
    }
}
