import Foundation
import Vapor

/// A structure as sent by the API (JSON) or built from the HTML form; every field optional so that a PATCH
/// can send only what changes and a form can come back with what the person typed.
struct OrganizationInput: Content, Sendable, Equatable {
    struct CapacityInput: Content, Sendable, Equatable {
        var temperature: String
        var capacity_kg: Double
        var note: String?
    }
    struct ContactInput: Content, Sendable, Equatable {
        var name: String
        var role: String?
        var email: String?
        var phone: String?
    }

    var name: String?
    var category: String?
    var description: String?
    var services: String?
    var address: String?
    var postal_code: String?
    var commune: String?
    var latitude: Double?
    var longitude: Double?
    var siret: String?
    var email: String?
    var phone: String?
    var website: String?
    var opening_hours: String?
    var territories: [String]?
    var capacities: [CapacityInput]?
    var contacts: [ContactInput]?

    /// Fields of `other` that are set replace ours (PATCH semantics).
    func overlaid(with other: OrganizationInput) -> OrganizationInput {
        var merged = self
        merged.name = other.name ?? name
        merged.category = other.category ?? category
        merged.description = other.description ?? description
        merged.services = other.services ?? services
        merged.address = other.address ?? address
        merged.postal_code = other.postal_code ?? postal_code
        merged.commune = other.commune ?? commune
        if other.latitude != nil || other.longitude != nil || other.commune != nil || other.postal_code != nil {
            merged.latitude = other.latitude
            merged.longitude = other.longitude
        }
        merged.siret = other.siret ?? siret
        merged.email = other.email ?? email
        merged.phone = other.phone ?? phone
        merged.website = other.website ?? website
        merged.opening_hours = other.opening_hours ?? opening_hours
        merged.territories = other.territories ?? territories
        merged.capacities = other.capacities ?? capacities
        merged.contacts = other.contacts ?? contacts
        return merged
    }
}

/// A structure's data once checked: what gets written.
struct ValidOrganization: Sendable, Equatable {
    var name: String
    var category: Category
    var summary: String
    var services: String
    var address: String
    var postalCode: String
    var commune: String
    var inseeCode: String?
    var point: GeoPoint
    var siret: String?
    var email: String?
    var phone: String?
    var website: String?
    var openingHours: String
    var departement: String
    var extraTerritories: [String]
    var capacities: [(TemperatureClass, Double, String)]
    var contacts: [(name: String, role: String, email: String?, phone: String?)]

    static func == (a: Self, b: Self) -> Bool { a.name == b.name && a.point == b.point && a.category == b.category }
}

