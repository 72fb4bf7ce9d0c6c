import Foundation

/// OpenStreetMap `opening_hours` (the format of data·inclusion's `horaires_accueil`): a syntax check of the whole
/// grammar's tokens and ranges, so that free text ("du lundi au vendredi 9h-12h") is refused wherever hours come in.
/// `WeeklyHours` reads the part of the grammar people's hours use, to show them in French and say "open now".
enum OpeningHours {
    struct SyntaxError: Error, Equatable { var message: String }

    enum Token: Equatable {
        case weekday(Int), holiday, month(Int), time(Int), event, number(Int), word(String), comment
        case punct(Character)
    }

    static let weekdays = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let events: Set<String> = ["sunrise", "sunset", "dawn", "dusk"]
    private static let words: Set<String> = ["open", "closed", "off", "unknown", "week", "easter", "day", "days"]

    static func validate(_ text: String) throws(SyntaxError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw SyntaxError(message: "horaires vides") }
        let tokens = try tokenize(trimmed)
        var ruleHasContent = false
        var previous: Token?
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            switch token {
            case .punct(";"), .punct("|"):
                guard ruleHasContent else { throw SyntaxError(message: "règle vide avant « \(token == .punct(";") ? ";" : "||") »") }
                ruleHasContent = false
            case .punct("-"):
                guard let before = previous, index + 1 < tokens.count else { throw SyntaxError(message: "intervalle « - » incomplet") }
                let after = tokens[index + 1]
                guard sameKind(before, after) else { throw SyntaxError(message: "intervalle « - » entre deux valeurs de types différents") }
            case .punct:
                break
            default:
                ruleHasContent = true
            }
            previous = token
            index += 1
        }
        guard ruleHasContent else { throw SyntaxError(message: "la dernière règle est vide") }
    }

    private static func sameKind(_ a: Token, _ b: Token) -> Bool {
        switch (a, b) {
        case (.weekday, .weekday), (.month, .month), (.number, .number), (.number, .month): return true
        case (.time, .time), (.time, .event), (.event, .time), (.event, .event), (.punct(")"), .time), (.punct(")"), .event): return true
        case (.time, .punct("(")), (.event, .punct("(")): return true
        default: return false
        }
    }

    private static func tokenize(_ text: String) throws(SyntaxError) -> [Token] {
        var tokens: [Token] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" { i += 1; continue }
            if c == "\"" {
                guard let end = chars[(i + 1)...].firstIndex(of: "\"") else { throw SyntaxError(message: "commentaire entre guillemets non fermé") }
                tokens.append(.comment)
                i = end + 1
                continue
            }
            if c == "|" {
                guard i + 1 < chars.count, chars[i + 1] == "|" else { throw SyntaxError(message: "« | » seul : le séparateur de repli est « || »") }
                tokens.append(.punct("|"))
                i += 2
                continue
            }
            if ";,-:[]()+/".contains(c) {
                tokens.append(.punct(c))
                i += 1
                continue
            }
            if c.isASCII && c.isNumber {
                var j = i
                while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
                let digits = String(chars[i..<j])
                if j < chars.count, chars[j] == ":" {
                    var k = j + 1
                    while k < chars.count, chars[k].isASCII, chars[k].isNumber { k += 1 }
                    let minutes = String(chars[(j + 1)..<k])
                    guard digits.count <= 2, minutes.count == 2, let h = Int(digits), let m = Int(minutes), h <= 48, m < 60 else {
                        throw SyntaxError(message: "heure invalide « \(String(chars[i..<k])) » (format HH:MM)")
                    }
                    tokens.append(.time(h * 60 + m))
                    i = k
                } else if digits == "24", j + 1 < chars.count, chars[j] == "/", chars[j + 1] == "7" {
                    tokens.append(.word("24/7"))
                    i = j + 2
                } else {
                    tokens.append(.number(Int(digits) ?? 0))
                    i = j
                }
                continue
            }
            if c.isLetter {
                var j = i
                while j < chars.count, chars[j].isLetter { j += 1 }
                let word = String(chars[i..<j])
                if let d = weekdays.firstIndex(of: word) {
                    tokens.append(.weekday(d))
                } else if let m = months.firstIndex(of: word) {
                    tokens.append(.month(m))
                } else if word == "PH" || word == "SH" {
                    tokens.append(.holiday)
                } else if events.contains(word) {
                    tokens.append(.event)
                } else if words.contains(word) {
                    tokens.append(.word(word))
                } else {
                    throw SyntaxError(message: "mot inconnu « \(word) » (jours attendus en anglais abrégé : Mo, Tu, We, Th, Fr, Sa, Su)")
                }
                i = j
                continue
            }
            throw SyntaxError(message: "caractère inattendu « \(c) »")
        }
        return tokens
    }

    static func clock(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }
}
