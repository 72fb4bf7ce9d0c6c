import Fluent
import Foundation
import Vapor

/// What only the lending structure does: change its resource, its opening and rules, plan closures; and what
/// either side does at pick-up.
enum ResourceOwnerController {
    enum ClosureField: String, FormKey { case du, au, motif }

    /// The resource's fields, as the form shows them.
    static func form(of r: SharedResource) -> FormState<SharingController.ResourceField> {
        var values: [SharingController.ResourceField: String] = [
            .organization: r.$organization.id.uuidString, .kind: r.kind, .name: r.name, .description: r.summary, .capacity: Format.number(r.capacity),
            .unit: r.unit, .refrigerated: r.refrigerated ? "1" : "", .buffer: String(r.bufferMinutes), .approval: r.needsApproval ? "1" : "",
            .ouvre: clock(r.opensAt), .ferme: clock(r.closesAt), .quota: r.quotaHours.map(String.init) ?? "", .attente: r.pendingHolds ? "1" : "",
            .retrait: r.checkinMinutes.map(String.init) ?? "",
        ]
        for (n, day) in ResourceFormPage.days.enumerated() where r.opening.days.contains(n + 1) { values[day.0] = "1" }
        return FormState(values: values)
    }

    /// 510 → "08:30"; midnight at the end of the day → "00:00", as time fields show it.
    static func clock(_ minutes: Int) -> String { String(format: "%02d:%02d", (minutes / 60) % 24, minutes % 60) }

    /// The resource of the path, checked by the route's `ResourceScope` group.
    static func owned(_ req: Request) throws -> (SharedResource, Viewer) { (try req.record(ResourceScope.self), try req.requireViewer()) }

    @Sendable static func edit(req: Request) async throws -> Response {
        let (resource, _) = try owned(req)
        return try await SharingController.resourceForm(req, form: form(of: resource), editing: resource, status: .ok)
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let (resource, viewer) = try owned(req)
        var form = FormState<SharingController.ResourceField>(req)
        form.values[.kind] = resource.kind
        guard let input = SharingController.input(&form, organization: resource.$organization.id) else {
            return try await SharingController.resourceForm(req, form: form, editing: resource, status: .unprocessableEntity)
        }
        do {
            try await ResourceService.update(resource, with: input, by: viewer, now: req.clock.now, on: req.db)
        } catch let failure as Refusal<ResourceInput.Field> {
            SharingController.refuse(failure, in: &form)
            return try await SharingController.resourceForm(req, form: form, editing: resource, status: .unprocessableEntity)
        } catch let conflict as BookingService.Conflict {
            form.refuse(.capacity, conflict.reason)
            return try await SharingController.resourceForm(req, form: form, editing: resource, status: .conflict)
        }
        return Redirect.to(SharingURL.resource(try resource.requireID()), on: req, notice: "« \(resource.name) » est à jour.")
    }

    /// A planned closure, whole days: refused while bookings fall in it (cancel them first, or mark a breakdown).
    @Sendable static func addClosure(req: Request) async throws -> Response {
        let (resource, viewer) = try owned(req)
        var form = FormState<ClosureField>(req)
        let from = LocalMoment.day(form[.du]), lastDay = LocalMoment.day(form[.au])
        if from == nil { form.refuse(.du, "Indiquez le premier jour fermé.") }
        if lastDay == nil { form.refuse(.au, "Indiquez le dernier jour fermé (le même pour un seul jour).") }
        let label = form.trimmed(.motif)
        if label.count > 120 { form.refuse(.motif, "120 caractères au plus.") }
        let paris = Calendar.paris
        let today = paris.startOfDay(for: req.clock.now)
        if let from, let lastDay {
            if lastDay < from { form.refuse(.au, "Le dernier jour vient après le premier.") }
            if from < today { form.refuse(.du, "Ce jour est passé : une fermeture se prévoit à l'avance.") }
            if lastDay.timeIntervalSince(from) > 366 * 86_400 { form.refuse(.au, "Un an au plus.") }
        }
        guard form.isValid, let from, let lastDay, let end = paris.date(byAdding: .day, value: 1, to: lastDay) else {
            return try await closureAgain(req, resource, form, status: .unprocessableEntity)
        }
        let rid = try resource.requireID()
        let taken = try await Booking.query(on: req.db).filter(\.$resource.$id == rid).filter(\.$holds == true).filter(\.$isOutage == false)
            .filter(\.$start < end).filter(\.$end > from).sort(\.$start).all()
        if let first = taken.first {
            form.refuse(
                .du,
                "\(French.count(taken.count, "réservation tombe", plural: "réservations tombent")) pendant cette fermeture (la première "
                    + "\(BookingService.period(first.start, first.end))) : annulez-les d'abord, ou signalez plutôt la ressource hors service.")
            return try await closureAgain(req, resource, form, status: .conflict)
        }
        let closure = ResourceClosure()
        (closure.$resource.id, closure.start, closure.end, closure.label) = (rid, from, end, label)
        try await req.db.audited(
            SharingModule.resourceClosed, about: .structure(resource.$organization.id), by: viewer,
            summary: "« \(resource.name) » fermée du \(Format.date(from)) au \(Format.date(lastDay))"
        ) { tx in try await closure.create(on: tx) }
        return Redirect.to(
            SharingURL.edit(rid) + "#fermetures", on: req, notice: "Fermeture enregistrée du \(Format.date(from)) au \(Format.date(lastDay)).")
    }

    private static func closureAgain(_ req: Request, _ r: SharedResource, _ closure: FormState<ClosureField>, status: HTTPResponseStatus) async throws
        -> Response
    {
        let closures = try await ResourceClosure.query(on: req.db).filter(\.$resource.$id == r.requireID()).sort(\.$start).all()
        let model = ResourceFormPage.Model(
            organizations: try await ResourceService.validatedOrganizations(of: try req.requireViewer(), on: req.db), form: form(of: r), editing: r,
            closures: closures, closure: closure)
        return ResourceFormPage.View(context: PageContext(req), model: model).response(status: status, on: req)
    }

    @Sendable static func removeClosure(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let (closure, resource) = try req.record(ClosureScope.self).pair
        try await req.db.audited(
            SharingModule.resourceClosed, about: .structure(resource.$organization.id), by: viewer,
            summary: "« \(resource.name) » : fermeture du \(Format.date(closure.start)) retirée"
        ) { tx in try await closure.delete(on: tx) }
        return Redirect.to(SharingURL.edit(try resource.requireID()) + "#fermetures", on: req, notice: "Fermeture retirée : ces jours se réservent à nouveau.")
    }

    /// Either structure notes the pick-up, so that the booking is not released.
    @Sendable static func checkIn(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let (booking, resource) = try req.record(BookingScope.self).pair
        try await BookingService.checkIn(booking, of: resource, by: viewer, now: req.clock.now, on: req.db)
        return Redirect.to(SharingURL.resource(try resource.requireID()), on: req, notice: "Retrait noté : la réservation est gardée jusqu'à sa fin.")
    }

    /// Every few minutes: what was not picked up in time is released, and both structures are told.
    @Sendable static func releaseUnclaimed(app: Application, now: Date) async throws {
        for (booking, resource) in try await BookingService.releaseUnclaimed(now: now, on: app.db) {
            try await ResourceNotices.decided(booking, resource, now: now, base: app.publicBaseURL, on: app.db, ownerToo: true)
        }
    }
}
