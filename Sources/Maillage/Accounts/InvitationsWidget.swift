import Fluent
import Foundation

/// Invitations waiting for the person's answer.
enum InvitationsWidget: DashboardWidget {
    static func load(for viewer: Viewer, on db: any Database, now: Date) async throws -> WidgetModel? {
        let invitations = try await Invitation.query(on: db).filter(\.$email == viewer.email).with(\.$organization).sort(\.$createdAt).all()
        guard !invitations.isEmpty else { return nil }
        return WidgetModel(
            title: "Invitations",
            items: invitations.map {
                .init(
                    label: "« \($0.organization.name) » vous invite", link: AccountsURL.account.path + "#invitations",
                    detail: "de la part de \($0.invitedBy)")
            },
            empty: "", action: viewer.isVerified ? nil : .init(label: "Vérifiez votre adresse pour répondre", link: AccountsURL.account.path + "#verification"))
    }
}
