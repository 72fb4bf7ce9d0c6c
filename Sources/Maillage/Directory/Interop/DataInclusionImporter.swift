import Fluent
import Foundation
import SQLKit
import Vapor

/// What an import did. The last line of the CLI is `summaryLine`; counts cover structures and services.
struct ImportReport: Codable, Sendable, Equatable {
    var structuresImported = 0, structuresUpdated = 0, structuresUnchanged = 0
    var servicesImported = 0, servicesUpdated = 0, servicesUnchanged = 0
    var rejections: [ImportRejection] = []

    var imported: Int { structuresImported + servicesImported }
    var updated: Int { structuresUpdated + servicesUpdated }
    var unchanged: Int { structuresUnchanged + servicesUnchanged }
    var rejected: Int { rejections.count }
    var summaryLine: String { "imported=\(imported) updated=\(updated) unchanged=\(unchanged) rejected=\(rejected)" }
    var detailLine: String {
        "structures: imported=\(structuresImported) updated=\(structuresUpdated) unchanged=\(structuresUnchanged) · "
            + "services: imported=\(servicesImported) updated=\(servicesUpdated) unchanged=\(servicesUnchanged)"
    }
}

/// Writes a checked `DataInclusion.Plan`: new records are created, changed ones updated in place
/// (found by source + id), unchanged ones left alone. One transaction per batch of 500 records.
enum DataInclusionImporter {
    static let batchSize = 500

    /// The fields of a structure an import sets, to compare with what is stored.
    struct Fields: Equatable {
        var name, summary, address, postalCode, commune: String
        var inseeCode: String?
        var latitude, longitude: Double
        var siret, email, phone, website: String?
        var openingHours: String
        var category: String

        init(_ s: DIStructure, category: Category) {
            name = s.name
            summary = s.description ?? ""
            address = [s.address, s.addressComplement].compactMap { $0 }.joined(separator: ", ")
            postalCode = s.postalCode
            commune = s.commune
            inseeCode = s.inseeCode
            latitude = s.point.latitude
            longitude = s.point.longitude
            siret = s.siret
            email = s.email
            phone = s.phone
            website = s.website
            openingHours = s.openingHours ?? ""
            self.category = category.rawValue
        }

        init(_ o: Organization) {
            name = o.name; summary = o.summary; address = o.address; postalCode = o.postalCode; commune = o.commune
            inseeCode = o.inseeCode; latitude = o.latitude; longitude = o.longitude; siret = o.siret; email = o.email
            phone = o.phone; website = o.website; openingHours = o.openingHours; category = o.category
        }

        static func == (a: Self, b: Self) -> Bool {
            a.name == b.name && a.summary == b.summary && a.address == b.address && a.postalCode == b.postalCode
                && a.commune == b.commune && a.inseeCode == b.inseeCode && abs(a.latitude - b.latitude) < 1e-7
                && abs(a.longitude - b.longitude) < 1e-7 && a.siret == b.siret && a.email == b.email && a.phone == b.phone
                && a.website == b.website && a.openingHours == b.openingHours && a.category == b.category
        }
    }

    private struct Known {
        var rowID: UUID?
        var organizationID: UUID
        var fingerprint: String?
    }

    private struct Prepared {
        var record: DIStructure
        var fields: Fields
        var provenance: Provenance
        var fingerprint: String
        var known: Known?
    }

    /// An import writes the structures of its own territory only, and only for someone who animates it
    /// (`viewer` nil: the server's operator, on the command line). Everything else is refused with the reason
    /// (issue 11, finding 3). An audit line opens the import and another closes it, even when it fails.
    static func run(
        plan: DataInclusion.Plan, territoryCode: String, viewer: Viewer?, on db: any Database,
        progress: @Sendable (Int, Int) async -> Void = { _, _ in }
    ) async throws -> ImportReport {
        guard let territoryID = try await Territory.find(code: territoryCode, on: db)?.id else {
            throw ImportFileError(file: "territoire", message: "territoire « \(territoryCode) » inconnu (code de département attendu, par exemple 11)")
        }
        if let viewer, !Permissions.animates(territoryID, viewer) {
            throw ImportFileError(file: "territoire", message: "vous n'animez pas le territoire « \(territoryCode) » : import refusé")
        }
        try await db.writeTransaction { tx in
            try await Audit.record(
                on: tx, viewer: viewer, action: .importStarted, about: .territory(territoryID), territory: territoryID,
                summary:
                    "Début d'un import data·inclusion, territoire \(French.departement(territoryCode)) : \(French.count(plan.structures.count, "structure")) et "
                    + "\(French.count(plan.services.count, "service")) lisibles"
            )
        }
        do {
            return try await write(plan: plan, territoryCode: territoryCode, territoryID: territoryID, viewer: viewer, on: db, progress: progress)
        } catch {
            let reason = (error as? ImportFileError)?.message ?? "erreur inattendue"
            try? await db.writeTransaction { tx in
                try await Audit.record(
                    on: tx, viewer: viewer, action: .importFailed, about: .territory(territoryID), territory: territoryID,
                    summary:
                        "Import data·inclusion, territoire \(French.departement(territoryCode)), interrompu : \(reason). Ce qui était enregistré le reste ; relancer l'import complète sans doublon."
                )
            }
            throw error
        }
    }

