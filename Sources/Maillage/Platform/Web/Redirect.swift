import Foundation
import Vapor

/// The only way the site redirects: to a validated path of its own, with an optional one-shot notice.
enum Redirect {
    /// 303 to `path` when `ReturnPath` accepts it, else to the home page; `permanent`: 301, for an address that
    /// moved for good (a merged fiche).
    static func to(_ path: String, on req: Request, notice: String? = nil, permanent: Bool = false) -> Response {
        let response = req.redirect(to: ReturnPath.or(path, "/"), redirectType: permanent ? .permanent : .normal)
        if let notice {
            response.cookies[Flash.cookie] = Cookies.value(
                notice.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "", maxAge: 60, on: req)
        }
        return response
    }
}

/// A one-shot message shown on the page after a redirect ("Structure enregistrée").
enum Flash {
    static let cookie = "maillage_flash"

    static func redirect(_ req: Request, to path: String, notice: String) -> Response {
        Redirect.to(path, on: req, notice: notice)
    }
}

/// Every cookie the site sets: HttpOnly, SameSite=Lax, and Secure when the site is served over HTTPS.
enum Cookies {
    static func value(_ value: String, maxAge: Int? = nil, expires: Date? = nil, on req: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: value, expires: expires, maxAge: maxAge, path: "/",
            isSecure: req.application.maillageConfig.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }

    static func expired(on req: Request) -> HTTPCookies.Value {
        value("", maxAge: 0, expires: Date(timeIntervalSince1970: 0), on: req)
    }
}
