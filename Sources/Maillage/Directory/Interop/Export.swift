import Fluent
import Foundation
import Vapor

/// A territory's structures and services in the national (data·inclusion) and international (HSDS 3.0)
/// exchange formats. Only validated structures are exported, with what their public page shows.
enum Export {
    /// Structures created in Maillage are exported with this source and "maillage--<uuid>" as id.
    static let source = "maillage"

    static func structureID(_ id: UUID) -> String { "\(source)--\(id.uuidString.lowercased())" }

    static func organizationID(from structureID: String) -> UUID? {
        guard structureID.hasPrefix("\(source)--") else { return nil }
        return UUID(uuidString: String(structureID.dropFirst(source.count + 2)))
    }

    struct Loaded {
        var organizations: [Organization]
        var sources: [UUID: OrganizationSource]
        var offers: [UUID: [ServiceOffer]]
        var territory: Territory
    }

    static func load(territoryCode: String, on db: any Database) async throws -> Loaded {
        let (territory, territoryID) = try await Territory.require(code: territoryCode, on: db)
        let links = try await OrganizationTerritory.query(on: db).filter(\.$territory.$id == territoryID).all()
        var organizations: [Organization] = []
        var sources: [UUID: OrganizationSource] = [:]
        var offers: [UUID: [ServiceOffer]] = [:]
        for chunk in links.map({ $0.$organization.id }).chunked(into: 500) {
            let ids = Array(chunk)
            organizations += try await Organization.query(on: db).filter(\.$id ~~ ids)
                .filter(\.$status == OrganizationStatus.validated.rawValue).all()
            for s in try await OrganizationSource.query(on: db).filter(\.$organization.$id ~~ ids).sort(\.$importedAt).all()
            where sources[s.$organization.id] == nil { sources[s.$organization.id] = s }
            for o in try await ServiceOffer.query(on: db).filter(\.$organization.$id ~~ ids).sort(\.$sourceID).all() {
                offers[o.$organization.id, default: []].append(o)
            }
        }
        organizations.sort { $0.name == $1.name ? ($0.id?.uuidString ?? "") < ($1.id?.uuidString ?? "") : $0.name < $1.name }
        return Loaded(organizations: organizations, sources: sources, offers: offers, territory: territory)
    }

