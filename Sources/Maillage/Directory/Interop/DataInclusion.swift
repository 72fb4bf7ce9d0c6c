import Foundation
import Vapor

/// A record refused by an import, with what to fix. `line` is the stable text the CLI prints.
struct ImportRejection: Error, Sendable, Equatable, Codable {
    var id: String
    var field: String
    var reason: String
    /// The record's `nom`, when it has one: a report names what it refused, not only its identifier.
    var name: String?
    var line: String { "rejected \(id): \(field): \(reason)" }
}

/// A file that cannot be imported at all (not JSON, not a list…): nothing of it is written.
struct ImportFileError: Error, Equatable, CustomStringConvertible {
    var file: String
    var message: String
    var description: String { "\(file) : \(message)" }
}

/// A data·inclusion `structure` that passed the schema and Maillage's own checks.
struct DIStructure: Sendable, Equatable {
    var source: String
    var id: String
    var dateMaj: String
    var name: String
    var description: String?
    var siret: String?
    var address: String?
    var addressComplement: String?
    var postalCode: String
    var inseeCode: String?
    var commune: String
    var point: GeoPoint
    var email: String?
    var phone: String?
    var website: String?
    var openingHours: String?
    var networks: [String]
    /// Fields Maillage has no column for, kept in the provenance as text (lien_source, accessibilite_lieu…).
    var kept: [String: String]
}

/// A data·inclusion `service`: stored as its validated record, linked to its structure.
struct DIService: Sendable, Equatable {
    var source: String
    var id: String
    var structureID: String
    var dateMaj: String
    var name: String
    var description: String
    var themes: [String]
    var fees: String?
    var openingHours: String?
    var publics: [String] = []
    var receptionModes: [String] = []
    var accessConditions = ""
    /// The record without `structure_id`, as canonical JSON: exported back unchanged.
    var payload: String
}

/// Reading and checking data·inclusion files: no database here, so it is tested directly.
enum DataInclusion {
    /// A source of data·inclusion named as its users know it ("dora" → "DORA"); an unknown one as it is written.
    static func sourceLabel(_ source: String) -> String {
        let known = [
            "dora": "DORA", "soliguide": "Soliguide", "maillage": "Maillage", "france-travail": "France Travail",
            "emplois-de-l-inclusion": "les emplois de l'inclusion", "mes-aides": "Mes Aides", "action-logement": "Action Logement",
            "agefiph": "Agefiph", "monenfant": "monenfant.fr", "reseau-alpha": "Réseau Alpha", "data-inclusion": "data·inclusion",
        ]
        return known[source.lowercased()] ?? source
    }

    static let structureSchema: JSONSchema? = try? JSONSchema(resource: "data-inclusion-structure")
    static let serviceSchema: JSONSchema? = try? JSONSchema(resource: "data-inclusion-service")

    struct Plan: Sendable {
        var structures: [DIStructure] = []
        var services: [DIService] = []
        var rejections: [ImportRejection] = []
        var structuresRead = 0
        var servicesRead = 0
    }

