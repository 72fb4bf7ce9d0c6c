/// A light French stemmer for search: it maps the forms a volunteer types to one key, so that "banques
/// alimentaires" finds "Banque alimentaire", "conserveries" finds "conserverie", "sociaux" finds "social",
/// "animatrice" finds "animateur". It works on folded words (`TextFolding`: lower case, no accents).
///
/// Deliberately light, in the spirit of Savoy's "light" stemmer for French (J. Savoy, "A stemming procedure and
/// stopword list for general French corpora", JASIS 1999): plurals, feminine and agent forms, a final mute "e".
/// Heavier stemmers conflate words people keep apart in this domain ("restauration" and "restaurant"); the
/// directory matches stems exactly, never as prefixes, so a short stem cannot pull in unrelated words.
enum FrenchStemmer {
    /// Pairs (ending, replacement) tried in order after the plural is removed; the first that applies wins.
    private static let endings: [(String, String)] = [
        ("euse", "eu"), ("eur", "eu"),  // travailleuse, travailleur
        ("trice", "teu"), ("teur", "teu"),  // animatrice, animateur
        ("iere", "ier"),  // cuisinière
        ("ere", "er"),  // maraîchère, boulangère
        ("ive", "if"),  // associative
        ("elle", "el"),  // culturelle
        ("enne", "en"), ("onne", "on"),  // européenne, bretonne
        ("ette", "et"),
        ("ale", "al"),  // sociale, locale
    ]

    static func stem(_ word: String) -> String {
        guard word.count >= 4, word.allSatisfy({ $0 >= "a" && $0 <= "z" }) else { return word }
        var w = word
        // Plurals: eaux → eau, aux → al (locaux, sociaux), a final x or s.
        if w.hasSuffix("eaux") {
            w.removeLast()
        } else if w.hasSuffix("aux"), w.count >= 5 {
            w.removeLast(2)
            w += "l"
        } else if w.hasSuffix("x"), w.count >= 5 {
            w.removeLast()
        } else if w.hasSuffix("s"), !w.hasSuffix("ss") {
            w.removeLast()
        }
        for (ending, replacement) in endings where w.hasSuffix(ending) && w.count - ending.count >= 3 {
            w.removeLast(ending.count)
            w += replacement
            break
        }
        if w.hasSuffix("e"), w.count >= 5 { w.removeLast() }
        return w
    }
}
