/// What a password must be (issue 11, finding 16): 10 characters at least and 72 bytes at most — bcrypt
/// ignores what comes after the 72nd byte, so a longer one would pass with any ending — and not one of the
/// passwords tried first by anyone guessing.
enum PasswordRules {
    static let minCharacters = 10
    static let maxBytes = 72

    /// A French message, or nil when the password is acceptable.
    static func problem(_ password: String, email: String = "", name: String = "") -> String? {
        if password.count < minCharacters { return "Le mot de passe doit faire au moins \(minCharacters) caractères." }
        if password.utf8.count > maxBytes {
            return "Le mot de passe est trop long : \(maxBytes) octets au plus (une lettre accentuée en compte deux)."
        }
        let folded = TextFolding.fold(password).replacingOccurrences(of: " ", with: "")
        if Set(password).count < 4 { return "Ce mot de passe répète trop les mêmes caractères : choisissez-en un plus varié." }
        if isSequence(password) { return "Une suite de caractères (1234…, abcd…) se devine tout de suite : choisissez autre chose." }
        if common.contains(password.lowercased()) || common.contains(folded) {
            return "Ce mot de passe fait partie des plus utilisés : il serait deviné en quelques secondes."
        }
        let local = email.split(separator: "@").first.map { TextFolding.fold(String($0)).replacingOccurrences(of: " ", with: "") } ?? ""
        if local.count >= 4, folded.contains(local) { return "Le mot de passe ne doit pas reprendre votre adresse e-mail." }
        let nameWords = TextFolding.words(name).filter { $0.count >= 4 }
        if !nameWords.isEmpty, nameWords.contains(where: { folded == $0 || folded.hasPrefix($0) && folded.count - $0.count < 4 }) {
            return "Le mot de passe ne doit pas être votre nom."
        }
        if folded.hasPrefix("maillage") && folded.count < 14 { return "Le mot de passe ne doit pas être le nom du site." }
        return nil
    }

    /// Each character one more (or one less) than the one before: "1234567890", "abcdefghij", "9876543210".
    static func isSequence(_ password: String) -> Bool {
        let values = password.lowercased().unicodeScalars.map { Int($0.value) }
        guard values.count >= 2 else { return false }
        let steps = Set(zip(values, values.dropFirst()).map { $1 - $0 })
        return steps.count == 1 && (steps.first == 1 || steps.first == -1)
    }

    /// The most common passwords of 10 characters or more, in French and English lists of leaked passwords
    /// (kept lower-case and without accents, as compared).
    static let common: Set<String> = [
        "1234567890", "0123456789", "12345678910", "123456789a", "123456789q", "1234567891", "1111111111", "0000000000",
        "azertyuiop", "azerty1234", "azerty12345", "azertyuiop1", "qwertyuiop", "qwerty1234", "qwerty12345", "qwertyuiop1",
        "motdepasse", "motdepasse1", "motdepasse123", "mot2passe123", "password12", "password123", "password1234", "passw0rd123",
        "iloveyou12", "iloveyou123", "jetaime123", "jetaime1234", "soleil1234", "doudou1234", "chouchou123", "marseille13",
        "bonjour123", "bonjour1234", "loulou1234", "nicolas123", "juventus123", "football123", "princesse1", "princesse123",
        "1q2w3e4r5t", "1qaz2wsx3edc", "zaq12wsxcde", "a1b2c3d4e5", "abc1234567", "abcdef1234", "qazwsxedc123", "123qweasdzxc",
        "administrateur", "administrator", "admin12345", "adminadmin", "changeme123", "bienvenue1", "bienvenue123",
        "welcome123", "welcome1234", "letmein123", "superman123", "starwars123", "dragon1234", "monkey1234", "sunshine123",
        "computer123", "internet123", "trustno1234", "1234abcd!!", "azerty123!", "motdepasse!", "password1!", "p@ssw0rd123",
        "1234554321", "1122334455", "1212121212", "5555555555", "7777777777", "9876543210", "0987654321", "147258369a",
        "123123123a", "123456123456", "12341234123", "qwertzuiop", "asdfghjkl1", "zxcvbnm123", "azertyqwerty", "aaaaaaaaaa",
        "associationloi1901", "solidarite1", "solidarite123", "epiceriesolidaire", "banquealimentaire", "restosducoeur",
    ]
}
