import Fluent
import Foundation
import Vapor

/// The services a structure describes itself (issue 13, item 7), with the data·inclusion vocabulary, so that the
/// annuaire filters by them and the data·inclusion and HSDS exports carry them. Imported services are kept as
/// their source sent them: they are corrected at the source.
enum ServicesController {
    enum Field: String, FormKey {
        case name = "nom", description, themes = "thematiques", publics, fees = "frais", modes = "modes_accueil"
        case conditions = "conditions_acces", hours = "horaires"
    }

    struct Valid: Sendable {
        var name: String
        var description: String
        var themes: [String]
        var publics: [String]
        var fees: String?
        var modes: [String]
        var conditions: String
        var hours: String?
    }

    /// The rules of a service, with one French message per field.
    static func validate(_ form: FormState<Field>, themes: [String], publics: [String], modes: [String], vocabulary: ServiceVocabulary = .shared)
        -> (Valid?, [Field: String])
    {
        var errors: [Field: String] = [:]
        let name = form.trimmed(.name)
        if name.count < 3 { errors[.name] = "Donnez un nom au service (3 caractères au moins), par exemple « Distribution de colis »." }
        if name.count > 150 { errors[.name] = "Le nom est trop long (150 caractères au plus)." }
        let description = form.trimmed(.description)
        if description.count < 5 { errors[.description] = "Décrivez le service en une phrase au moins : ce qui est proposé, à qui, comment." }
        if description.count > 5000 { errors[.description] = "La description est trop longue (5 000 caractères au plus)." }
        let knownThemes = Set(vocabulary.themes.map(\.value))
        let chosenThemes = themes.filter(knownThemes.contains)
        if chosenThemes.isEmpty { errors[.themes] = "Cochez au moins une thématique : c'est ce qui permet de trouver le service." }
        let knownPublics = Set(vocabulary.publics.map(\.value))
        var chosenPublics = publics.filter(knownPublics.contains)
        if chosenPublics.contains("tous-publics") && chosenPublics.count > 1 {
            errors[.publics] = "« Tous publics » ne se combine pas avec d'autres publics : choisissez l'un ou les autres."
        }
        if chosenPublics.isEmpty { chosenPublics = ["tous-publics"] }
        let fees = form.trimmed(.fees)
        if !fees.isEmpty, !vocabulary.fees.contains(where: { $0.value == fees }) { errors[.fees] = "Choisissez gratuit ou payant." }
        let knownModes = Set(vocabulary.receptionModes.map(\.value))
        let chosenModes = modes.filter(knownModes.contains)
        let conditions = form.trimmed(.conditions)
        if conditions.count > 2000 { errors[.conditions] = "Les conditions d'accès sont trop longues (2 000 caractères au plus)." }
        let hours = form.trimmed(.hours)
        if !hours.isEmpty {
            do { try OpeningHours.validate(hours) } catch {
                errors[.hours] = "Ces horaires ne sont pas au format OpenStreetMap (\(error.message)), par exemple « Tu 14:00-17:00 »."
            }
        }
        guard errors.isEmpty else { return (nil, errors) }
        return (
            Valid(
                name: name, description: description, themes: chosenThemes, publics: chosenPublics, fees: fees.isEmpty ? nil : fees, modes: chosenModes,
                conditions: conditions, hours: hours.isEmpty ? nil : hours), [:]
        )
    }

    @Sendable static func newForm(req: Request) async throws -> Response {
        let org = try req.requireOrganization()
        var form = FormState<Field>()
        form.values[.publics] = "tous-publics"
        form.values[.modes] = "en-presentiel"
        return try page(req, org: org, serviceID: nil, form: form, status: .ok)
    }

    @Sendable static func editForm(req: Request) async throws -> Response {
        let org = try req.requireOrganization()
        let offer = try await nativeOffer(req, of: org)
        let form = FormState<Field>(values: [
            .name: offer.name, .description: offer.summary, .themes: offer.themes, .publics: offer.publics, .fees: offer.fees ?? "",
            .modes: offer.receptionModes, .conditions: offer.accessConditions, .hours: offer.openingHours ?? "",
        ])
        return try page(req, org: org, serviceID: offer.id, form: form, status: .ok)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        try await save(req, existing: nil)
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let org = try req.requireOrganization()
        return try await save(req, existing: try await nativeOffer(req, of: org))
    }

