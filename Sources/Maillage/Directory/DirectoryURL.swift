import Foundation

/// The directory's addresses: the public directory and map, structure pages, territories, and the animators'
/// desk for structures (validations, imports, duplicates), plus the directory's API.
enum DirectoryURL {
    static let home = Path0("/")
    static let directory = Path0("/annuaire")
    static let directoryCSV = Path0("/annuaire/export.csv")
    static let directoryGeoJSON = Path0("/annuaire/export.geojson")
    static let map = Path0("/carte")

    static let newOrganization = Path0("/structures/nouvelle")
    static let organization = Path1<UUID>("/structures/:id")
    static let organizationEdit = Path1<UUID>("/structures/:id/modifier")
    static let contact = Path1<UUID>("/structures/:id/contacter")
    static let reportError = Path1<UUID>("/structures/:id/signaler")
    static let join = Path1<UUID>("/structures/:id/rejoindre")
    static let joinAnswer = Path2<UUID, UUID>("/structures/:id/demandes/:requestID")
    static let confirmAccurate = Path1<UUID>("/structures/:id/confirmer")
    static let stillAccurate = Path1<UUID>("/structures/:id/toujours-exacte")
    static let members = Path1<UUID>("/structures/:id/membres")
    static let memberRemove = Path2<UUID, UUID>("/structures/:id/membres/:memberID/retirer")
    static let invitationCancel = Path2<UUID, UUID>("/structures/:id/invitations/:invitationID/annuler")
    static let partnerships = Path1<UUID>("/structures/:id/partenaires")
    static let partnershipRemove = Path2<UUID, UUID>("/structures/:id/partenaires/:partnershipID/retirer")
    static let partnershipAnswer = Path2<UUID, UUID>("/structures/:id/partenaires/:partnershipID/reponse")

    static let territories = Path0("/territoires")
    static let coverage = Path1<String>("/territoires/:code/couverture")
    static let coverageCSV = Path1<String>("/territoires/:code/couverture.csv")
    static let coverageExpectations = Path1<String>("/territoires/:code/couverture/attendus")
    static let coverageInvitation = Path1<String>("/territoires/:code/couverture/invitations")
    static let cooperation = Path1<String>("/territoires/:code/cooperations")
    static let exportStructures = Path1<String>("/territoires/:code/export/data-inclusion-structures.json")
    static let exportServices = Path1<String>("/territoires/:code/export/data-inclusion-services.json")
    static let exportHSDS = Path1<String>("/territoires/:code/export/hsds.json")

    static let moderation = Path0("/animation/validations")
    static let moderationDecide = Path1<UUID>("/animation/validations/:id")
    static let territoryRequestAnswer = Path1<UUID>("/animation/validations/territoires/:id")
    static let imports = Path0("/animation/imports")
    static let importJob = Path1<UUID>("/animation/imports/:id")
    static let duplicates = Path0("/animation/doublons")
    static let merge = Path0("/animation/doublons/fusion")
    static let mergeUndo = Path1<UUID>("/animation/doublons/fusions/:id/annuler")

    static let apiOrganizations = Path0("/api/v1/organizations")
    static let apiOrganization = Path1<UUID>("/api/v1/organizations/:id")
    static let apiTerritories = Path0("/api/v1/territories")
    static let apiCoverage = Path1<String>("/api/v1/territories/:code/coverage")
}
