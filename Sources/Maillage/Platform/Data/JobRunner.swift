import Fluent
import Foundation
import SQLKit
import Vapor

/// Runs queued jobs in the background of `serve`: one at a time per instance, claimed in a transaction
/// (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so two instances never take the same one).
struct JobRunner: LifecycleHandler {
    static let host = ProcessInfo.processInfo.hostName

    func didBootAsync(_ app: Application) async throws {
        guard app.maillageConfig.backgroundJobs else { return }
        // Jobs left running by a previous process of this host start again: imports are idempotent.
        try await Job.query(on: app.db).filter(\.$status == Job.Status.running.rawValue).filter(\.$host == Self.host)
            .set(\.$status, to: Job.Status.queued.rawValue).update()
        let task = Task.detached {
            while !Task.isCancelled {
                do {
                    if try await Self.runNext(app) == false { try await Task.sleep(for: .milliseconds(500)) }
                } catch is CancellationError {
                    return
                } catch {
                    app.logger.error("Tâche de fond : \(error)")
                    try? await Task.sleep(for: .seconds(2))
                }
            }
        }
        app.storage[TaskKey.self] = task
    }

    func shutdownAsync(_ app: Application) async {
        app.storage[TaskKey.self]?.cancel()
    }

    private struct TaskKey: StorageKey { typealias Value = Task<Void, Never> }

    /// Claims and runs the oldest queued job of this host; false when there was none.
    @discardableResult
    static func runNext(_ app: Application) async throws -> Bool {
        let db = app.db
        let claimed: Job? = try await db.writeTransaction { tx in
            guard let sql = tx as? any SQLDatabase else { return nil }
            var select = sql.select().column("id").from(Job.schema)
                .where("status", .equal, Job.Status.queued.rawValue).where("host", .equal, host)
                .orderBy("created_at").limit(1)
            if sql.dialect.name == "postgresql" { select = select.lockingClause(SQLRaw("FOR UPDATE SKIP LOCKED")) }
            guard let row = try await select.first(), let id = try? row.decode(column: "id", as: UUID.self),
                let job = try await Job.find(id, on: tx)
            else { return nil }
            job.status = Job.Status.running.rawValue
            job.startedAt = Date()
            try await job.save(on: tx)
            return job
        }
        guard let job = claimed else { return false }
        do {
            let result = try await perform(job, app: app)
            job.status = Job.Status.done.rawValue
            job.result = result
        } catch {
            job.status = Job.Status.failed.rawValue
            job.result = (error as? ImportFileError)?.description ?? (error as? AbortError)?.reason ?? "\(error)"
        }
        job.finishedAt = Date()
        try await db.writeTransaction { tx in try await job.save(on: tx) }
        return true
    }

    /// The module that declared the job's kind runs it.
    private static func perform(_ job: Job, app: Application) async throws -> String {
        guard let kind = Modules.jobs.first(where: { $0.kind == job.kind }) else {
            throw Abort(.internalServerError, reason: "Type de tâche inconnu : \(job.kind)")
        }
        return try await kind.perform(job, app: app)
    }
}
