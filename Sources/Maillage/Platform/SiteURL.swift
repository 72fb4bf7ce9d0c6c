import Vapor

/// Every path of the site, once: the same value registers the route and builds links.
enum SiteURL: String, CaseIterable {
    case home = "/"
    case directory = "/annuaire"
    case directoryCSV = "/annuaire/export.csv"
    case directoryGeoJSON = "/annuaire/export.geojson"
    case map = "/carte"
    case newOrganization = "/structures/nouvelle"
    case organization = "/structures/:id"
    case organizationEdit = "/structures/:id/modifier"
    case organizationMembers = "/structures/:id/membres"
    case organizationMemberRemove = "/structures/:id/membres/:memberID/retirer"
    case invitationCancel = "/structures/:id/invitations/:invitationID/annuler"
    case demoOutbox = "/demo/boite-mail"
    case partnerships = "/structures/:id/partenaires"
    case partnershipRemove = "/structures/:id/partenaires/:partnershipID/retirer"
    case partnershipAnswer = "/structures/:id/partenaires/:partnershipID/reponse"
    case territories = "/territoires"
    case coverage = "/territoires/:code/couverture"
    case coverageCSV = "/territoires/:code/couverture.csv"
    case coverageExpectations = "/territoires/:code/couverture/attendus"
    case cooperation = "/territoires/:code/cooperations"
    case exportStructures = "/territoires/:code/export/data-inclusion-structures.json"
    case exportServices = "/territoires/:code/export/data-inclusion-services.json"
    case exportHSDS = "/territoires/:code/export/hsds.json"
    case signIn = "/connexion"
    case signUp = "/inscription"
    case signOut = "/deconnexion"
    case checkMail = "/inscription/verifiez"
    case activation = "/compte/activation"
    case resendActivation = "/compte/activation/renvoyer"
    case forgotPassword = "/mot-de-passe-oublie"
    case resetPassword = "/mot-de-passe/nouveau"
    case invitationAnswer = "/compte/invitations/:id"
    case account = "/compte"
    case tokens = "/compte/jetons"
    case tokenRevoke = "/compte/jetons/:id/revoquer"
    case moderation = "/animation/validations"
    case moderationDecide = "/animation/validations/:id"
    case territoryRequestAnswer = "/animation/validations/territoires/:id"
    case audit = "/animation/journal"
    case imports = "/animation/imports"
    case importJob = "/animation/imports/:id"
    case duplicates = "/animation/doublons"
    case merge = "/animation/doublons/fusion"
    case stylesheet = "/static/maillage.css"
    case script = "/static/maillage.js"

    case apiOrganizations = "/api/v1/organizations"
    case apiOrganization = "/api/v1/organizations/:id"
    case apiTerritories = "/api/v1/territories"
    case apiCoverage = "/api/v1/territories/:code/coverage"
    case apiMe = "/api/v1/me"
    case apiPing = "/api/v1/ping"
    case apiOpenAPI = "/api/v1/openapi.json"

    var components: [PathComponent] { rawValue.pathComponents }

    /// The path with each `:parameter` replaced, in order, by the given values.
    func path(_ values: CustomStringConvertible...) -> String {
        var remaining = values.makeIterator()
        let parts = rawValue.split(separator: "/").map { part -> String in
            guard part.hasPrefix(":"), let value = remaining.next() else { return String(part) }
            return value.description.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? value.description
        }
        return "/" + parts.joined(separator: "/")
    }
}