    /// Reads both files fully before anything is written, so a broken file changes nothing.
    /// `knownStructures` are structure ids already in the database (services may point to them).
    static func plan(
        structures: UnsafeRawBufferPointer, services: UnsafeRawBufferPointer?, knownStructures: Set<String> = [],
        communes: CommuneTable = .shared, progress: (Int) -> Void = { _ in }
    ) throws -> Plan {
        guard let structureSchema, let serviceSchema else { throw ImportFileError(file: "schéma", message: "schémas data·inclusion introuvables") }
        var plan = Plan()
        var seen: [String: Int] = [:]
        var reader = JSONArrayReader(bytes: structures)
        do {
            try reader.forEachElement { value, bytesRead in
                plan.structuresRead += 1
                let index = plan.structuresRead
                if index % 2_000 == 0 { progress(bytesRead) }
                switch structure(from: value, index: index, schema: structureSchema, communes: communes) {
                case .failure(var rejection):
                    rejection.name = recordName(value)
                    plan.rejections.append(rejection)
                case .success(let s):
                    if let first = seen[s.id] {
                        plan.rejections.append(
                            ImportRejection(
                                id: s.id, field: "id", reason: "identifiant en double dans le fichier (déjà vu à l'enregistrement n° \(first))", name: s.name))
                    } else {
                        seen[s.id] = index
                        plan.structures.append(s)
                    }
                }
            }
        } catch let e as JSONSyntaxError {
            throw ImportFileError(file: "structures", message: e.description)
        }
        guard let services else { return plan }
        let accepted = Set(plan.structures.map(\.id))
        let refused = Set(plan.rejections.map(\.id))
        var seenServices: [String: Int] = [:]
        var serviceReader = JSONArrayReader(bytes: services)
        do {
            try serviceReader.forEachElement { value, _ in
                plan.servicesRead += 1
                let index = plan.servicesRead
                switch service(from: value, index: index, schema: serviceSchema) {
                case .failure(var rejection):
                    rejection.name = recordName(value)
                    plan.rejections.append(rejection)
                case .success(let s):
                    if let first = seenServices[s.id] {
                        plan.rejections.append(
                            ImportRejection(
                                id: s.id, field: "id", reason: "identifiant de service en double dans le fichier (déjà vu à l'enregistrement n° \(first))",
                                name: s.name))
                    } else if !accepted.contains(s.structureID) && !knownStructures.contains(s.structureID) {
                        plan.rejections.append(
                            ImportRejection(
                                id: s.id, field: "structure_id",
                                reason: refused.contains(s.structureID)
                                    ? "la structure « \(s.structureID) » de ce service a été refusée"
                                    : "structure « \(s.structureID) » inconnue : ni dans le fichier des structures, ni déjà importée", name: s.name))
                    } else {
                        seenServices[s.id] = index
                        plan.services.append(s)
                    }
                }
            }
        } catch let e as JSONSyntaxError {
            throw ImportFileError(file: "services", message: e.description)
        }
        return plan
    }

    // MARK: - One structure