    static let concurrentImport = ImportFileError(
        file: "import",
        message: """
            un autre import des mêmes enregistrements est en cours : attendez qu'il se termine, puis relancez celui-ci (il ne refera que ce qui manque)
            """)

    private static func write(
        plan: DataInclusion.Plan, territoryCode: String, territoryID: UUID, viewer: Viewer?, on db: any Database,
        progress: @Sendable (Int, Int) async -> Void
    ) async throws -> ImportReport {
        var report = ImportReport(rejections: plan.rejections)
        let total = plan.structures.count + plan.services.count
        let now = Date()

        // What is already there, by record id (data·inclusion ids carry their source: "dora--42").
        var known: [String: Known] = [:]
        for row in try await SourceKeys.all(on: db) {
            known[row.sourceID] = Known(rowID: row.rowID, organizationID: row.organizationID, fingerprint: row.fingerprint)
        }
        // Records exported by Maillage itself ("maillage--<uuid>") point to a structure that has no source row.
        let native = plan.structures.compactMap { s -> UUID? in s.source == Export.source ? Export.organizationID(from: s.id) : nil }
        // They keep the category their people chose.
        var nativeCategories: [UUID: Category] = [:]
        for chunk in native.chunked(into: 500) {
            for org in try await Organization.query(on: db).filter(\.$id ~~ Array(chunk)).all() {
                guard let id = org.id else { continue }
                known[Export.structureID(id)] = known[Export.structureID(id)] ?? Known(rowID: nil, organizationID: id)
                nativeCategories[id] = org.categoryValue
            }
        }

        // Themes decide categories too: from the services file, else from the services already stored.
        var themes: [String: [String]] = [:]
        if plan.servicesRead > 0 {
            for s in plan.services { themes[s.structureID, default: []].append(contentsOf: s.themes) }
        } else {
            let byOrg = Dictionary(grouping: try await ServiceOffer.query(on: db).all(), by: { $0.$organization.id })
            for (id, k) in known { if let offers = byOrg[k.organizationID] { themes[id] = offers.flatMap(\.themeList) } }
        }

        // Where the structures already known live: a record may only update a structure of this territory.
        var knownDepartement: [UUID: String] = [:]
        let knownIDs = plan.structures.compactMap { known[$0.id]?.organizationID }
        for chunk in knownIDs.chunked(into: 500) {
            guard let sql = db as? any SQLDatabase else { break }
            for row in try await sql.select().column("id").column("insee_code").column("postal_code").from(Organization.schema)
                .where("id", .in, Array(chunk)).all()
            {
                let id = try row.decode(column: "id", as: UUID.self)
                knownDepartement[id] = Organization.departement(
                    insee: try row.decode(column: "insee_code", as: String?.self),
                    postalCode: try row.decode(column: "postal_code", as: String.self))
            }
        }

        var prepared: [Prepared] = []
        prepared.reserveCapacity(plan.structures.count)
        for s in plan.structures {
            let departement = Organization.departement(insee: s.inseeCode, postalCode: s.postalCode)
            if departement != territoryCode {
                report.rejections.append(
                    ImportRejection(
                        id: s.id, field: "code_postal",
                        reason:
                            "adresse \(French.inDepartement(departement)), hors du territoire de cet import (\(French.departement(territoryCode))) : "
                            + "importez-la depuis le territoire \(French.departement(departement))", name: s.name
                    ))
                continue
            }
            if let k = known[s.id], let current = knownDepartement[k.organizationID], current != territoryCode {
                report.rejections.append(
                    ImportRejection(
                        id: s.id, field: "id",
                        reason:
                            "cette structure appartient au territoire \(French.departement(current)) : seuls ses animateur·rices peuvent la mettre à jour",
                        name: s.name))
                continue
            }
            let recordThemes = Array(Set(themes[s.id] ?? [])).sorted()
            let k = known[s.id]
            var mapping = CategoryMapping.categorize(name: s.name, networks: s.networks, themes: recordThemes)
            if s.source == Export.source, let k, let current = nativeCategories[k.organizationID] {
                mapping.category = current
                mapping.basis = "catégorie choisie dans Maillage"
            }
            let provenance = Provenance(
                categoryBasis: mapping.basis, networks: s.networks, themes: recordThemes,
                unmappedNetworks: mapping.unmappedNetworks, unmappedThemes: mapping.unmappedThemes,
                kept: s.kept, territory: territoryCode)
            let fields = Fields(s, category: mapping.category)
            let fingerprint = CanonicalJSON.fingerprint(
                "\(fields.name)|\(fields.summary)|\(fields.address)|\(fields.postalCode)|\(fields.commune)|"
                    + "\(fields.inseeCode ?? "")|\(fields.latitude)|\(fields.longitude)|\(fields.siret ?? "")|\(fields.email ?? "")|"
                    + "\(fields.phone ?? "")|\(fields.website ?? "")|\(fields.openingHours)|\(fields.category)|\(s.dateMaj)|\(provenance.json)")
            prepared.append(Prepared(record: s, fields: fields, provenance: provenance, fingerprint: fingerprint, known: k))
        }

        var done = 0
        for batch in prepared.chunked(into: batchSize) {
            // Records whose fingerprint changed are compared with what is stored: an edit made in Maillage
            // that the file repeats is not an update.
            let ids = batch.compactMap { p -> UUID? in p.known.flatMap { $0.fingerprint == p.fingerprint ? nil : $0.organizationID } }
            var storedFields: [UUID: Fields] = [:]
            if !ids.isEmpty {
                for org in try await Organization.query(on: db).filter(\.$id ~~ ids).all() { if let id = org.id { storedFields[id] = Fields(org) } }
            }
            let stored = storedFields
            let counts = try await guardingConcurrentImports {
                try await db.writeTransaction { tx -> (Int, Int, Int) in
                    guard let sql = tx as? any SQLDatabase else { return (0, 0, 0) }
                    var created = 0, updated = 0, unchanged = 0
                    var newOrgs: [[any SQLExpression]] = [], newLinks: [[any SQLExpression]] = [], newSources: [[any SQLExpression]] = []
                    for p in batch {
                        let f = p.fields
                        if let k = p.known {
                            if k.fingerprint == p.fingerprint { unchanged += 1; continue }
                            let same = stored[k.organizationID] == f
                            if !same {
                                try await sql.update(Organization.schema)
                                    .set("name", to: f.name).set("category", to: f.category).set("description", to: f.summary)
                                    .set("address", to: f.address).set("postal_code", to: f.postalCode).set("commune", to: f.commune)
                                    .set("insee_code", to: f.inseeCode).set("latitude", to: f.latitude).set("longitude", to: f.longitude)
                                    .set("siret", to: f.siret).set("email", to: f.email).set("phone", to: f.phone).set("website", to: f.website)
                                    .set("opening_hours", to: f.openingHours).set("updated_at", to: now)
                                    .where("id", .equal, k.organizationID).run()
                            }
                            if let rowID = k.rowID {
                                try await sql.update(OrganizationSource.schema)
                                    .set("fingerprint", to: p.fingerprint).set("source_updated", to: p.record.dateMaj)
                                    .set("provenance", to: p.provenance.json).set("updated_at", to: now)
                                    .where("id", .equal, rowID).run()
                            }
                            if same { unchanged += 1 } else { updated += 1 }
                            continue
                        }
                        let orgID = UUID()
                        let values: [any Encodable & Sendable] = [
                            orgID, f.name, f.category, f.summary, "", f.address, f.postalCode, f.commune, f.inseeCode, f.latitude, f.longitude,
                            f.siret, f.email, f.phone, f.website, f.openingHours, OrganizationStatus.validated.rawValue, now, now,
                        ]
                        newOrgs.append(values.map { SQLBind($0) })
                        newLinks.append([SQLBind(UUID()), SQLBind(orgID), SQLBind(territoryID)])
                        let source: [any Encodable & Sendable] = [
                            UUID(), orgID, p.record.source, p.record.id, p.record.dateMaj, p.fingerprint, p.provenance.json, now, now,
                        ]
                        newSources.append(source.map { SQLBind($0) })
                        created += 1
                    }
                    if !newOrgs.isEmpty {
                        try await insert(
                            into: Organization.schema,
                            columns: [
                                "id", "name", "category", "description", "services", "address", "postal_code", "commune", "insee_code",
                                "latitude", "longitude", "siret", "email", "phone", "website", "opening_hours", "status", "created_at", "updated_at",
                            ], rows: newOrgs, on: sql)
                        try await insert(into: OrganizationTerritory.schema, columns: ["id", "organization_id", "territory_id"], rows: newLinks, on: sql)
                        try await insert(
                            into: OrganizationSource.schema,
                            columns: [
                                "id", "organization_id", "source", "source_id", "source_updated", "fingerprint", "provenance", "imported_at", "updated_at",
                            ], rows: newSources, on: sql)
                    }
                    return (created, updated, unchanged)
                }
            }
            report.structuresImported += counts.0
            report.structuresUpdated += counts.1
            report.structuresUnchanged += counts.2
            done += batch.count
            await progress(done, total)
        }

        if !plan.services.isEmpty {
            try await importServices(plan.services, territoryCode: territoryCode, report: &report, now: now, on: db) { await progress(done + $0, total) }
        }
        let summary =
            "Import data·inclusion, territoire \(French.departement(territoryCode)) : \(French.count(report.structuresImported, "structure créée", plural: "structures créées")), "
            + "\(report.structuresUpdated) \(French.agree(report.structuresUpdated, "mise")) à jour, "
            + "\(French.count(report.structuresUnchanged, "inchangée")), "
            + "\(French.count(report.servicesImported + report.servicesUpdated, "service écrit", plural: "services écrits")), "
            + French.count(report.rejected, "enregistrement refusé", plural: "enregistrements refusés")
        try await db.writeTransaction { tx in
            try await Audit.record(on: tx, viewer: viewer, action: .importFinished, about: .territory(territoryID), territory: territoryID, summary: summary)
        }
        return report
    }

