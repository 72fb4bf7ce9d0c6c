/// French wording that depends on a number or on the next word: "1 structure", "2 structures" (never
/// "structure(s)"), "d'Épicerie", "de la Banque".
enum French {
    /// "0 structure", "1 structure", "12 structures": in French 0 and 1 take the singular.
    static func count(_ n: Int, _ singular: String, plural: String? = nil) -> String {
        "\(Format.integer(n)) \(n > 1 ? (plural ?? singular + "s") : singular)"
    }

    /// The word alone, agreed with `n`: "validée" / "validées".
    static func agree(_ n: Int, _ singular: String, plural: String? = nil) -> String {
        n > 1 ? (plural ?? singular + "s") : singular
    }

    /// "de" before `word`, elided before a vowel or a mute h: "d'Épicerie", "de Narbonne".
    static func de(_ word: String) -> String {
        elides(word) ? "d'" + word : "de " + word
    }

    /// "le"/"la" elided: "l'Aude", "l'Hérault".
    static func article(_ article: String, _ word: String) -> String {
        elides(word) ? "l'" + word : article + " " + word
    }

    /// A département named as people say it: "Aude (11)"; the code alone when it is unknown.
    static func departement(_ code: String) -> String {
        CommuneTable.shared.departement(code: code).map { "\($0.name) (\(code))" } ?? code
    }

    /// "dans le département Aude (11)".
    static func inDepartement(_ code: String) -> String { "dans le département " + departement(code) }

    static func elides(_ word: String) -> Bool {
        guard let first = word.first else { return false }
        return "aeiouyhàâäéèêëîïôöùûüœæAEIOUYHÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆ".contains(first)
    }
}
