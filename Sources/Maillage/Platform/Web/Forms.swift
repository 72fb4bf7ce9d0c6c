import Foundation
import Plot
import Vapor

/// The keys of a form's fields, as typed names: `enum SignUpField: String, FormKey { case name, email… }`.
protocol FormKey: RawRepresentable, CaseIterable, Hashable, Sendable where RawValue == String {}

/// What a person sent in a form, by typed key, with the French message of each field to correct. A form that
/// fails comes back with `again`: status 422, everything typed kept (passwords aside), each error at its field.
struct FormState<Key: FormKey>: Sendable {
    var values: [Key: String] = [:]
    var errors: [Key: String] = [:]

    init(values: [Key: String] = [:], errors: [Key: String] = [:]) {
        self.values = values
        self.errors = errors
    }

    /// The submitted fields of `req` (URL-encoded form), as sent.
    init(_ req: Request) {
        for key in Key.allCases {
            if let value = try? req.content.get(String.self, at: key.rawValue) { values[key] = value }
        }
    }

    subscript(_ key: Key) -> String { values[key] ?? "" }

    /// The value without surrounding spaces (not for passwords).
    func trimmed(_ key: Key) -> String { self[key].trimmingCharacters(in: .whitespacesAndNewlines) }
    func error(_ key: Key) -> String? { errors[key] }
    var isValid: Bool { errors.isEmpty }

    mutating func refuse(_ key: Key, _ message: String) {
        if errors[key] == nil { errors[key] = message }
    }

    /// Every message of a rule's refusal, each at its field.
    mutating func refuse(_ refusal: Refusal<Key>) {
        for (key, message) in refusal.errors { refuse(key, message) }
    }

    /// The same values without the ones never sent back (passwords).
    func keeping(without secret: Set<Key>) -> Self {
        FormState(values: values.filter { !secret.contains($0.key) }, errors: errors)
    }

    /// The page again, with what was typed and the messages: 422.
    func again(_ page: PublicPage, on req: Request) -> Response {
        page.response(status: .unprocessableEntity, on: req)
    }
}

/// A rule's answer when something is to be corrected: the French message of each field, by the form's own typed
/// key. Rules take and answer these keys, so a page puts each message at its field with `form.refuse(refusal)` and
/// the API names it by the key's raw value: no string key to map back, no field that silently falls elsewhere.
struct Refusal<Key: FormKey>: FieldRefusal {
    var errors: [Key: String]

    init(_ errors: [Key: String]) { self.errors = errors }

    /// A refusal of one field.
    init(_ key: Key, _ message: String) { self.errors = [key: message] }

    var isEmpty: Bool { errors.isEmpty }

    /// The messages by the API's field names: the key's raw value.
    var fields: [String: String] { named() }

    /// The messages by the API's field names: the key's raw value unless `names` says otherwise, after `prefix`
    /// (a list's "3.").
    func named(_ names: [Key: String] = [:], prefix: String = "") -> [String: String] {
        var fields: [String: String] = [:]
        for (key, message) in errors { fields[prefix + (names[key] ?? key.rawValue)] = message }
        return fields
    }
}

extension ValidationFailure {
    /// The API's 422 for a rule's refusal whose keys the API names otherwise.
    init<Key>(_ refusal: Refusal<Key>, named names: [Key: String]) { self.init(fields: refusal.named(names)) }
}

/// A form with one button, for actions that change something (sign out, remove, validate).
/// `confirm` asks first, through the site's script (`data-confirm`): no inline handler, so the CSP holds.
struct PostButton: Component {
    var action: String
    var label: String
    var csrf: String
    var style = "button"
    var hidden: [(String, String)] = []
    var confirm: String?

    var body: Component {
        let form = Form(url: action, method: .post) {
            CSRFField(token: csrf)
            for (name, value) in hidden { Input(type: .hidden, name: name, value: value) }
            Button(label).class(style).attribute(named: "type", value: "submit")
        }.class("inline-form")
        guard let confirm else { return form }
        return form.data(named: "confirm", value: confirm)
    }
}

