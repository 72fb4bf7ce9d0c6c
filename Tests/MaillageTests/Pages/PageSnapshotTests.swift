import Foundation
import Plot
import SnapshotTesting
import Testing
import Vapor

@testable import Maillage

/// Issue 12: every page rendered from its `.mock` model, compared with its recorded HTML (in `__Snapshots__`).
/// A change of a page's markup shows here, reviewed like code; record again with `SNAPSHOT_TESTING_RECORD=all`.
@Suite struct PageSnapshotTests {
    /// The page's own content, indented so that a difference reads line by line.
    func html(_ page: PublicPage) -> String { page.content().render(indentedBy: .spaces(2)) }

    func check(_ page: PublicPage, _ name: String, file: StaticString = #filePath, testName: String = #function, line: UInt = #line) {
        assertSnapshot(of: html(page), as: .lines, named: name, file: file, testName: testName, line: line)
    }

    @Test func sharingPages() {
        check(ResourcesPage.View(context: Mock.context, model: .mock), "ressources")
        check(ResourcePage.View(context: Mock.context, model: .mock), "ressource")
        check(ResourceFormPage.View(context: Mock.context, model: .mock), "ressource-formulaire")
        check(ResourceStatsPage.View(context: Mock.visitor, model: .mock), "ressource-utilisation")
        check(ResourcePage.View(context: Mock.context, model: .monthMock), "ressource-mois")
        check(ResourceFormPage.View(context: Mock.context, model: .editMock), "ressource-modifier")
        check(BookingsPage.View(context: Mock.context, model: .mock), "nos-reservations")
        check(OverviewPage.View(context: Mock.visitor, model: .mock), "ressources-utilisation")
    }

    @Test func surplusPages() throws {
        check(LotFormPage.View(context: Mock.context, model: .mock), "don-formulaire")
        check(LotPage.View(context: Mock.context, model: try .mock()), "lot-tracabilite")
        check(DispatchPage.View(context: Mock.context, model: .mock), "repartition-plan")
        check(RouteSheetPage.View(context: Mock.context, model: .mock), "feuille-de-route")
    }

    @Test func directoryPages() {
        check(HomePage.View(context: Mock.visitor, model: .mock), "accueil")
        check(DirectoryPage.View(context: Mock.visitor, model: .mock), "annuaire")
        check(MapPage.View(context: Mock.visitor, model: .mock), "carte")
        check(OrganizationShowPage.View(context: Mock.context, model: .mock), "fiche")
        check(OrganizationFormPage.View(context: Mock.context, model: .mock), "fiche-formulaire")
        check(MembersPage.View(context: Mock.context, model: .mock), "membres")
        check(TerritoriesPage.View(context: Mock.visitor, model: .mock), "territoires")
        check(CoveragePage.View(context: Mock.context, model: .mock), "couverture")
        check(CooperationPage.View(context: Mock.visitor, model: .mock), "cooperations")
        check(ImportsPage.View(context: Mock.context, model: .mock), "imports")
        check(ModerationPage.View(context: Mock.context, model: .mock), "validations")
        check(DuplicatesPage.View(context: Mock.context, model: .mock), "doublons")
        check(MergePreviewPage.View(context: Mock.context, model: .mock), "fusion-apercu")
        check(InterlocutorsPage.View(context: Mock.context, model: .mock), "interlocuteurs-publics")
        check(TeamPage.View(context: Mock.context, model: .mock), "equipe-territoire")
        check(AgentProfilePage.View(context: Mock.context, model: .mock), "mon-service")
        check(OrganizationContactPage.View(context: Mock.visitor, model: .mock), "fiche-contacter")
        check(ReportErrorPage.View(context: Mock.visitor, model: .mock), "fiche-signaler")
        check(StillAccuratePage.View(context: Mock.visitor, model: .mock), "fiche-toujours-exacte")
        var hidden = OrganizationShowPage.Model.mock
        hidden.showContactDetails = false
        hidden.canEdit = false
        check(OrganizationShowPage.View(context: Mock.visitor, model: hidden), "fiche-visiteur")
    }

    @Test func accountPages() {
        check(SignInPage.View(context: Mock.visitor, model: .mock), "connexion")
        check(SignUpPage.View(context: Mock.visitor, model: .mock), "inscription")
        check(CheckMailPage.View(context: Mock.visitor, model: .init()), "verifiez")
        check(ActivationPage.View(context: Mock.visitor, model: .init(token: "jeton", valid: true)), "activation")
        check(ActivationPage.View(context: Mock.visitor, model: .init(token: "", valid: false)), "activation-expiree")
        check(ForgotPasswordPage.View(context: Mock.visitor, model: .init(email: "claire@test.fr", sent: true, error: nil)), "mot-de-passe-oublie")
        check(
            ResetPasswordPage.View(context: Mock.visitor, model: .init(token: "jeton", valid: true, errors: ["password": "Trop court."])),
            "nouveau-mot-de-passe")
        check(AccountPage.View(context: Mock.context, model: .mock), "compte")
        check(TokensPage.View(context: Mock.context, model: .mock), "jetons")
        check(SettingsPage.View(context: Mock.context, model: .mock), "parametres")
        check(EmailConfirmPage.View(context: Mock.visitor, model: .init(token: "jeton", newEmail: "nouvelle@test.fr")), "adresse-confirmer")
    }

    @Test func platformPages() {
        check(JournalPage.View(context: Mock.context, model: .mock), "journal")
        check(DemoOutboxPage.View(context: Mock.visitor, model: .mock), "boite-mail")
        check(ErrorPage.View(context: Mock.visitor, status: .notFound, detail: "Cette page ou cette ressource n'existe pas (ou plus)."), "erreur-404")
        check(DashboardPage.View(context: Mock.context, model: .mock), "mon-espace")
        check(NotificationsPage.View(context: Mock.context, model: .mock), "notifications")
        check(AdminPage.View(context: Mock.context, model: .mock), "administration")
        check(LegalPage.View(context: Mock.visitor, model: .init(kind: .notice, identity: LegalIdentity())), "mentions-legales")
        check(LegalPage.View(context: Mock.visitor, model: .init(kind: .privacy, identity: .demo)), "confidentialite")
        check(LegalPage.View(context: Mock.visitor, model: .init(kind: .accessibility, identity: .demo)), "accessibilite")
        check(
            ContactPage.View(
                context: Mock.visitor,
                model: .init(
                    form: FormState(values: [.name: "Claire"], errors: [.message: "Écrivez votre message."]),
                    sent: false, available: true)), "contact")
    }

    /// The shell every page shares: navigation by audience, the site's assets (their hashed names masked).
    @Test func shell() {
        let page = ErrorPage.View(context: Mock.context, status: .forbidden, detail: "Vous n'avez pas les droits pour cette action.")
        let document = page.document().render(indentedBy: .spaces(2))
            .replacingOccurrences(of: Assets.shared.stylesheet.name, with: "maillage-HASH.css")
            .replacingOccurrences(of: Assets.shared.script.name, with: "maillage-HASH.js")
        assertSnapshot(of: document, as: .lines, named: "coquille")
    }
}