    private static func importServices(
        _ services: [DIService], territoryCode: String, report: inout ImportReport, now: Date, on db: any Database,
        progress: (Int) async -> Void
    ) async throws {
        // Structure ids (as written in the files) to structures, now that the structures are written.
        var organizationOf: [String: UUID] = [:]
        for row in try await SourceKeys.all(on: db) { organizationOf[row.sourceID] = row.organizationID }
        for s in services where organizationOf[s.structureID] == nil {
            if let id = Export.organizationID(from: s.structureID) { organizationOf[s.structureID] = id }
        }
        // A service is written only onto a structure of this import's territory.
        var departementOf: [UUID: String] = [:]
        let targets = Set(services.compactMap { organizationOf[$0.structureID] })
        for chunk in Array(targets).chunked(into: 500) {
            for org in try await Organization.query(on: db).filter(\.$id ~~ Array(chunk)).all() {
                if let id = org.id { departementOf[id] = org.primaryTerritoryCode }
            }
        }
        for s in services {
            guard let orgID = organizationOf[s.structureID] else { continue }
            if let departement = departementOf[orgID], departement != territoryCode {
                report.rejections.append(
                    ImportRejection(
                        id: s.id, field: "structure_id",
                        reason:
                            "la structure de ce service appartient au territoire \(French.departement(departement)) : seuls ses animateur·rices peuvent la mettre à jour",
                        name: s.name))
                organizationOf[s.structureID] = nil
            } else if departementOf[orgID] == nil {
                organizationOf[s.structureID] = nil
            }
        }
        var existing: [String: (id: UUID, fingerprint: String)] = [:]
        for offer in try await ServiceOffer.query(on: db).all() { if let id = offer.id { existing[offer.sourceID] = (id, offer.fingerprint) } }

        var touched: Set<UUID> = []
        var done = 0
        let organizationOfRecord = organizationOf, existingOffers = existing
        for batch in services.chunked(into: batchSize) {
            let counts = try await guardingConcurrentImports {
                try await db.writeTransaction { tx -> (Int, Int, Int, Set<UUID>) in
                    guard let sql = tx as? any SQLDatabase else { return (0, 0, 0, []) }
                    var created = 0, updated = 0, unchanged = 0
                    var changedOrgs: Set<UUID> = []
                    var rows: [[any SQLExpression]] = []
                    for s in batch {
                        guard let orgID = organizationOfRecord[s.structureID] else { continue }
                        let fingerprint = CanonicalJSON.fingerprint(s.payload + "|" + orgID.uuidString)
                        if let e = existingOffers[s.id] {
                            if e.fingerprint == fingerprint { unchanged += 1; continue }
                            try await sql.update(ServiceOffer.schema)
                                .set("organization_id", to: orgID).set("name", to: s.name).set("description", to: s.description)
                                .set("themes", to: s.themes.joined(separator: ",")).set("fees", to: s.fees).set("opening_hours", to: s.openingHours)
                                .set("publics", to: s.publics.joined(separator: ",")).set("reception_modes", to: s.receptionModes.joined(separator: ","))
                                .set("access_conditions", to: s.accessConditions)
                                .set("source_updated", to: s.dateMaj).set("payload", to: s.payload).set("fingerprint", to: fingerprint)
                                .set("updated_at", to: now).where("id", .equal, e.id).run()
                            updated += 1
                        } else {
                            let values: [any Encodable & Sendable] = [
                                UUID(), orgID, s.source, s.id, s.name, s.description, s.themes.joined(separator: ","),
                                s.fees, s.openingHours, s.dateMaj, s.payload, fingerprint, now, s.publics.joined(separator: ","),
                                s.receptionModes.joined(separator: ","), s.accessConditions,
                            ]
                            rows.append(values.map { SQLBind($0) })
                            created += 1
                        }
                        changedOrgs.insert(orgID)
                    }
                    if !rows.isEmpty {
                        try await insert(
                            into: ServiceOffer.schema,
                            columns: [
                                "id", "organization_id", "source", "source_id", "name", "description", "themes", "fees", "opening_hours",
                                "source_updated", "payload", "fingerprint", "updated_at", "publics", "reception_modes", "access_conditions",
                            ], rows: rows, on: sql)
                    }
                    return (created, updated, unchanged, changedOrgs)
                }
            }
            report.servicesImported += counts.0
            report.servicesUpdated += counts.1
            report.servicesUnchanged += counts.2
            touched.formUnion(counts.3)
            done += batch.count
            await progress(done)
        }
        // The structure's searchable list of services follows its offers.
        for chunk in Array(touched).chunked(into: batchSize) {
            let offers = try await ServiceOffer.query(on: db).filter(\.$organization.$id ~~ chunk).all()
            let names = Dictionary(grouping: offers, by: { $0.$organization.id }).mapValues { $0.map(\.name).sorted().joined(separator: ", ") }
            try await db.writeTransaction { tx in
                guard let sql = tx as? any SQLDatabase else { return }
                for (id, text) in names {
                    try await sql.update(Organization.schema).set("services", to: text).set("updated_at", to: now).where("id", .equal, id).run()
                }
            }
        }
    }
}

