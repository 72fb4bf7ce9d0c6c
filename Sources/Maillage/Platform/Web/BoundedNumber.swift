import Foundation
import Vapor

/// The one way numbers are read from a request (issue 11, finding 4: `?page=9223372036854775807` overflowed
/// `(page - 1) * per` and stopped the server). A number outside its range is a French message, never a crash.
enum BoundedNumber {
    /// Nil when `raw` is absent or blank; a French message when it is not an integer within `range`.
    static func int(_ raw: String?, in range: ClosedRange<Int>, name: String) -> Result<Int?, Refusal> {
        guard let text = raw?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return .success(nil) }
        guard text.utf8.count <= 20, let value = Int(text), range.contains(value) else {
            return .failure(Refusal(field: name, message: "« \(name) » : un nombre entier entre \(range.lowerBound) et \(range.upperBound) est attendu."))
        }
        return .success(value)
    }

    /// Decimal comma accepted ("2,5"); infinities and NaN refused.
    static func double(_ raw: String?, in range: ClosedRange<Double>, name: String) -> Result<Double?, Refusal> {
        guard let text = raw?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return .success(nil) }
        guard text.utf8.count <= 40, let value = Double(text.replacingOccurrences(of: ",", with: ".")), value.isFinite, range.contains(value) else {
            return .failure(
                Refusal(
                    field: name, message: "« \(name) » : un nombre entre \(Format.number(range.lowerBound)) et \(Format.number(range.upperBound)) est attendu.")
            )
        }
        return .success(value)
    }

    struct Refusal: AbortError {
        var field: String
        var message: String
        var status: HTTPResponseStatus { .badRequest }
        var reason: String { message }
    }
}

extension Request {
    /// An integer query parameter within `range`, `fallback` when absent; 400 with a French message otherwise.
    func queryInt(_ name: String, in range: ClosedRange<Int>, default fallback: Int) throws -> Int {
        try BoundedNumber.int(query[String.self, at: name], in: range, name: name).get() ?? fallback
    }
}
