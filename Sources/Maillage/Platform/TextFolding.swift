import Foundation

/// Search normalisation: accents and case are ignored, so "Cœur" finds "coeur" and "Béziers" finds "beziers".
public enum TextFolding {
    /// Lower-case, strip diacritics, expand ligatures, keep letters and digits; everything else is a separator.
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        out.reserveCapacity(text.unicodeScalars.count)
        let decomposed = text.lowercased().decomposedStringWithCanonicalMapping
        for scalar in decomposed.unicodeScalars {
            switch scalar {
            case "œ": out.append("o"); out.append("e")
            case "æ": out.append("a"); out.append("e")
            case "ß": out.append("s"); out.append("s")
            default:
                if scalar.properties.generalCategory == .nonspacingMark { continue }
                if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                    out.append(scalar)
                } else {
                    out.append(" ")
                }
            }
        }
        return String(out)
    }

    /// Folded words of at least one character, in order.
    public static func words(_ text: String) -> [String] {
        fold(text).split(separator: " ").map(String.init)
    }

    /// A URL-safe identifier made of folded words joined by dashes.
    public static func slug(_ text: String) -> String {
        words(text).joined(separator: "-")
    }
}