/// Two imports of the same records at once collide on the (source, id) key: the second is told why, in French.
private func guardingConcurrentImports<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as any DatabaseError where error.isConstraintFailure {
        throw DataInclusionImporter.concurrentImport
    }
}

/// The keys of every imported record, read without building models (100,000 rows on a re-import).
enum SourceKeys {
    struct Row { var rowID: UUID; var organizationID: UUID; var sourceID: String; var fingerprint: String }

    static func all(on db: any Database) async throws -> [Row] {
        guard let sql = db as? any SQLDatabase else { return [] }
        return try await sql.select().column("id").column("organization_id").column("source_id").column("fingerprint")
            .from(OrganizationSource.schema).all().map { r in
                Row(
                    rowID: try r.decode(column: "id", as: UUID.self), organizationID: try r.decode(column: "organization_id", as: UUID.self),
                    sourceID: try r.decode(column: "source_id", as: String.self), fingerprint: try r.decode(column: "fingerprint", as: String.self))
            }
    }
}

/// One multi-row INSERT.
private func insert(into table: String, columns: [String], rows: [[any SQLExpression]], on sql: any SQLDatabase) async throws {
    var statement = sql.insert(into: table).columns(columns)
    for row in rows { statement = statement.values(row) }
    try await statement.run()
}

extension Array {
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
