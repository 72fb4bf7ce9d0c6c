/// What the site accepts as an e-mail address: the common shape of real addresses, and nothing that can
/// leave an attribute or a header (no quotes, angle brackets, spaces or control characters: issue 11,
/// finding 1, where `z"><img src=x onerror=alert(9)>@evil.fr` passed the old check).
enum EmailAddress {
    private static let localSymbols = Set(".!#$%&*+/=?^_{|}~-".unicodeScalars)

    static func isValid(_ s: String) -> Bool {
        guard s.utf8.count <= 254 else { return false }
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let local = parts[0], domain = parts[1]
        guard (1...64).contains(local.utf8.count), !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return false }
        guard local.unicodeScalars.allSatisfy({ ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || localSymbols.contains($0) })
        else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let tld = labels.last, tld.count >= 2, tld.allSatisfy(\.isLetter) else { return false }
        return labels.allSatisfy { label in
            (1...63).contains(label.count) && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" }
        }
    }
}
