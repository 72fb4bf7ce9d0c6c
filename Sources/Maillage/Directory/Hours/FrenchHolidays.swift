/// Public holidays (jours fériés) where a structure is: the eleven of the Code du travail (art. L3133-1), plus Good
/// Friday and 26 December in Alsace-Moselle (art. L3134-13), plus the abolition of slavery in the overseas
/// départements (loi n° 83-550 and décret n° 83-1003; Saint-Martin and Saint-Barthélemy by their own acts).
enum FrenchHolidays {
    /// Départements with the same holidays share this key ("metropole" for most).
    static func calendarKey(departement: String) -> String {
        ["57", "67", "68", "971", "972", "973", "974", "976", "977", "978"].contains(departement) ? departement : "metropole"
    }

    static func isHoliday(_ date: LocalDate, departement: String) -> Bool {
        holidays(year: date.year, departement: departement).contains(date)
    }

    /// The holidays of `year` for `departement`, with their French names.
    static func named(year: Int, departement: String) -> [(date: LocalDate, name: String)] {
        var out: [(LocalDate, String)] = []
        func add(_ month: Int, _ day: Int, _ name: String) {
            if let d = LocalDate(year: year, month: month, day: day) { out.append((d, name)) }
        }
        let easter = easterSunday(year)
        add(1, 1, "Jour de l'an")
        out.append((easter.adding(days: 1), "Lundi de Pâques"))
        add(5, 1, "Fête du Travail")
        add(5, 8, "Victoire 1945")
        out.append((easter.adding(days: 39), "Ascension"))
        out.append((easter.adding(days: 50), "Lundi de Pentecôte"))
        add(7, 14, "Fête nationale")
        add(8, 15, "Assomption")
        add(11, 1, "Toussaint")
        add(11, 11, "Armistice 1918")
        add(12, 25, "Noël")
        switch departement {
        case "57", "67", "68":
            out.append((easter.adding(days: -2), "Vendredi saint"))
            add(12, 26, "Saint-Étienne")
        case "971": add(5, 27, "Abolition de l'esclavage")
        case "972": add(5, 22, "Abolition de l'esclavage")
        case "973": add(6, 10, "Abolition de l'esclavage")
        case "974": add(12, 20, "Abolition de l'esclavage")
        case "976": add(4, 27, "Abolition de l'esclavage")
        case "977": add(5, 28, "Abolition de l'esclavage")
        case "978": add(10, 9, "Abolition de l'esclavage")
        default: break
        }
        return out.sorted { $0.0 < $1.0 }
    }

    static func holidays(year: Int, departement: String) -> Set<LocalDate> {
        Set(named(year: year, departement: departement).map(\.date))
    }

    /// Easter Sunday in the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" algorithm).
    static func easterSunday(_ year: Int) -> LocalDate {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return LocalDate(year: year, month: month, day: day) ?? LocalDate(dayNumber: 0)
    }
}