    static func structure(from value: JSONValue, index: Int, schema: JSONSchema, communes: CommuneTable) -> Result<DIStructure, ImportRejection> {
        let id = recordID(value, index: index)
        if let field = controlCharacterField(in: value) { return .failure(ImportRejection(id: id, field: field, reason: controlCharacterReason)) }
        if let v = schema.firstViolation(in: value) { return .failure(ImportRejection(id: id, field: v.field, reason: v.reason)) }
        guard case .object(let f) = value else { return .failure(ImportRejection(id: id, field: "(enregistrement)", reason: "objet attendu")) }
        func text(_ key: String) -> String? {
            guard case .string(let s)? = f[key] else { return nil }
            let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty ? nil : t
        }
        func reject(_ field: String, _ reason: String) -> Result<DIStructure, ImportRejection> {
            .failure(ImportRejection(id: id, field: field, reason: reason))
        }
        guard let source = text("source"), let name = text("nom"), let dateMaj = text("date_maj") else {
            return reject("nom", "champ obligatoire vide")
        }
        if let phone = text("telephone"), !OrganizationRules.isPhone(phone) {
            return reject("telephone", "« \(phone) » n'est pas un numéro de téléphone (10 à 15 chiffres, par exemple +33468000000)")
        }
        if let hours = text("horaires_accueil") {
            do { try OpeningHours.validate(hours) } catch {
                return reject("horaires_accueil", "« \(hours) » n'est pas au format OpenStreetMap opening_hours : \(error.message)")
            }
        }
        for key in ["site_web", "lien_source", "accessibilite_lieu"] {
            if let url = text(key), let scheme = URL(string: url)?.scheme?.lowercased(), scheme != "http" && scheme != "https" {
                return reject(key, "« \(url) » : seule une adresse http ou https est acceptée")
            }
        }
        // Where it is: coordinates, else the centroid of its commune (INSEE code, then postal code).
        let insee = text("code_insee")
        var postalCode = text("code_postal")
        var communeName = text("commune")
        let known =
            insee.flatMap { communes.commune(insee: $0) }
            ?? postalCode.flatMap { cp in
                let candidates = communes.search(cp).filter { $0.postalCodes.contains(cp) }
                return candidates.first { c in communeName.map { TextFolding.fold($0) == TextFolding.fold(c.name) } ?? false } ?? candidates.first
            }
        if insee != nil, known == nil, text("latitude") == nil, f["latitude"] == nil || f["latitude"] == .null {
            return reject("code_insee", "code Insee « \(insee ?? "") » inconnu et pas de coordonnées")
        }
        let point: GeoPoint
        switch (f["latitude"] ?? .null, f["longitude"] ?? .null) {
        case let (.number(lat, _), .number(lon, _)):
            guard (-90...90).contains(lat) else { return reject("latitude", "\(lat) n'est pas une latitude (entre -90 et 90)") }
            guard (-180...180).contains(lon) else { return reject("longitude", "\(lon) n'est pas une longitude (entre -180 et 180)") }
            let p = GeoPoint(latitude: lat, longitude: lon)
            guard FranceBounds.contains(p) else { return reject("latitude", "coordonnées (\(lat), \(lon)) hors de France : latitude et longitude inversées ?") }
            point = p
        case (.null, .null):
            guard let known else {
                return reject("latitude", "ni coordonnées, ni code Insee ou postal connu : impossible de placer la structure sur la carte")
            }
            point = known.point
        default:
            return reject(f["latitude"] == nil || f["latitude"] == .null ? "latitude" : "longitude", "latitude et longitude vont ensemble : l'une manque")
        }
        if postalCode == nil { postalCode = known?.postalCodes.first }
        if communeName == nil { communeName = known?.name }
        guard let postalCode, let communeName else {
            return reject("code_postal", "ni code postal ni commune : indiquez au moins le code Insee ou le code postal")
        }
        var networks: [String] = []
        if case .array(let items)? = f["reseaux_porteurs"] {
            networks = items.compactMap { if case .string(let s) = $0 { s } else { nil } }
        }
        var kept: [String: String] = [:]
        let mapped: Set<String> = [
            "source", "id", "nom", "date_maj", "description", "siret", "adresse", "complement_adresse", "code_postal",
            "code_insee", "commune", "latitude", "longitude", "courriel", "telephone", "site_web", "horaires_accueil",
            "reseaux_porteurs",
        ]
        for (key, v) in f where !mapped.contains(key) && v != .null {
            kept[key] = if case .string(let s) = v { s } else { JSONSchema.show(v) }
        }
        return .success(
            DIStructure(
                source: source, id: id, dateMaj: dateMaj, name: name, description: text("description"), siret: text("siret"),
                address: text("adresse"), addressComplement: text("complement_adresse"), postalCode: postalCode,
                inseeCode: known?.insee ?? insee, commune: communeName, point: point, email: text("courriel")?.lowercased(),
                phone: text("telephone"), website: text("site_web"), openingHours: text("horaires_accueil"), networks: networks, kept: kept))
    }

    // MARK: - One service

