import Fluent
import Foundation
import Logistics
import SQLKit
import Vapor

/// `maillage migrate`: brings the database schema up to date (also done by `serve`).
struct MigrateNowCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Met à jour le schéma de la base de données." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await prepareDatabase(context.application)
        context.console.print("Base de données à jour.")
    }
}

/// `maillage generate-structures --count N`: random but plausible structures over all of France, for benchmarks.
struct GenerateStructuresCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "count", help: "Nombre de structures (défaut 100000)") var count: Int?
        @Option(name: "seed", help: "Graine du générateur (défaut 42)") var seed: Int?
        @Option(name: "departement", help: "Seulement dans ce département (par exemple 11) ; défaut : toute la France") var departement: String?
    }
    var help: String { "Génère des structures validées pour les mesures de performance." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareDatabase(app)
        let inserted = try await BenchmarkData.generate(
            count: signature.count ?? 100_000, seed: UInt64(signature.seed ?? 42),
            departement: signature.departement, on: app.db)
        context.console.print("\(inserted) structures générées.")
    }
}

enum BenchmarkData {
    static let kinds = [
        "Épicerie solidaire", "Restos du Cœur", "Secours populaire", "Ferme", "CCAS", "Centre social", "Cuisine centrale",
        "Légumerie", "Collectif d'habitants", "Laboratoire", "Supermarché", "Maison de santé", "AMAP", "Croix-Rouge",
    ]
    /// Hours as structures keep them: office hours, distribution half-days, appointments, a night shelter.
    static let hours = [
        "Mo-Fr 09:00-17:00; PH off", "Tu,Th 09:00-12:00; PH off", "Mo,We,Fr 14:00-17:30; PH off",
        "Mo-Fr 08:30-12:00,13:30-17:00; PH off", #"We 14:00-17:00 "sur rendez-vous"; Sa 09:00-12:00"#, "Mo-Su 19:00-08:00", "",
    ]
    static let words = [
        "fruits", "légumes", "colis", "repas", "stockage", "chambre froide", "glanage", "ateliers cuisine", "épicerie",
        "transport", "insertion", "paniers", "boulangerie", "produits laitiers", "conserverie", "jardin",
    ]

    static func generate(count: Int, seed: UInt64, departement: String? = nil, on db: any Database) async throws -> Int {
        // Seeded so that two runs measure the same data.
        var rng = RandomSource(seed: seed)
        let communes = departement.map { CommuneTable.shared.communes(inDepartements: [$0]) } ?? CommuneTable.shared.communes
        guard !communes.isEmpty else { throw AppConfig.Invalid(variable: "--departement", reason: "département inconnu") }
        var territories: [String: UUID] = [:]
        for t in try await Territory.query(on: db).all() { if let id = t.id { territories[t.code] = id } }
        let categories = Category.allCases
        let now = Date()
        var done = 0
        while done < count {
            let batch = min(500, count - done)
            var rows: [[any SQLExpression]] = []
            var links: [[any SQLExpression]] = []
            for _ in 0..<batch {
                let c = communes[Int.random(in: 0..<communes.count, using: &rng)]
                let cat = categories[Int.random(in: 0..<categories.count, using: &rng)]
                let kind = kinds[Int.random(in: 0..<kinds.count, using: &rng)]
                let services = (0..<3).map { _ in words[Int.random(in: 0..<words.count, using: &rng)] }.joined(separator: ", ")
                let id = UUID()
                if let territory = territories[c.departement] { links.append([SQLBind(UUID()), SQLBind(id), SQLBind(territory)]) }
                let values: [any Encodable & Sendable] = [
                    id, "\(kind) de \(c.name) \(Int.random(in: 1...999, using: &rng))", cat.rawValue,
                    "Structure générée pour les mesures.", services, "1 rue de la Gare", c.postalCodes.first ?? "", c.name, c.insee,
                    c.point.latitude + Double.random(in: -0.02...0.02, using: &rng), c.point.longitude + Double.random(in: -0.02...0.02, using: &rng),
                    hours[Int.random(in: 0..<hours.count, using: &rng)], OrganizationStatus.validated.rawValue, now, now,
                ]
                rows.append(values.map { SQLBind($0) })
            }
            let batchRows = rows, batchLinks = links
            try await db.writeTransaction { tx in
                guard let tsql = tx as? any SQLDatabase else { return }
                var insert = tsql.insert(into: Organization.schema)
                    .columns(
                        "id", "name", "category", "description", "services", "address", "postal_code", "commune", "insee_code",
                        "latitude", "longitude", "opening_hours", "status", "created_at", "updated_at")
                for row in batchRows { insert = insert.values(row) }
                try await insert.run()
                // Each structure belongs to the territory of its département, as a registered one does.
                guard !batchLinks.isEmpty else { return }
                var link = tsql.insert(into: OrganizationTerritory.schema).columns("id", "organization_id", "territory_id")
                for row in batchLinks { link = link.values(row) }
                try await link.run()
            }
            done += batch
        }
        return done
    }
}

public func registerCommands(_ app: Application) {
    app.asyncCommands.use(MigrateNowCommand(), as: "migrate")
    app.asyncCommands.use(GenerateStructuresCommand(), as: "generate-structures")
    app.asyncCommands.use(GenerateResourcesCommand(), as: "generate-resources")
    app.asyncCommands.use(CheckBookingsCommand(), as: "check-bookings")
    app.asyncCommands.use(BenchFairnessCommand(), as: "bench-fairness")
    app.asyncCommands.use(GenerateSurplusDayCommand(), as: "generate-surplus-day")
    app.asyncCommands.use(CreateTokenCommand(), as: "token")
    app.asyncCommands.use(ImportCommand(), as: "import")
    app.asyncCommands.use(ExportCommand(), as: "export")
}

/// `maillage token --email E --name N`: a personal API token for an existing account, printed once
/// (for scripts and server operators; people use the "Jetons d'API" page).
struct CreateTokenCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "E-mail du compte") var email: String?
        @Option(name: "name", help: "Nom du jeton") var name: String?
    }
    var help: String { "Crée un jeton d'API pour un compte existant et l'affiche une seule fois." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareDatabase(app)
        let email = (signature.email ?? "").lowercased()
        guard let user = try await User.query(on: app.db).filter(\.$email == email).first(), let userID = user.id else {
            throw AppConfig.Invalid(variable: "--email", reason: "aucun compte avec l'adresse « \(email) »")
        }
        let secret = "mlg_" + SecretToken.generate()
        let token = ApiToken()
        token.$user.id = userID
        token.name = signature.name ?? "ligne de commande"
        token.tokenHash = SecretToken.hash(secret)
        try await app.db.writeTransaction { tx in
            try await token.create(on: tx)
            try await Audit.record(
                on: tx, viewer: nil, action: .tokenCreated, about: .token(token.id),
                summary: "Jeton d'API « \(token.name) » pour \(email) (ligne de commande)")
        }
        context.console.print(secret)
    }
}