/// The rules a structure's data must follow, with one French message per field a volunteer can act on.
enum OrganizationRules {
    /// `previousHours`: the stored hours, accepted unchanged even if older rules let them in, so that editing
    /// another field never fails on them.
    static func validate(
        _ input: OrganizationInput, previousHours: String? = nil, communes: CommuneTable = .shared
    ) -> Result<ValidOrganization, ValidationFailure> {
        var errors: [String: String] = [:]
        func clean(_ s: String?) -> String { (s ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        func optional(_ s: String?) -> String? { let c = clean(s); return c.isEmpty ? nil : c }

        let name = clean(input.name)
        if name.isEmpty {
            errors["name"] = "Le nom de la structure est obligatoire."
        } else if name.count > 200 {
            errors["name"] = "Le nom est trop long (200 caractères au plus)."
        }

        let categoryRaw = clean(input.category)
        let category = Category(rawValue: categoryRaw)
        if categoryRaw.isEmpty {
            errors["category"] = "Choisissez une catégorie."
        } else if category == nil {
            errors["category"] = "Catégorie inconnue : choisissez-en une dans la liste."
        }

        let summary = clean(input.description)
        if summary.count > 5000 { errors["description"] = "La présentation est trop longue (5 000 caractères au plus)." }
        let services = clean(input.services)
        if services.count > 5000 { errors["services"] = "La liste des services est trop longue (5 000 caractères au plus)." }
        let openingHours = clean(input.opening_hours)
        if openingHours.count > 1000 {
            errors["opening_hours"] = "Les horaires sont trop longs (1 000 caractères au plus)."
        } else if !openingHours.isEmpty, openingHours != previousHours?.trimmingCharacters(in: .whitespacesAndNewlines) {
            do {
                try OpeningHours.validate(openingHours)
                if let problem = WeeklyHours.parse(openingHours)?.problems.first { errors["opening_hours"] = problem.message }
            } catch {
                errors["opening_hours"] =
                    "Ces horaires ne sont pas au format OpenStreetMap (\(error.message)). Utilisez les jours de la semaine ci-dessus, "
                    + "ou écrivez par exemple « Mo-Fr 09:00-12:00; PH off »."
            }
        }
        let address = clean(input.address)
        if address.count > 300 { errors["address"] = "L'adresse est trop longue." }

        let postalCode = clean(input.postal_code).replacingOccurrences(of: " ", with: "")
        if postalCode.isEmpty {
            errors["postal_code"] = "Le code postal est obligatoire."
        } else if postalCode.count != 5 || !postalCode.allSatisfy(\.isNumber) {
            errors["postal_code"] = "Un code postal a 5 chiffres, par exemple 11100."
        }

        var commune = clean(input.commune)
        if commune.isEmpty { errors["commune"] = "La commune est obligatoire." }

        // Coordinates: given, or the commune's centroid from the bundled INSEE table.
        var point: GeoPoint?
        var insee: String?
        let known =
            communes.search(postalCode).first { TextFolding.fold($0.name) == TextFolding.fold(commune) }
            ?? (commune.isEmpty ? nil : communes.search(commune).first { $0.postalCodes.contains(postalCode) })
        if let known {
            insee = known.insee
            commune = known.name
        }
        switch (input.latitude, input.longitude) {
        case let (lat?, lon?):
            if !lat.isFinite || !lon.isFinite || !FranceBounds.contains(GeoPoint(latitude: lat, longitude: lon)) {
                errors["latitude"] = "Ces coordonnées sont hors de France : vérifiez la latitude et la longitude (degrés décimaux)."
            } else {
                point = GeoPoint(latitude: lat, longitude: lon)
            }
        case (nil, nil):
            if let known {
                point = known.point
            } else if errors["commune"] == nil, errors["postal_code"] == nil {
                errors["commune"] = "Commune introuvable pour ce code postal : corrigez-la ou indiquez les coordonnées."
            }
        default:
            errors["latitude"] = "Indiquez la latitude et la longitude ensemble, ou aucune des deux."
        }

        var siret: String?
        if let raw = optional(input.siret) {
            do { siret = try SIRET.validate(raw) } catch {
                errors["siret"] =
                    error == .notFourteenDigits
                    ? "Un SIRET a 14 chiffres."
                    : "Ce SIRET n'est pas valide (clé de contrôle) : vérifiez-le sur l'avis de situation INSEE."
            }
        }
        let email = optional(input.email)?.lowercased()
        if let email, !EmailAddress.isValid(email) { errors["email"] = "Adresse e-mail invalide, par exemple contact@association.fr." }
        let phone = optional(input.phone)
        if let phone, !isPhone(phone) { errors["phone"] = "Numéro de téléphone invalide, par exemple 04 68 00 00 00." }
        var website = optional(input.website)
        if let w = website, !w.lowercased().hasPrefix("http://"), !w.lowercased().hasPrefix("https://") { website = "https://" + w }
        if let w = website, URL(string: w)?.host == nil { errors["website"] = "Adresse de site invalide." }

        var capacities: [(TemperatureClass, Double, String)] = []
        for (i, c) in (input.capacities ?? []).enumerated() {
            guard let t = TemperatureClass(rawValue: c.temperature) else {
                errors["capacities[\(i)].temperature"] = "Classe de température inconnue (ambiant, frais ou surgele)."
                continue
            }
            guard c.capacity_kg.isFinite, c.capacity_kg >= 0, c.capacity_kg <= 10_000_000 else {
                errors["capacities[\(i)].capacity_kg"] = "La capacité doit être un nombre de kilos positif."
                continue
            }
            if c.capacity_kg > 0 { capacities.append((t, c.capacity_kg, clean(c.note))) }
        }
        var contacts: [(name: String, role: String, email: String?, phone: String?)] = []
        for (i, c) in (input.contacts ?? []).enumerated() {
            let n = clean(c.name)
            let e = optional(c.email)?.lowercased()
            let p = optional(c.phone)
            if n.isEmpty { errors["contacts[\(i)].name"] = "Le nom de l'interlocuteur est obligatoire."; continue }
            if let e, !EmailAddress.isValid(e) { errors["contacts[\(i)].email"] = "Adresse e-mail invalide." }
            if let p, !isPhone(p) { errors["contacts[\(i)].phone"] = "Numéro de téléphone invalide." }
            contacts.append((n, clean(c.role), e, p))
        }
        let extra = (input.territories ?? []).map { clean($0) }.filter { !$0.isEmpty }
        for code in extra where communes.departement(code: code) == nil {
            errors["territories"] = "Territoire inconnu : \(code)."
        }

        guard errors.isEmpty, let category, let point else { return .failure(ValidationFailure(fields: errors)) }
        return .success(
            ValidOrganization(
                name: name, category: category, summary: summary, services: services, address: address,
                postalCode: postalCode, commune: commune, inseeCode: insee, point: point, siret: siret, email: email,
                phone: phone, website: website, openingHours: openingHours,
                departement: Organization.departement(insee: insee, postalCode: postalCode),
                extraTerritories: extra, capacities: capacities, contacts: contacts))
    }

    static func isPhone(_ s: String) -> Bool {
        let allowed = Set("0123456789+ .-()")
        let digits = s.filter(\.isNumber).count
        return s.allSatisfy { allowed.contains($0) } && (10...15).contains(digits)
    }
}