    static func service(from value: JSONValue, index: Int, schema: JSONSchema) -> Result<DIService, ImportRejection> {
        let id = recordID(value, index: index)
        if let field = controlCharacterField(in: value) { return .failure(ImportRejection(id: id, field: field, reason: controlCharacterReason)) }
        if let v = schema.firstViolation(in: value) { return .failure(ImportRejection(id: id, field: v.field, reason: v.reason)) }
        guard case .object(var f) = value, case .string(let source)? = f["source"], case .string(let structureID)? = f["structure_id"],
            case .string(let name)? = f["nom"], case .string(let description)? = f["description"], case .string(let dateMaj)? = f["date_maj"]
        else {
            return .failure(ImportRejection(id: id, field: "(enregistrement)", reason: "objet attendu"))
        }
        if case .string(let phone)? = f["telephone"], !phone.isEmpty, !OrganizationRules.isPhone(phone) {
            return .failure(ImportRejection(id: id, field: "telephone", reason: "« \(phone) » n'est pas un numéro de téléphone"))
        }
        var hours: String?
        if case .string(let h)? = f["horaires_accueil"], !h.trimmingCharacters(in: .whitespaces).isEmpty {
            do { try OpeningHours.validate(h) } catch {
                return .failure(
                    ImportRejection(id: id, field: "horaires_accueil", reason: "« \(h) » n'est pas au format OpenStreetMap opening_hours : \(error.message)"))
            }
            hours = h
        }
        for key in ["latitude", "longitude"] {
            if case .number(let n, _)? = f[key], !(key == "latitude" ? (-90...90).contains(n) : (-180...180).contains(n)) {
                return .failure(ImportRejection(id: id, field: key, reason: "\(n) hors des bornes WGS84"))
            }
        }
        var themes: [String] = []
        if case .array(let items)? = f["thematiques"] { themes = items.compactMap { if case .string(let s) = $0 { s } else { nil } } }
        var fees: String?
        if case .string(let s)? = f["frais"] { fees = s }
        func strings(_ key: String) -> [String] {
            if case .array(let items)? = f[key] { return items.compactMap { if case .string(let s) = $0 { s } else { nil } } }
            return []
        }
        var conditions = ""
        if case .string(let s)? = f["conditions_acces"] { conditions = s }
        f["structure_id"] = nil
        return .success(
            DIService(
                source: source, id: id, structureID: structureID, dateMaj: dateMaj, name: name, description: description,
                themes: themes, fees: fees, openingHours: hours, publics: strings("publics"), receptionModes: strings("modes_accueil"),
                accessConditions: String(conditions.prefix(2000)), payload: CanonicalJSON.text(.object(f))))
    }

    static let controlCharacterReason = "caractère de contrôle invisible (octet nul ou autre) : corrigez ce champ à la source"

    /// The first field (as a path) whose text holds a control character (issue 11, finding 6), or nil.
    static func controlCharacterField(in value: JSONValue, path: String = "") -> String? {
        switch value {
        case .string(let s): return ControlCharacters.contains(s) ? (path.isEmpty ? "(enregistrement)" : path) : nil
        case .array(let items):
            for (i, item) in items.enumerated() { if let f = controlCharacterField(in: item, path: "\(path)[\(i)]") { return f } }
            return nil
        case .object(let fields):
            for key in fields.keys.sorted() {
                if ControlCharacters.contains(key) { return "(nom de champ)" }
                if let value = fields[key], let f = controlCharacterField(in: value, path: path.isEmpty ? key : "\(path).\(key)") { return f }
            }
            return nil
        default: return nil
        }
    }

    /// The record's id for reports; records without one are named by their position.
    private static func recordName(_ value: JSONValue) -> String? {
        guard case .object(let f) = value, case .string(let name)? = f["nom"] else { return nil }
        let t = name.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.isEmpty ? nil : String(t.prefix(200))
    }

    private static func recordID(_ value: JSONValue, index: Int) -> String {
        if case .object(let f) = value, case .string(let id)? = f["id"], !id.isEmpty { return id }
        return "#\(index)"
    }
}

/// JSON text with sorted keys: the same record always gives the same text (and fingerprint).
enum CanonicalJSON {
    static func text(_ value: JSONValue) -> String {
        var out = ""
        write(value, to: &out)
        return out
    }

    private static func write(_ value: JSONValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n, let isInteger): out += isInteger && abs(n) < 1e15 ? String(Int(n)) : String(n)
        case .string(let s): JSONWriter.appendQuoted(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() { if i > 0 { out += "," }; write(item, to: &out) }
            out += "]"
        case .object(let fields):
            out += "{"
            for (i, key) in fields.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                JSONWriter.appendQuoted(key, to: &out)
                out += ":"
                write(fields[key] ?? .null, to: &out)
            }
            out += "}"
        }
    }

    static func fingerprint(_ text: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(text.utf8)) {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