    private static let day: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Europe/Paris")
        f.dateFormat = "yyyy-MM-dd"
        return f
    }()

    // MARK: - data·inclusion

    static func dataInclusionStructures(_ loaded: Loaded) -> String {
        let items = loaded.organizations.compactMap { org -> JSONValue? in
            guard let id = org.id else { return nil }
            var f: [String: JSONValue] = [:]
            let origin = loaded.sources[id]
            let provenance = origin?.provenanceValue
            f["source"] = .string(origin?.source ?? source)
            f["id"] = .string(origin?.sourceID ?? structureID(id))
            f["nom"] = .string(String(org.name.prefix(150)))
            f["date_maj"] = .string(origin?.sourceUpdated ?? day.string(from: org.updatedAt ?? org.createdAt ?? Date()))
            if org.summary.count >= 5 { f["description"] = .string(String(org.summary.prefix(10_000))) }
            func put(_ key: String, _ value: String?) { if let value, !value.isEmpty { f[key] = .string(value) } }
            put("siret", org.siret)
            put("adresse", org.address)
            put("code_postal", org.postalCode)
            put("code_insee", org.inseeCode)
            put("commune", org.commune)
            f["latitude"] = .number(org.latitude, isInteger: false)
            f["longitude"] = .number(org.longitude, isInteger: false)
            put("courriel", org.email)
            put("telephone", org.phone)
            put("site_web", org.website)
            put("horaires_accueil", org.openingHours)
            if let networks = provenance?.networks, !networks.isEmpty { f["reseaux_porteurs"] = .array(networks.map { .string($0) }) }
            for key in ["lien_source", "accessibilite_lieu"] { put(key, provenance?.kept[key]) }
            return .object(f)
        }
        return CanonicalJSON.text(.array(items))
    }

    static func dataInclusionServices(_ loaded: Loaded) -> String {
        var items: [JSONValue] = []
        for org in loaded.organizations {
            guard let id = org.id else { continue }
            let structure = loaded.sources[id]?.sourceID ?? structureID(id)
            for offer in loaded.offers[id] ?? [] {
                if offer.isNative {
                    items.append(nativeService(offer, structure: structure))
                    continue
                }
                guard case .object(var f)? = try? JSONArrayReader.parse(offer.payload) else { continue }
                f["structure_id"] = .string(structure)
                items.append(.object(f))
            }
        }
        return CanonicalJSON.text(.array(items))
    }

    /// A service described in Maillage, in the data·inclusion service format, from its fields.
    static func nativeService(_ offer: ServiceOffer, structure: String) -> JSONValue {
        var f: [String: JSONValue] = [
            "source": .string(source), "id": .string(offer.sourceID), "structure_id": .string(structure), "nom": .string(String(offer.name.prefix(150))),
            "description": .string(offer.summary), "date_maj": .string(offer.sourceUpdated),
        ]
        func list(_ key: String, _ values: [String]) { if !values.isEmpty { f[key] = .array(values.map { .string($0) }) } }
        list("thematiques", offer.themeList)
        list("publics", offer.publicList)
        list("modes_accueil", offer.receptionModeList)
        if let fees = offer.fees { f["frais"] = .string(fees) }
        if !offer.accessConditions.isEmpty { f["conditions_acces"] = .string(offer.accessConditions) }
        if let hours = offer.openingHours, !hours.isEmpty { f["horaires_accueil"] = .string(hours) }
        return .object(f)
    }

    // MARK: - Open Referral HSDS 3.0

    /// A stable UUID for a sub-object (location, address…) of a structure, so exports are reproducible.
    static func derivedID(_ id: UUID, _ part: String) -> String {
        var bytes = Array(SHA256.hash(data: Data((id.uuidString + "/" + part).utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50  // version 5 style (name-based)
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let p = Array(hex)
        return "\(String(p[0..<8]))-\(String(p[8..<12]))-\(String(p[12..<16]))-\(String(p[16..<20]))-\(String(p[20..<32]))"
    }

    static func hsds(_ loaded: Loaded) -> String {
        let departements = Dictionary(CommuneTable.shared.departements.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let items = loaded.organizations.compactMap { org -> JSONValue? in
            guard let id = org.id else { return nil }
            let orgID = id.uuidString.lowercased()
            let locationID = derivedID(id, "location")
            var o: [String: JSONValue] = [
                "id": .string(orgID),
                "name": .string(org.name),
                "description": .string(org.summary.isEmpty ? "\(org.categoryValue?.label ?? org.category) à \(org.commune)" : org.summary),
                "uri": .string("urn:maillage:structure:\(orgID)"),
            ]
            if let email = org.email { o["email"] = .string(email) }
            if let website = org.website { o["website"] = .string(website) }
            if let siret = org.siret {
                o["organization_identifiers"] = .array([
                    .object([
                        "id": .string(derivedID(id, "siret")), "organization_id": .string(orgID),
                        "identifier_scheme": .string("FR-RCS"), "identifier_type": .string("SIRET"), "identifier": .string(siret),
                    ])
                ])
            }
            if let phone = org.phone {
                o["phones"] = .array([.object(["id": .string(derivedID(id, "phone")), "organization_id": .string(orgID), "number": .string(phone)])])
            }
            var location: [String: JSONValue] = [
                "id": .string(locationID), "location_type": .string("physical"), "organization_id": .string(orgID),
                "name": .string(org.name), "latitude": .number(org.latitude, isInteger: false), "longitude": .number(org.longitude, isInteger: false),
                "addresses": .array([
                    .object([
                        "id": .string(derivedID(id, "address")), "location_id": .string(locationID),
                        "address_1": .string(org.address.isEmpty ? org.commune : org.address), "city": .string(org.commune),
                        "state_province": .string(departements[Organization.departement(insee: org.inseeCode, postalCode: org.postalCode)] ?? ""),
                        "postal_code": .string(org.postalCode), "country": .string("FR"), "address_type": .string("physical"),
                    ])
                ]),
            ]
            let hours = schedules(org.openingHours, owner: ("location_id", locationID), seed: id, part: "location")
            if !hours.isEmpty { location["schedules"] = .array(hours) }
            o["locations"] = .array([.object(location)])
            let services = (loaded.offers[id] ?? []).compactMap { offer -> JSONValue? in
                guard let offerID = offer.id else { return nil }
                let serviceID = offerID.uuidString.lowercased()
                var s: [String: JSONValue] = [
                    "id": .string(serviceID), "organization_id": .string(orgID), "name": .string(offer.name),
                    "description": .string(offer.summary), "status": .string("active"),
                    "last_modified": .string(offer.sourceUpdated + "T00:00:00Z"),
                    "service_at_locations": .array([
                        .object([
                            "id": .string(derivedID(offerID, "at-location")), "service_id": .string(serviceID),
                            "location_id": .string(locationID),
                        ])
                    ]),
                ]
                if let fees = offer.fees { s["fees_description"] = .string(fees == "gratuit" ? "Gratuit" : "Payant") }
                let vocabulary = ServiceVocabulary.shared
                let publics = offer.publicList.map(vocabulary.publicLabel)
                if !publics.isEmpty { s["eligibility_description"] = .string("Publics : " + publics.joined(separator: ", ")) }
                if !offer.accessConditions.isEmpty { s["application_process"] = .string(offer.accessConditions) }
                let themes = offer.themeList
                if !themes.isEmpty {
                    s["attributes"] = .array(
                        themes.map { theme in
                            .object([
                                "id": .string(derivedID(offerID, "theme/" + theme)), "link_id": .string(serviceID), "link_type": .string("service"),
                                "link_entity": .string("service"),
                                "taxonomy_term": .object([
                                    "id": .string(derivedID(offerID, "term/" + theme)), "code": .string(theme),
                                    "name": .string(ServiceVocabulary.shared.themeLabel(theme)),
                                    "description": .string("Thématique data·inclusion « \(theme) »"),
                                    "taxonomy": .string("data-inclusion-thematiques"),
                                ]),
                            ])
                        })
                }
                let serviceHours = schedules(offer.openingHours ?? "", owner: ("service_id", serviceID), seed: offerID, part: "service")
                if !serviceHours.isEmpty { s["schedules"] = .array(serviceHours) }
                return .object(s)
            }
            if !services.isEmpty { o["services"] = .array(services) }
            return .object(o)
        }
        return CanonicalJSON.text(.array(items))
    }

    /// OSM opening hours as HSDS weekly schedules (one per slot, days grouped; appointments as `attending_type`);
    /// hours that are not a weekly pattern are kept as text. The original OSM text rides along in `notes`, with
    /// holidays and closures, so nothing is lost.
    static func schedules(_ text: String, owner: (String, String), seed: UUID, part: String) -> [JSONValue] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return [] }
        let note = "Heure locale. Horaires d'origine (OpenStreetMap) : \(trimmed)"
        guard let hours = WeeklyHours.parse(trimmed), !hours.isEmpty else {
            return [
                .object(["id": .string(derivedID(seed, "\(part)/hours")), owner.0: .string(owner.1), "description": .string(trimmed), "notes": .string(note)])
            ]
        }
        let ical = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
        var out: [JSONValue] = []
        var done = Set<Int>()
        for d in 0..<7 where hours.days[d].mode != .closed && !done.contains(d) {
            let same = (d..<7).filter { hours.days[$0] == hours.days[d] }
            done.formUnion(same)
            let day = hours.days[d]
            var base: [String: JSONValue] = [
                owner.0: .string(owner.1), "freq": .string("WEEKLY"), "wkst": .string("MO"),
                "byday": .string(same.map { ical[$0] }.joined(separator: ",")), "notes": .string(note),
                "description": .string(HoursText.days(same) + " : " + HoursText.slots(day)),
            ]
            if day.mode == .appointment { base["attending_type"] = .string("sur rendez-vous") }
            if day.slots.isEmpty {
                base["id"] = .string(derivedID(seed, "\(part)/slot/\(out.count)"))
                out.append(.object(base))
            }
            for slot in day.slots {
                var schedule = base
                schedule["id"] = .string(derivedID(seed, "\(part)/slot/\(out.count)"))
                schedule["opens_at"] = .string(OpeningHours.clock(slot.opens))
                schedule["closes_at"] = .string(OpeningHours.clock(slot.closes >= 1440 ? slot.closes - 1440 : slot.closes))
                out.append(.object(schedule))
            }
        }
        return out
    }
}