/// The caption of a fieldset.
struct Legend: Component {
    var text: String
    init(_ text: String) { self.text = text }
    var body: Component { Element(name: "legend") { Text(text) } }
}

struct CSRFField: Component {
    var token: String
    var body: Component { Input(type: .hidden, name: CSRFMiddleware.field, value: token) }
}

/// A check box and its label: a flag (`value` "1", id `f-<name>`) or one term of a list (id `f-<name>-<value>`).
struct CheckboxField: Component {
    var label: String
    var name: String
    var value = "1"
    var checked: Bool
    var id: String?

    var body: Component {
        let id = self.id ?? (value == "1" ? "f-\(name)" : "f-\(name)-\(value)")
        return Div {
            Input(type: .checkbox, name: name, value: value).id(id).attribute(named: "checked", value: checked ? "checked" : nil)
            Label(label) { EmptyComponent() }.attribute(named: "for", value: id)
        }.class("check")
    }
}

/// A labelled input with its hint and error beneath, keeping what the person typed. The error is tied to the
/// input (`aria-invalid`, `aria-describedby`), so a screen reader says it with the field.
struct InputField: Component {
    var label: String
    var name: String
    var value: String
    var error: String?
    var type: HTMLInputType = .text
    var required = false
    var hint: String?
    var multiline = false
    var autocomplete: String?
    /// The phone keyboard to show ("decimal", "numeric").
    var inputMode: String?
    /// Where one page repeats a form (one per booking), each field needs its own id.
    var idSuffix = ""

    var body: Component {
        let id = "f-" + name + idSuffix
        let described = [hint.map { _ in id + "-aide" }, error.map { _ in id + "-erreur" }].compactMap { $0 }.joined(separator: " ")
        let control: Component =
            multiline
            ? TextArea(text: value, name: name, isRequired: required).id(id).attribute(named: "rows", value: "4")
            : Input(type: type, name: name, value: value, isRequired: required).id(id).attribute(named: "autocomplete", value: autocomplete)
                .attribute(named: "inputmode", value: inputMode)
        return Div {
            Label(label + (required ? " *" : "")) { EmptyComponent() }.attribute(named: "for", value: id)
            control.attribute(named: "aria-invalid", value: error == nil ? nil : "true").attribute(named: "aria-describedby", value: described)
            if let hint { Span(hint).class("hint").id(id + "-aide") }
            if let error { Span(error).class("field-error").id(id + "-erreur") }
        }.class(error == nil ? "field" : "field has-error")
    }
}

/// A `<select>` with its label and error.
struct SelectField: Component {
    var label: String
    var name: String
    var options: [(value: String, label: String)]
    var selected: String
    var error: String?
    var includeEmpty: String?

    var body: Component {
        Div {
            Label(label) { EmptyComponent() }.attribute(named: "for", value: "f-" + name)
            Element(name: "select") {
                if let includeEmpty {
                    Element(name: "option") { Text(includeEmpty) }.attribute(named: "value", value: "", ignoreValueIfEmpty: false)
                }
                for option in options {
                    if option.value == selected {
                        Element(name: "option") { Text(option.label) }.attribute(named: "value", value: option.value).attribute(
                            named: "selected", value: "selected")
                    } else {
                        Element(name: "option") { Text(option.label) }.attribute(named: "value", value: option.value)
                    }
                }
            }.attribute(named: "name", value: name).id("f-" + name)
                .attribute(named: "aria-invalid", value: error == nil ? nil : "true")
                .attribute(named: "aria-describedby", value: error == nil ? nil : "f-" + name + "-erreur")
            if let error { Span(error).class("field-error").id("f-" + name + "-erreur") }
        }.class(error == nil ? "field" : "field has-error")
    }
}
