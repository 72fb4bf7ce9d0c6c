import Foundation
import Plot

enum OrganizationFormPage {
    static let contactRows = 4

    struct Model {
        var organizationID: UUID?
        var values: [String: String]
        var errors: [String: String]
        /// Fiches that may already be this structure, shown before it is registered twice.
        var duplicates: [LikelyDuplicates.Match] = []
    }

    final class View: ModelPage<Model> {

        override func pageTitle() -> String { self.model.organizationID == nil ? "Inscrire une structure" : "Modifier la fiche" }

        private func v(_ k: String) -> String { self.model.values[k] ?? "" }
        private func e(_ k: String) -> String? { self.model.errors[k] }

        override func content() -> Component {
            let action = self.model.organizationID.map { DirectoryURL.organizationEdit($0) } ?? DirectoryURL.newOrganization.path
            return Div {
                H1(self.pageTitle())
                if self.model.organizationID == nil {
                    Paragraph(
                        "Votre fiche sera visible dans l'annuaire dès qu'un·e animateur·rice du territoire l'aura validée. Vous en deviendrez le ou la référent·e."
                    ).class("muted")
                }
                if !self.model.errors.isEmpty {
                    Paragraph("Certaines informations sont à corriger : voir les messages en rouge.").class("notice error").attribute(
                        named: "role", value: "alert")
                }
                if !self.model.duplicates.isEmpty { self.duplicatesNotice() }
                Form(url: action, method: .post) {
                    CSRFField(token: self.context.csrf)
                    self.identity()
                    HoursEditor(values: self.model.values, errors: self.model.errors)
                    self.place()
                    self.reach()
                    self.storage()
                    self.people()
                    if !self.model.duplicates.isEmpty {
                        CheckboxField(label: "Non, c'est une autre structure : l'inscrire quand même", name: "autre_structure", checked: false)
                    }
                    Button(self.model.organizationID == nil ? "Inscrire la structure" : "Enregistrer les modifications")
                        .attribute(named: "type", value: "submit").class("button")
                }.class("stacked")
            }
        }

        private func duplicatesNotice() -> Component {
            Div {
                Paragraph {
                    Element(name: "strong") { Text("Cette structure existe peut-être déjà. ") }
                    Text("Plutôt que d'en créer une seconde fiche, rejoignez celle qui existe : vos collègues et les animateur·rices la connaissent déjà.")
                }
                List(self.model.duplicates) { d in
                    ListItem {
                        Link(d.name, url: DirectoryURL.organization(d.id))
                        Text(" — \(d.commune), \(d.reason) · ")
                        Link(d.claimable ? "Revendiquer cette fiche" : "Demander à rejoindre", url: DirectoryURL.join(d.id))
                    }
                }
                Paragraph("Si c'est bien une autre structure, cochez la case en bas du formulaire et inscrivez-la.").class("small")
            }.class("notice warning").attribute(named: "role", value: "alert")
        }

        private func identity() -> Component {
            FieldSet {
                Legend("La structure")
                InputField(label: "Nom", name: "name", value: self.v("name"), error: self.e("name"), required: true)
                SelectField(
                    label: "Catégorie *", name: "category", options: Category.allCases.map { ($0.rawValue, $0.label) },
                    selected: self.v("category"), error: self.e("category"), includeEmpty: "— Choisir —")
                InputField(
                    label: "Présentation : qui êtes-vous ?", name: "description", value: self.v("description"), error: self.e("description"), multiline: true)
                InputField(
                    label: "Ce que vous faites et proposez (services, produits, équipements)", name: "services", value: self.v("services"),
                    error: self.e("services"), multiline: true)
                InputField(label: "SIRET", name: "siret", value: self.v("siret"), error: self.e("siret"), hint: "14 chiffres, facultatif")
            }
        }

        private func place() -> Component {
            FieldSet {
                Legend("Où vous trouver")
                InputField(label: "Adresse", name: "address", value: self.v("address"), error: self.e("address"))
                InputField(label: "Code postal", name: "postal_code", value: self.v("postal_code"), error: self.e("postal_code"), required: true)
                InputField(label: "Commune", name: "commune", value: self.v("commune"), error: self.e("commune"), required: true)
                InputField(
                    label: "Latitude", name: "latitude", value: self.v("latitude"), error: self.e("latitude"),
                    hint: "Facultatif : sans coordonnées, le centre de la commune est utilisé.")
                InputField(label: "Longitude", name: "longitude", value: self.v("longitude"), error: self.e("longitude"))
                InputField(
                    label: "Autres départements d'intervention", name: "territories", value: self.v("territories"), error: self.e("territories"),
                    hint: "Codes séparés par des virgules, par exemple 11, 34")
            }
        }

        private func reach() -> Component {
            FieldSet {
                Legend("Vous joindre (public)")
                InputField(label: "E-mail", name: "email", value: self.v("email"), error: self.e("email"), type: .email)
                InputField(label: "Téléphone", name: "phone", value: self.v("phone"), error: self.e("phone"), type: .tel)
                InputField(label: "Site internet", name: "website", value: self.v("website"), error: self.e("website"), type: .url)
            }
        }

