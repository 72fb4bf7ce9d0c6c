import Fluent
import Foundation
import Vapor

final class Organization: Model, @unchecked Sendable {
    static let schema = "organizations"

    @ID(key: .id) var id: UUID?
    // data
    @Field(key: "name") var name: String
    @Field(key: "category") var category: String
    @Field(key: "description") var summary: String
    @Field(key: "services") var services: String
    @Field(key: "address") var address: String
    @Field(key: "postal_code") var postalCode: String
    @Field(key: "commune") var commune: String
    @OptionalField(key: "insee_code") var inseeCode: String?
    @Field(key: "latitude") var latitude: Double
    @Field(key: "longitude") var longitude: Double
    @OptionalField(key: "siret") var siret: String?
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "website") var website: String?
    @Field(key: "opening_hours") var openingHours: String
    @Field(key: "status") var status: String
    @OptionalField(key: "status_reason") var statusReason: String?
    // relations
    @Siblings(through: OrganizationTerritory.self, from: \.$organization, to: \.$territory) var territories: [Territory]
    @Children(for: \.$organization) var contacts: [Contact]
    @Children(for: \.$organization) var capacities: [Capacity]
    @Children(for: \.$organization) var territoryRequests: [TerritoryRequest]
    // timestamps
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    /// A referent said the fiche is still right without changing it.
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?

    init() {}

    var categoryValue: Category? { Category(rawValue: category) }
    var statusValue: OrganizationStatus { OrganizationStatus(rawValue: status) ?? .pending }
    var point: GeoPoint { GeoPoint(latitude: latitude, longitude: longitude) }
    /// When the fiche was last known right: changed or confirmed.
    var checkedAt: Date? { [updatedAt, confirmedAt].compactMap { $0 }.max() }
}

/// A structure's wish to act in a territory beyond its address's, until that territory's animator decides.
final class TerritoryRequest: Model, @unchecked Sendable {
    static let schema = "territory_requests"
    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Parent(key: "territory_id") var territory: Territory
    @OptionalParent(key: "requested_by") var requestedBy: User?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}

final class OrganizationTerritory: Model, @unchecked Sendable {
    static let schema = "organization_territories"
    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Parent(key: "territory_id") var territory: Territory
    init() {}
}

/// A named person to talk to ("qui fait quoi", seed 004): shown with e-mail and phone to signed-in people only.
final class Contact: Model, @unchecked Sendable {
    static let schema = "contacts"
    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "name") var name: String
    @Field(key: "role") var role: String
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "phone") var phone: String?
    init() {}
    init(organizationID: UUID, name: String, role: String, email: String?, phone: String?) {
        self.$organization.id = organizationID
        self.name = name
        self.role = role
        self.email = email
        self.phone = phone
    }
}

/// Storage a structure has, by temperature class (what the surplus exchange must respect).
final class Capacity: Model, @unchecked Sendable {
    static let schema = "capacities"
    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "temperature") var temperature: String
    @Field(key: "capacity_kg") var capacityKg: Double
    @Field(key: "note") var note: String
    init() {}
    init(organizationID: UUID, temperature: TemperatureClass, capacityKg: Double, note: String) {
        self.$organization.id = organizationID
        self.temperature = temperature.rawValue
        self.capacityKg = capacityKg
        self.note = note
    }
}

extension Territory {
    static func find(code: String, on db: any Database) async throws -> Territory? {
        try await Territory.query(on: db).filter(\.$code == code).first()
    }

    /// The territory of a page about one territory (404 when the code names none), with its id.
    static func require(code: String, on db: any Database) async throws -> (Territory, UUID) {
        guard let territory = try await find(code: code, on: db), let id = territory.id else {
            throw Abort(.notFound, reason: "Territoire « \(code) » inconnu : le code d'un département est attendu (par exemple 11).")
        }
        return (territory, id)
    }

    /// The `:code` of the request's path, checked against the départements.
    static func code(of req: Request) throws -> String {
        guard let code = req.parameters.get("code"), CommuneTable.shared.departement(code: code) != nil else {
            throw Abort(.notFound, reason: "Territoire inconnu : le code d'un département est attendu (par exemple 11).")
        }
        return code
    }
}

/// A territory as pages show it.
struct TerritorySummary: Sendable, Equatable {
    var code: String
    var name: String
}

/// A territory of action; the seeded ones are the départements, keyed by their INSEE code.
final class Territory: Model, @unchecked Sendable {
    static let schema = "territories"
    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: String
    init() {}
    init(code: String, name: String, kind: String) {
        self.code = code
        self.name = name
        self.kind = kind
    }

    var summary: TerritorySummary { TerritorySummary(code: code, name: name) }
}
