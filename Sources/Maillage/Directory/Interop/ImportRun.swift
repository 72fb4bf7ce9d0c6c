import Fluent
import Foundation
import Vapor

/// One data·inclusion import from files on disk: shared by `maillage import data-inclusion` and the
/// animators' upload (run as a background job).
enum ImportRun {
    struct Arguments: Codable, Sendable {
        var structures: String
        var services: String?
        var territory: String
    }

    static func execute(
        _ args: Arguments, viewer: Viewer?, on db: any Database, index: DirectoryIndexStore?,
        progress: @escaping @Sendable (String, Int, Int) async -> Void = { _, _, _ in }
    ) async throws -> ImportReport {
        guard try await Territory.find(code: args.territory, on: db) != nil else {
            throw ImportFileError(file: "territoire", message: "territoire « \(args.territory) » inconnu (code de département attendu, par exemple 11)")
        }
        let structures = try read(args.structures, label: "structures")
        let services = try args.services.map { try read($0, label: "services") }
        var known = Set(try await SourceKeys.all(on: db).map(\.sourceID))
        if services != nil {
            // Services may also point to structures created in Maillage (as exported: "maillage--<uuid>").
            for id in try await Organization.query(on: db).all(\.$id) { known.insert(Export.structureID(id)) }
        }
        await progress("Lecture et vérification des fichiers", 0, structures.count)
        let knownStructures = known
        // Checking 100,000 records takes seconds of CPU: a thread of its own keeps the server answering.
        let plan = try await onThread {
            try structures.withUnsafeBytes { s in
                try services.map { data in
                    try data.withUnsafeBytes { v in try DataInclusion.plan(structures: s, services: v, knownStructures: knownStructures) }
                } ?? DataInclusion.plan(structures: s, services: nil, knownStructures: knownStructures)
            }
        }
        let report = try await DataInclusionImporter.run(plan: plan, territoryCode: args.territory, viewer: viewer, on: db) { done, total in
            await progress("Enregistrement", done, total)
        }
        index?.invalidate()
        return report
    }

    private static func read(_ path: String, label: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw ImportFileError(file: label, message: "fichier illisible (\(path)) : \(error.localizedDescription)")
        }
    }

    private static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}

/// `maillage import data-inclusion --structures FILE [--services FILE] --territory CODE`
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "format", help: "Format des fichiers : data-inclusion") var format: String
        @Option(name: "structures", help: "Fichier JSON des structures (liste)") var structures: String?
        @Option(name: "services", help: "Fichier JSON des services (liste), facultatif") var services: String?
        @Option(name: "territory", help: "Code du territoire (département), par exemple 11") var territory: String?
    }
    var help: String { "Importe des structures et services au format data·inclusion ; ré-importer le même fichier ne change rien." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.format == "data-inclusion" else {
            throw ImportFileError(file: "format", message: "format « \(signature.format) » inconnu : seul data-inclusion est pris en charge")
        }
        guard let structures = signature.structures, let territory = signature.territory else {
            throw ImportFileError(file: "arguments", message: "--structures FICHIER et --territory CODE sont obligatoires")
        }
        let app = context.application
        try await prepareDatabase(app)
        let report = try await ImportRun.execute(
            .init(structures: structures, services: signature.services, territory: territory),
            viewer: nil, on: app.db, index: nil)
        for r in report.rejections { context.console.print(r.line) }
        context.console.print(report.detailLine)
        context.console.print(report.summaryLine)
    }
}

/// `maillage export data-inclusion|hsds --territory CODE [--structures FILE --services FILE | --output FILE]`
struct ExportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "format", help: "data-inclusion ou hsds") var format: String
        @Option(name: "territory", help: "Code du territoire (département)") var territory: String?
        @Option(name: "structures", help: "data-inclusion : fichier des structures à écrire") var structures: String?
        @Option(name: "services", help: "data-inclusion : fichier des services à écrire") var services: String?
        @Option(name: "output", help: "hsds : fichier à écrire") var output: String?
    }
    var help: String { "Exporte les structures validées d'un territoire (data·inclusion ou Open Referral HSDS 3.0)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let territory = signature.territory else { throw ImportFileError(file: "arguments", message: "--territory CODE est obligatoire") }
        let app = context.application
        try await prepareDatabase(app)
        let loaded = try await Export.load(territoryCode: territory, on: app.db)
        func write(_ text: String, to path: String?) throws {
            if let path { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) } else { context.console.print(text) }
        }
        switch signature.format {
        case "data-inclusion":
            try write(Export.dataInclusionStructures(loaded), to: signature.structures)
            if let services = signature.services { try write(Export.dataInclusionServices(loaded), to: services) }
        case "hsds":
            try write(Export.hsds(loaded), to: signature.output)
        default:
            throw ImportFileError(file: "format", message: "format « \(signature.format) » inconnu : data-inclusion ou hsds")
        }
        context.console.error(French.count(loaded.organizations.count, "structure exportée", plural: "structures exportées") + ".")
    }
}
