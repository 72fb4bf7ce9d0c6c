import Fluent
import Foundation
import Vapor

/// A resource's bookings as an iCal feed (RFC 5545) for the calendar programs structures already use: one event
/// per accepted booking or breakdown, from a month ago to a year ahead.
enum ResourceCalendar {
    /// Text as RFC 5545 wants it: backslash, semicolon, comma and line breaks escaped.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;").replacingOccurrences(of: ",", with: "\\,")
            .replacingOccurrences(of: "\r\n", with: "\\n").replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\n")
    }

    /// Lines longer than 75 octets are folded (CRLF and a space), never inside a UTF-8 character.
    static func fold(_ line: String) -> String {
        var out = "", count = 0
        for ch in line {
            let size = String(ch).utf8.count
            if count + size > 75 {
                out += "\r\n "
                count = 1
            }
            out.append(ch)
            count += size
        }
        return out
    }

    static func stamp(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return f.string(from: d)
    }

    struct Event {
        var id: UUID
        var start: Date
        var end: Date
        var summary: String
        var description: String
    }

    static func text(name: String, events: [Event], now: Date) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Maillage//Ressources partagées//FR", "CALSCALE:GREGORIAN", "X-WR-CALNAME:" + escape(name)]
        for e in events {
            lines += [
                "BEGIN:VEVENT", "UID:\(e.id.uuidString.lowercased())@maillage", "DTSTAMP:" + stamp(now), "DTSTART:" + stamp(e.start), "DTEND:" + stamp(e.end),
                "SUMMARY:" + escape(e.summary), "DESCRIPTION:" + escape(e.description), "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    @Sendable static func feed(req: Request) async throws -> Response {
        let resource = try await ResourceService.find(try SharingURL.calendar.value(of: req), on: req.db)
        // The secret is the permission: a wrong or missing one is the same 404 as an unknown resource.
        guard let token = resource.calendarToken, let given = req.query[String.self, at: "jeton"], given == token else {
            throw Abort(.notFound, reason: "Cet agenda n'existe pas : recopiez son adresse depuis la page de la ressource.")
        }
        let now = req.clock.now
        let bookings = try await Booking.query(on: req.db).filter(\.$resource.$id == resource.requireID())
            .filter(\.$status == BookingStatus.accepted.rawValue).filter(\.$end > now.addingTimeInterval(-31 * 86_400))
            .filter(\.$start < now.addingTimeInterval(366 * 86_400)).with(\.$organization).sort(\.$start).all()
        let events = bookings.compactMap { b -> Event? in
            guard let id = b.id else { return nil }
            let summary = b.isOutage ? "Hors service : \(b.reason)" : "\(resource.name) — \(b.organization.name)"
            let quantity = b.isExclusive ? "" : "\(Format.number(b.quantity)) \(resource.unit). "
            return Event(id: id, start: b.start, end: b.end, summary: summary, description: quantity + b.purpose)
        }
        return calendarResponse(text(name: resource.name, events: events, now: now))
    }

    static func calendarResponse(_ text: String) -> Response {
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "calendar", parameters: ["charset": "utf-8"])
        return response
    }

    /// A structure's calendar: the bookings of its resources (who borrows them) and those it holds elsewhere.
    @Sendable static func structureFeed(req: Request) async throws -> Response {
        let id = try SharingURL.structureCalendar.value(of: req)
        guard let calendar = try await StructureCalendar.query(on: req.db).filter(\.$organization.$id == id).with(\.$organization).first(),
            let given = req.query[String.self, at: "jeton"], given == calendar.token
        else {
            throw Abort(.notFound, reason: "Cet agenda n'existe pas : recopiez son adresse depuis « Nos réservations ».")
        }
        let now = req.clock.now
        let resources = try await SharedResource.query(on: req.db).filter(\.$organization.$id == id).all().compactMap(\.id)
        let window = { (q: QueryBuilder<Booking>) in
            q.filter(\.$status == BookingStatus.accepted.rawValue).filter(\.$end > now.addingTimeInterval(-31 * 86_400))
                .filter(\.$start < now.addingTimeInterval(366 * 86_400)).with(\.$organization).with(\.$resource).sort(\.$start)
        }
        let lent = resources.isEmpty ? [] : try await window(Booking.query(on: req.db).filter(\.$resource.$id ~~ resources)).all()
        let borrowed = try await window(Booking.query(on: req.db).filter(\.$organization.$id == id)).all().filter { !resources.contains($0.$resource.id) }
        let events = (lent + borrowed).compactMap { b -> Event? in
            guard let bid = b.id else { return nil }
            let summary =
                b.isOutage
                ? "\(b.resource.name) hors service : \(b.reason)"
                : b.$organization.id == id ? "\(b.resource.name) (emprunt)" : "\(b.resource.name) prêtée à \(b.organization.name)"
            let quantity = b.isExclusive ? "" : "\(Format.number(b.quantity)) \(b.resource.unit). "
            return Event(id: bid, start: b.start, end: b.end, summary: summary, description: quantity + b.purpose)
        }
        return calendarResponse(text(name: "Ressources — " + calendar.organization.name, events: events, now: now))
    }

    /// The feed's address, for the owner's page.
    static func address(of resource: SharedResource, base: String) -> String? {
        guard let token = resource.calendarToken, let id = resource.id else { return nil }
        return base + SharingURL.calendar(id) + "?jeton=" + token
    }
}
