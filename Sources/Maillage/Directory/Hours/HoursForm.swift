import Foundation

/// Between the per-day editor of the structure form and the OSM text stored: a row per day (closed, open, by
/// appointment; up to three slots), "closed on public holidays", temporary closures, and the OSM text itself for
/// those who have it from another tool.
enum HoursForm {
    static let slotsPerDay = 3
    static let maxClosures = 6

    enum Key {
        static let editor = "horaires_editeur"
        static let holidays = "feries_fermes"
        static let osm = "opening_hours"
        static let initial = "opening_hours_initial"
        static func mode(_ day: Int) -> String { "jour_\(day)_mode" }
        static func opens(_ day: Int, _ slot: Int) -> String { "jour_\(day)_\(slot)_de" }
        static func closes(_ day: Int, _ slot: Int) -> String { "jour_\(day)_\(slot)_a" }
        static func day(_ day: Int) -> String { "jour_\(day)" }
        static func closureFrom(_ k: Int) -> String { "fermeture_\(k)_du" }
        static func closureTo(_ k: Int) -> String { "fermeture_\(k)_au" }
        static func closureMessage(_ k: Int) -> String { "fermeture_\(k)_motif" }
        static func closure(_ k: Int) -> String { "fermeture_\(k)" }
    }

    /// The editor's fields for stored hours; closures already over are left out (they are history).
    static func values(osm: String, today: LocalDate) -> [String: String] {
        var v: [String: String] = [Key.osm: osm, Key.initial: osm]
        let hours = WeeklyHours.parse(osm) ?? WeeklyHours()
        for (d, day) in hours.days.enumerated() {
            v[Key.mode(d)] = day.mode.rawValue
            for (k, slot) in day.slots.prefix(slotsPerDay).enumerated() {
                v[Key.opens(d, k)] = OpeningHours.clock(slot.opens)
                // Time inputs stop at 23:59: midnight is "00:00", read back as the end of the day.
                v[Key.closes(d, k)] = OpeningHours.clock(slot.closes % 1440)
            }
        }
        // A new fiche starts "closed on holidays", the usual case for an association.
        v[Key.holidays] = hours.closedOnHolidays || osm.trimmingCharacters(in: .whitespaces).isEmpty ? "1" : ""
        for (k, closure) in hours.closures.filter({ $0.to >= today }).sorted(by: { $0.from < $1.from }).prefix(maxClosures).enumerated() {
            v[Key.closureFrom(k)] = closure.from.iso
            v[Key.closureTo(k)] = closure.to.iso
            v[Key.closureMessage(k)] = closure.message
        }
        return v
    }

    /// How many closure rows to show: those filled, plus one empty.
    static func closureRows(_ values: [String: String]) -> Int {
        let filled = (0..<maxClosures).filter { k in
            !(values[Key.closureFrom(k)] ?? "").isEmpty || !(values[Key.closureTo(k)] ?? "").isEmpty || !(values[Key.closureMessage(k)] ?? "").isEmpty
        }
        return min(maxClosures, (filled.last ?? -1) + 2)
    }

    /// Whether the stored text can be shown in the editor (otherwise it is kept as text until replaced).
    static func editorCanShow(_ osm: String) -> Bool { WeeklyHours.parse(osm) != nil }

    /// The OSM text to store and the messages by field. The OSM field wins when it was changed by hand; hours the
    /// editor cannot show stay as they were while the editor is left empty.
    static func read(_ form: [String: String], today: LocalDate) -> (osm: String, errors: [String: String]) {
        func s(_ key: String) -> String { (form[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        let typed = s(Key.osm), initial = s(Key.initial)
        guard form[Key.editor] != nil, typed == initial else { return (typed, [:]) }

        var errors: [String: String] = [:]
        var hours = WeeklyHours()
        for d in 0..<7 {
            let name = WeeklyHours.frenchDays[d].capitalized
            var slots: [TimeSlot] = []
            for k in 0..<slotsPerDay {
                let a = s(Key.opens(d, k)), b = s(Key.closes(d, k))
                if a.isEmpty && b.isEmpty { continue }
                guard let opens = minutes(a), let closesRaw = minutes(b) else {
                    errors[Key.day(d)] =
                        "\(name) : heure non reconnue (« \(a.isEmpty ? "—" : a) » – « \(b.isEmpty ? "—" : b) »). Indiquez l'ouverture et la fermeture, par exemple 9:00 et 12:00."
                    continue
                }
                guard opens != closesRaw || opens == 0 else {
                    errors[Key.day(d)] = "\(name) : un créneau ouvre et ferme à la même heure (\(HoursText.time(opens)))."
                    continue
                }
                // A closing time before the opening one runs past midnight (a night shelter).
                slots.append(TimeSlot(opens: opens % 1440, closes: closesRaw <= opens ? closesRaw + 1440 : closesRaw))
            }
            let mode = DayMode(rawValue: s(Key.mode(d))) ?? (slots.isEmpty ? .closed : .open)
            hours.days[d] = mode == .closed ? .closed : DayHours(mode: mode, slots: slots.sorted { $0.opens < $1.opens })
        }
        hours.closedOnHolidays = !s(Key.holidays).isEmpty
        for k in 0..<maxClosures {
            let from = s(Key.closureFrom(k)), to = s(Key.closureTo(k)), message = s(Key.closureMessage(k))
            if from.isEmpty && to.isEmpty && message.isEmpty { continue }
            guard let start = LocalDate(iso: from) else {
                errors[Key.closure(k)] = "Indiquez le premier jour de fermeture (jour, mois, année)."
                continue
            }
            let end = to.isEmpty ? start : LocalDate(iso: to)
            guard let end else {
                errors[Key.closure(k)] = "Le dernier jour de fermeture n'est pas une date valide."
                continue
            }
            if message.count > 120 { errors[Key.closure(k)] = "Le message de fermeture est trop long (120 caractères au plus)." }
            if end < today, errors[Key.closure(k)] == nil {
                errors[Key.closure(k)] = "Cette fermeture est déjà passée : videz la ligne ou corrigez les dates."
            }
            hours.closures.append(Closure(from: start, to: end, message: WeeklyHours.commentSafe(message)))
        }
        for problem in hours.problems {
            switch problem.place {
            case .day(let d): errors[Key.day(d)] = errors[Key.day(d)] ?? problem.message
            case .closure(let k): errors[Key.closure(k)] = errors[Key.closure(k)] ?? problem.message
            }
        }
        // Hours from another tool that the editor cannot show are kept while the editor stays empty.
        if hours.isEmpty, !editorCanShow(initial) { return (initial, errors) }
        return (hours.osm, errors)
    }

    /// "9:00", "09:00", "9h", "9 h 30", "9h30", "21.15" → minutes; "24:00" is midnight at the end of the day.
    static func minutes(_ text: String) -> Int? {
        let cleaned = text.lowercased().replacingOccurrences(of: " ", with: "")
        let parts = cleaned.split(omittingEmptySubsequences: false) { $0 == ":" || $0 == "h" || $0 == "." }
        guard let first = parts.first, !first.isEmpty, first.count <= 2, let h = Int(first), (0...24).contains(h) else { return nil }
        let rest = parts.count > 1 ? parts[1] : ""
        guard parts.count <= 2, rest.isEmpty || rest.count == 2, let m = rest.isEmpty ? 0 : Int(rest), (0..<60).contains(m) else { return nil }
        guard h < 24 || m == 0 else { return nil }
        return h * 60 + m
    }
}