        private func storage() -> Component {
            FieldSet {
                Legend("Capacités de stockage (kg)")
                for (i, t) in TemperatureClass.allCases.enumerated() {
                    InputField(
                        label: t.label, name: "capacity_\(t.rawValue)", value: self.v("capacity_\(t.rawValue)"),
                        error: self.e("capacity_\(t.rawValue)") ?? self.e("capacities[\(i)].capacity_kg"), type: .number)
                }
            }
        }

        private func people() -> Component {
            FieldSet {
                Legend("Interlocuteurs (qui fait quoi)")
                Paragraph("Leurs e-mails et téléphones ne sont visibles que par les personnes connectées.").class("muted")
                for i in 0..<OrganizationFormPage.contactRows {
                    Div {
                        InputField(label: "Nom", name: "contact_name_\(i)", value: self.v("contact_name_\(i)"), error: self.e("contacts[\(i)].name"))
                        InputField(label: "Rôle", name: "contact_role_\(i)", value: self.v("contact_role_\(i)"))
                        InputField(
                            label: "E-mail", name: "contact_email_\(i)", value: self.v("contact_email_\(i)"), error: self.e("contacts[\(i)].email"),
                            type: .email)
                        InputField(
                            label: "Téléphone", name: "contact_phone_\(i)", value: self.v("contact_phone_\(i)"), error: self.e("contacts[\(i)].phone"),
                            type: .tel)
                    }.class("contact-row")
                }
            }
        }
    }
}

/// Between the flat HTML form and `OrganizationInput`: numbers typed as text get their own messages.
enum OrganizationFormMapping {
    static func values(from input: OrganizationInput, today: LocalDate) -> [String: String] {
        var v: [String: String] = [
            "name": input.name ?? "", "category": input.category ?? "", "description": input.description ?? "",
            "services": input.services ?? "", "address": input.address ?? "", "postal_code": input.postal_code ?? "",
            "commune": input.commune ?? "", "siret": input.siret ?? "", "email": input.email ?? "", "phone": input.phone ?? "",
            "website": input.website ?? "",
            "latitude": input.latitude.map { String($0) } ?? "", "longitude": input.longitude.map { String($0) } ?? "",
        ]
        v.merge(HoursForm.values(osm: input.opening_hours ?? "", today: today)) { _, hours in hours }
        v["territories"] = (input.territories ?? []).joined(separator: ", ")
        for c in input.capacities ?? [] { v["capacity_\(c.temperature)"] = String(format: "%g", c.capacity_kg) }
        for (i, c) in (input.contacts ?? []).prefix(OrganizationFormPage.contactRows).enumerated() {
            v["contact_name_\(i)"] = c.name; v["contact_role_\(i)"] = c.role ?? ""
            v["contact_email_\(i)"] = c.email ?? ""; v["contact_phone_\(i)"] = c.phone ?? ""
        }
        return v
    }

    static func input(from form: [String: String], today: LocalDate) -> (OrganizationInput, [String: String]) {
        let (hours, hoursErrors) = HoursForm.read(form, today: today)
        var errors = hoursErrors
        func s(_ k: String) -> String? { form[k]?.trimmingCharacters(in: .whitespacesAndNewlines) }
        func number(_ k: String, _ message: String) -> Double? {
            guard let raw = s(k), !raw.isEmpty else { return nil }
            guard let value = Double(raw.replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: " ", with: "")), value.isFinite else {
                errors[k] = message
                return nil
            }
            return value
        }
        var input = OrganizationInput()
        input.name = s("name"); input.category = s("category"); input.description = s("description"); input.services = s("services")
        input.address = s("address"); input.postal_code = s("postal_code"); input.commune = s("commune"); input.siret = s("siret")
        input.email = s("email"); input.phone = s("phone"); input.website = s("website"); input.opening_hours = hours
        input.latitude = number("latitude", "Latitude invalide : un nombre en degrés décimaux, par exemple 43.18.")
        input.longitude = number("longitude", "Longitude invalide : un nombre en degrés décimaux, par exemple 3.00.")
        input.territories = (s("territories") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        input.capacities = TemperatureClass.allCases.compactMap { t in
            number("capacity_\(t.rawValue)", "Indiquez un nombre de kilos, par exemple 500.").map { .init(temperature: t.rawValue, capacity_kg: $0, note: nil) }
        }
        input.contacts = (0..<OrganizationFormPage.contactRows).compactMap { i in
            let name = s("contact_name_\(i)") ?? "", role = s("contact_role_\(i)") ?? ""
            let email = s("contact_email_\(i)") ?? "", phone = s("contact_phone_\(i)") ?? ""
            if name.isEmpty && role.isEmpty && email.isEmpty && phone.isEmpty { return nil }
            return .init(name: name, role: role, email: email, phone: phone)
        }
        return (input, errors)
    }
}