    @Sendable static func delete(req: Request) async throws -> Response {
        let org = try req.requireOrganization()
        let viewer = try req.requireViewer()
        let offer = try await nativeOffer(req, of: org)
        let orgID = try org.requireID()
        try await req.db.audited(
            .serviceRemoved, about: .structure(orgID), territory: org.scope.primaryTerritoryID, by: viewer, summary: "Service « \(offer.name) » retiré"
        ) { tx in try await offer.delete(on: tx) }
        req.directoryIndex.invalidate()
        return Flash.redirect(req, to: DirectoryURL.organization(orgID) + "#services", notice: "Service « \(offer.name) » retiré.")
    }

    private static func save(_ req: Request, existing: ServiceOffer?) async throws -> Response {
        let org = try req.requireOrganization()
        let viewer = try req.requireViewer()
        let orgID = try org.requireID()
        var form = FormState<Field>(req)
        let themes = list(req, "thematiques"), publics = list(req, "publics"), modes = list(req, "modes_accueil")
        form.values[.themes] = themes.joined(separator: ",")
        form.values[.publics] = publics.joined(separator: ",")
        form.values[.modes] = modes.joined(separator: ",")
        let (valid, errors) = validate(form, themes: themes, publics: publics, modes: modes)
        guard let valid else {
            form.errors = errors
            return try page(req, org: org, serviceID: existing?.id, form: form, status: .unprocessableEntity)
        }
        let today = Self.day(req.clock.now)
        let offer = existing ?? ServiceOffer()
        try await req.db.audited(
            existing == nil ? .serviceAdded : .serviceUpdated, about: .structure(orgID), territory: org.scope.primaryTerritoryID, by: viewer,
            summary: "Service « \(valid.name) »"
        ) { tx in
            if existing == nil {
                let id = UUID()
                offer.id = id
                offer.$organization.id = orgID
                offer.source = Export.source
                offer.sourceID = Export.source + "--" + id.uuidString.lowercased()
                offer.payload = ""
                offer.fingerprint = ""
            }
            offer.name = valid.name
            offer.summary = valid.description
            offer.themes = valid.themes.joined(separator: ",")
            offer.publics = valid.publics.joined(separator: ",")
            offer.fees = valid.fees
            offer.receptionModes = valid.modes.joined(separator: ",")
            offer.accessConditions = valid.conditions
            offer.openingHours = valid.hours
            offer.sourceUpdated = today
            if existing == nil { try await offer.create(on: tx) } else { try await offer.save(on: tx) }
        }
        req.directoryIndex.invalidate()
        return Flash.redirect(
            req, to: DirectoryURL.organization(orgID) + "#services",
            notice: existing == nil ? "Service « \(valid.name) » ajouté à la fiche." : "Service « \(valid.name) » modifié.")
    }

    /// Checkbox lists arrive as repeated fields.
    private static func list(_ req: Request, _ key: String) -> [String] {
        (try? req.content.get([String].self, at: key)) ?? ((try? req.content.get(String.self, at: key)).map { [$0] } ?? [])
    }

    private static func nativeOffer(_ req: Request, of org: Organization) async throws -> ServiceOffer {
        let (orgID, serviceID) = try DirectoryURL.serviceEdit.values(of: req)
        guard let offer = try await ServiceOffer.query(on: req.db).filter(\.$id == serviceID).filter(\.$organization.$id == orgID).first() else {
            throw Abort(.notFound, reason: "Ce service n'existe pas (ou plus).")
        }
        guard offer.isNative else {
            throw Abort(.conflict, reason: "Ce service vient de « \(offer.source) » : corrigez-le à la source, il sera mis à jour au prochain import.")
        }
        return offer
    }

    private static func page(_ req: Request, org: Organization, serviceID: UUID?, form: FormState<Field>, status: HTTPResponseStatus) throws -> Response {
        let model = ServiceFormPage.Model(organizationID: try org.requireID(), organizationName: org.name, serviceID: serviceID, form: form)
        return ServiceFormPage.View(context: PageContext(req), model: model).response(status: status, on: req)
    }

    private static func day(_ date: Date) -> String {
        let d = LocalTime.moment(date, departement: "75").date
        return d.iso
    }
}
