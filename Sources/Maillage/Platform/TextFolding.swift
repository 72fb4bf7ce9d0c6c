import Foundation

/// Search normalisation: accents and case are ignored, so "Cœur" finds "coeur" and "Béziers" finds "beziers".
public enum TextFolding {
    /// Lower-case, strip diacritics, expand ligatures, keep letters and digits; everything else is a separator.
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let v = scalar.value
            // ASCII, most of the text: handled without Foundation.
            if v < 0x80 {
                switch v {
                case 0x41...0x5A: out.append(Unicode.Scalar(v + 0x20) ?? " ")
                case 0x61...0x7A, 0x30...0x39: out.append(scalar)
                default: out.append(" ")
                }
            } else if let folded = latin[scalar] {
                out.append(contentsOf: folded.unicodeScalars)
            } else {
                // Rare letters: decompose, drop the marks.
                for s in String(scalar).lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
                    if s.properties.generalCategory == .nonspacingMark { continue }
                    out.append(s.properties.isAlphabetic || ("0"..."9").contains(s) ? s : " ")
                }
            }
        }
        return String(out)
    }

    /// French and neighbouring accented letters, ligatures and typographic signs.
    private static let latin: [Unicode.Scalar: String] = {
        var table: [Unicode.Scalar: String] = [:]
        let groups: [(String, String)] = [
            ("àáâãäåÀÁÂÃÄÅ", "a"), ("çÇ", "c"), ("èéêëÈÉÊË", "e"), ("ìíîïÌÍÎÏ", "i"), ("ñÑ", "n"),
            ("òóôõöøÒÓÔÕÖØ", "o"), ("ùúûüÙÚÛÜ", "u"), ("ýÿÝŸ", "y"),
        ]
        for (letters, plain) in groups { for s in letters.unicodeScalars { table[s] = plain } }
        for (s, v) in [("œ", "oe"), ("Œ", "oe"), ("æ", "ae"), ("Æ", "ae"), ("ß", "ss")] {
            if let scalar = s.unicodeScalars.first { table[scalar] = v }
        }
        for s in "’‘«»“”—–…·\u{00A0}\u{202F}".unicodeScalars { table[s] = " " }
        return table
    }()

    /// Folded words of at least one character, in order.
    public static func words(_ text: String) -> [String] {
        fold(text).split(separator: " ").map(String.init)
    }

    /// A URL-safe identifier made of folded words joined by dashes.
    public static func slug(_ text: String) -> String {
        words(text).joined(separator: "-")
    }
}
