import Fluent
import Foundation
import Vapor

/// The State and local services a public agent belongs to.
enum PublicService: String, CaseIterable, Sendable {
    case ddets, dreets, draaf, ddpp, prefecture, departement, region, caf, msa, ars, commune, epci, autre

    var label: String {
        switch self {
        case .ddets: "DDETS (emploi, travail et solidarités)"
        case .dreets: "DREETS (région : économie, emploi, travail, solidarités)"
        case .draaf: "DRAAF (alimentation, agriculture et forêt)"
        case .ddpp: "DDPP (protection des populations, hygiène)"
        case .prefecture: "Préfecture ou sous-préfecture"
        case .departement: "Conseil départemental"
        case .region: "Conseil régional"
        case .caf: "CAF"
        case .msa: "MSA"
        case .ars: "ARS (santé)"
        case .commune: "Commune ou CCAS"
        case .epci: "Intercommunalité"
        case .autre: "Autre service public"
        }
    }
}

/// What a public agent can be asked about.
enum AgentDomain: String, CaseIterable, Sendable {
    case foodAid = "aide-alimentaire", pat, funding = "subventions", insertion, health = "sante", agriculture, hygiene, families = "familles"
    case housing = "hebergement"

    var label: String {
        switch self {
        case .foodAid: "Aide alimentaire"
        case .pat: "Projet alimentaire territorial (PAT)"
        case .funding: "Subventions et appels à projets"
        case .insertion: "Insertion et emploi"
        case .health: "Santé et nutrition"
        case .agriculture: "Agriculture et circuits courts"
        case .hygiene: "Hygiène et sécurité des aliments"
        case .families: "Familles et enfance"
        case .housing: "Hébergement et logement"
        }
    }
}

/// A public agent's service, job and domains: who to call for what (seed 004).
final class PublicAgentProfile: Model, @unchecked Sendable {
    static let schema = "public_agent_profiles"
    @ID(key: .id) var id: UUID?
    // data
    @Field(key: "service") var service: String
    /// As the agent writes it: "DDETS de l'Aude", "CAF de l'Hérault".
    @Field(key: "service_name") var serviceName: String
    @Field(key: "job_title") var jobTitle: String
    @OptionalField(key: "phone") var phone: String?
    /// Domain keys, comma-separated.
    @Field(key: "domains") var domains: String
    // relations
    @Parent(key: "user_id") var user: User
    @OptionalParent(key: "organization_id") var organization: Organization?
    // timestamps
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}

    var serviceValue: PublicService { PublicService(rawValue: service) ?? .autre }
    var domainValues: [AgentDomain] { domains.split(separator: ",").compactMap { AgentDomain(rawValue: String($0)) } }
}

/// The "Mon service" form of a public agent.
enum PublicAgentRules {
    enum Field: String, FormKey {
        case service, serviceName = "nom_service", jobTitle = "fonction", phone = "telephone", organization = "fiche", domains = "domaines"
    }

    struct Valid: Sendable {
        var service: PublicService
        var serviceName: String
        var jobTitle: String
        var phone: String?
        var domains: [AgentDomain]
        var organization: UUID?
    }

    struct Refusal: Error { var errors: [Field: String] }

    static func validate(_ form: FormState<Field>, domains: [String], fiches: Set<UUID>) -> Result<Valid, Refusal> {
        var errors: [Field: String] = [:]
        let service = PublicService(rawValue: form[.service])
        if service == nil { errors[.service] = "Choisissez votre service dans la liste." }
        let name = form.trimmed(.serviceName)
        if name.isEmpty { errors[.serviceName] = "Indiquez le nom de votre service, par exemple « DDETS de l'Aude »." }
        if name.count > 150 { errors[.serviceName] = "Le nom du service est trop long (150 caractères au plus)." }
        let title = form.trimmed(.jobTitle)
        if title.isEmpty { errors[.jobTitle] = "Indiquez votre fonction, par exemple « chargée de mission aide alimentaire »." }
        if title.count > 150 { errors[.jobTitle] = "La fonction est trop longue (150 caractères au plus)." }
        let phone = form.trimmed(.phone)
        if !phone.isEmpty, !OrganizationRules.isPhone(phone) { errors[.phone] = "Numéro de téléphone invalide, par exemple 04 68 00 00 00." }
        let chosen = domains.compactMap(AgentDomain.init(rawValue:))
        if chosen.isEmpty { errors[.domains] = "Cochez au moins un domaine : c'est ce qui permet aux structures de savoir qui appeler." }
        let organization = UUID(uuidString: form[.organization])
        if let organization, !fiches.contains(organization) { errors[.organization] = "Choisissez la fiche de votre service dans la liste." }
        guard errors.isEmpty, let service else { return .failure(Refusal(errors: errors)) }
        return .success(
            Valid(service: service, serviceName: name, jobTitle: title, phone: phone.isEmpty ? nil : phone, domains: chosen, organization: organization))
    }
}
