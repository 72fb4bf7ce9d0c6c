import Fluent
import Foundation

/// Where an imported structure comes from: one row per (source, id) of an outside directory.
/// A structure may have several (after a merge of duplicates); a re-import finds it by this key.
final class OrganizationSource: Model, @unchecked Sendable {
    static let schema = "organization_sources"

    @ID(key: .id) var id: UUID?
    // data
    @Field(key: "source") var source: String
    @Field(key: "source_id") var sourceID: String
    /// `date_maj` of the record at the source (data·inclusion: YYYY-MM-DD).
    @Field(key: "source_updated") var sourceUpdated: String
    /// Hash of the record as last imported: an unchanged record is skipped without comparing fields.
    @Field(key: "fingerprint") var fingerprint: String
    /// JSON of `Provenance`: how the category was chosen, what could not be mapped.
    @Field(key: "provenance") var provenance: String
    // relations
    @Parent(key: "organization_id") var organization: Organization
    // timestamps
    @Timestamp(key: "imported_at", on: .create) var importedAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var provenanceValue: Provenance? { try? JSONDecoder().decode(Provenance.self, from: Data(provenance.utf8)) }
}

/// What an animator needs to judge an imported record; shown on the structure page to animators.
struct Provenance: Codable, Sendable, Equatable {
    var categoryBasis: String
    var networks: [String]
    var themes: [String]
    var unmappedNetworks: [String]
    var unmappedThemes: [String]
    var kept: [String: String]
    var territory: String

    /// Canonical JSON (sorted keys), decodable as `Provenance`; written by hand because it is built per imported record.
    var json: String {
        func list(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }
        return CanonicalJSON.text(
            .object([
                "categoryBasis": .string(categoryBasis), "networks": list(networks), "themes": list(themes),
                "unmappedNetworks": list(unmappedNetworks), "unmappedThemes": list(unmappedThemes),
                "kept": .object(kept.mapValues { .string($0) }), "territory": .string(territory),
            ]))
    }
}

/// A service of a structure as published by an outside directory (data·inclusion `service`).
final class ServiceOffer: Model, @unchecked Sendable {
    static let schema = "service_offers"

    @ID(key: .id) var id: UUID?
    // data
    @Field(key: "source") var source: String
    @Field(key: "source_id") var sourceID: String
    @Field(key: "name") var name: String
    @Field(key: "description") var summary: String
    /// data·inclusion thematiques, comma-separated.
    @Field(key: "themes") var themes: String
    @OptionalField(key: "fees") var fees: String?
    @OptionalField(key: "opening_hours") var openingHours: String?
    /// data·inclusion publics and modes d'accueil, comma-separated; conditions d'accès as written.
    @Field(key: "publics") var publics: String
    @Field(key: "reception_modes") var receptionModes: String
    @Field(key: "access_conditions") var accessConditions: String
    @Field(key: "source_updated") var sourceUpdated: String
    /// The validated record without `structure_id`, canonical JSON: exported back as it came.
    @Field(key: "payload") var payload: String
    @Field(key: "fingerprint") var fingerprint: String
    // relations
    @Parent(key: "organization_id") var organization: Organization
    // timestamps
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var themeList: [String] { themes.split(separator: ",").map(String.init) }
    var publicList: [String] { publics.split(separator: ",").map(String.init) }
    var receptionModeList: [String] { receptionModes.split(separator: ",").map(String.init) }
    /// Written in Maillage by the structure (not imported): edited here, exported from its fields.
    var isNative: Bool { source == Export.source }
}
