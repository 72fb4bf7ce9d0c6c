import Foundation
import NIOConcurrencyHelpers

/// Date and number formatters are costly to make (ICU loads its data for each) and not safe to share unguarded:
/// one of each kind for the process, each behind its own lock. Measured on a plan page of 2,500 rows, making one per
/// call cost seconds (issue 15's benchmark).
final class SharedFormatter<F: Formatter>: @unchecked Sendable {
    private let formatter: F
    private let lock = NIOLock()

    init(_ formatter: F) { self.formatter = formatter }

    func use<T>(_ body: (F) -> T) -> T { lock.withLock { body(formatter) } }
}

enum Formatters {
    private static let dates = NIOLockedValueBox<[String: SharedFormatter<DateFormatter>]>([:])

    /// A date formatter of `format` in Paris time: French (`fr_FR`) for what people read, fixed (`en_US_POSIX`) for
    /// what programs and forms exchange.
    static func date(_ format: String, french: Bool) -> SharedFormatter<DateFormatter> {
        let key = (french ? "fr|" : "posix|") + format
        return dates.withLockedValue { cache in
            if let f = cache[key] { return f }
            let f = DateFormatter()
            f.locale = Locale(identifier: french ? "fr_FR" : "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "Europe/Paris")
            f.calendar = Calendar(identifier: .gregorian)
            f.isLenient = false
            f.dateFormat = format
            let shared = SharedFormatter(f)
            cache[key] = shared
            return shared
        }
    }

    /// French decimal numbers with at most `fractionDigits` digits after the comma.
    static func number(fractionDigits: Int) -> SharedFormatter<NumberFormatter> {
        switch fractionDigits {
        case 0: integer
        default: decimal
        }
    }

    private static let integer: SharedFormatter<NumberFormatter> = {
        let f = NumberFormatter()
        f.locale = Locale(identifier: "fr_FR")
        f.numberStyle = .decimal
        f.maximumFractionDigits = 0
        return SharedFormatter(f)
    }()

    private static let decimal: SharedFormatter<NumberFormatter> = {
        let f = NumberFormatter()
        f.locale = Locale(identifier: "fr_FR")
        f.numberStyle = .decimal
        f.maximumFractionDigits = 2
        return SharedFormatter(f)
    }()
}
