/// SIRET numbers: 14 digits with a Luhn checksum (La Poste's establishments are the documented exception).
public enum SIRET {
    public enum Problem: Error, Equatable, Sendable {
        case notFourteenDigits
        case badChecksum
    }

    /// Spaces are tolerated when typed ("123 456 789 00012"); returns the 14 digits.
    public static func validate(_ raw: String) throws(Problem) -> String {
        let digits = raw.filter { !$0.isWhitespace }
        guard digits.count == 14, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw .notFourteenDigits
        }
        // La Poste (SIREN 356000000) numbers its establishments with a digit sum divisible by 5.
        let valid =
            digits.hasPrefix("356000000")
            ? digits.compactMap(\.wholeNumberValue).reduce(0, +) % 5 == 0
            : luhn(digits)
        guard valid else { throw .badChecksum }
        return digits
    }

    public static func luhn(_ digits: String) -> Bool {
        var sum = 0
        for (i, ch) in digits.reversed().enumerated() {
            guard var d = ch.wholeNumberValue else { return false }
            if i % 2 == 1 {
                d *= 2
                if d > 9 { d -= 9 }
            }
            sum += d
        }
        return sum % 10 == 0
    }
}
