import Foundation

/// The fields of a lot, on the form and in the rules (the API names them alike).
enum LotField: String, FormKey {
    case organization, category, product, kg, units, unit_kg, temperature, date_kind, date, lot_number, frozen_on, pickup_from, pickup_to, note
}

/// The fields of a need.
enum NeedField: String, FormKey { case organization, category, kg, delivery_from, delivery_to, people_served, note }

/// The French donation rules a lot or a need is checked against as it is typed (issue 15), in plain Swift: every
/// refusal names its field and says why in words a volunteer can act on. Nothing here reads the database.
enum DonationRules {
    /// Beyond this a quantity is a typing error (40 t is a full semi-trailer).
    static let maxKg = 40_000.0
    /// Use-by food needs this much time left at pickup, unless the recipient redistributes faster (DGAL guidance).
    static let useByMarginHours = 48

    struct LotDraft: Sendable {
        var category = ""
        var product = ""
        var kg = ""
        var units = ""
        var unitKg = ""
        var temperature = ""
        var dateKind = ""
        var date = ""
        var lotNumber = ""
        var frozenOn = ""
        var pickupFrom = ""
        var pickupTo = ""
    }

    struct ValidLot: Sendable {
        var category: FoodCategory
        var product: String
        var kg: Double
        var units: Int?
        var temperature: TemperatureClass
        var dateKind: DateKind
        var date: String
        var lotNumber: String
        var frozenOn: String?
        var pickupFrom: Date
        var pickupTo: Date
    }

    /// Checks a lot. `fastestHours`: the shortest redistribution delay a recipient of the territory declared (nil
    /// when none did), which lets use-by food with less than 48 h left be given.
    static func validate(_ d: LotDraft, now: Date, fastestHours: Int? = nil) -> Result<ValidLot, Refusal<LotField>> {
        var errors: [LotField: String] = [:]
        let category = FoodCategory(rawValue: d.category)
        if category == nil { errors[.category] = "Choisissez une catégorie." }
        let product = d.product.trimmingCharacters(in: .whitespacesAndNewlines)
        if product.count > 120 { errors[.product] = "120 caractères au plus." }
        // kg directly, or units × weight of one unit.
        var kg = number(d.kg)
        var units: Int?
        if d.kg.trimmingCharacters(in: .whitespaces).isEmpty, !d.units.trimmingCharacters(in: .whitespaces).isEmpty {
            units = Int(d.units.trimmingCharacters(in: .whitespaces))
            let each = number(d.unitKg)
            if let u = units, u > 0, let each, each > 0 {
                kg = Double(u) * each
            } else {
                errors[.kg] = "Indiquez le poids total, ou le nombre d'unités et le poids d'une unité."
            }
        }
        if errors[.kg] == nil {
            if let k = kg {
                if k <= 0 { errors[.kg] = "La quantité doit être positive." }
                if k > maxKg { errors[.kg] = "Plus de 40 tonnes : vérifiez l'unité (la quantité est en kilos)." }
            } else {
                errors[.kg] = "Indiquez la quantité en kilos, par exemple 12,5."
            }
        }
        let temperature = TemperatureClass(rawValue: d.temperature)
        if temperature == nil { errors[.temperature] = "Choisissez ambiant, frais ou surgelé." }
        let kind = DateKind(rawValue: d.dateKind)
        if kind == nil { errors[.date_kind] = "Choisissez DLC ou DDM : c'est écrit sur l'emballage." }
        let day = Day.parse(d.date)
        if day == nil { errors[.date] = "Indiquez la date de l'emballage (jour, mois, année)." }
        let from = FormMoment.parse(d.pickupFrom), to = FormMoment.parse(d.pickupTo)
        if from == nil { errors[.pickup_from] = "Indiquez à partir de quand on peut venir chercher." }
        if to == nil { errors[.pickup_to] = "Indiquez jusqu'à quand on peut venir chercher." }
        if let from, let to {
            if to <= from {
                errors[.pickup_to] = "La fin de la collecte doit venir après son début."
            } else if to <= now {
                errors[.pickup_to] = "Cette collecte est déjà passée : choisissez un créneau à venir."
            } else if from > now.addingTimeInterval(90 * 86_400) {
                errors[.pickup_from] = "Une collecte se prévoit trois mois à l'avance au plus."
            }
        }
        if let kind, let day, let from, errors[.pickup_to] == nil, kind == .dlc {
            let left = Day.end(of: day).timeIntervalSince(from) / 3_600
            if left <= 0 {
                errors[.date] = "La DLC sera dépassée à la collecte : ce produit ne peut plus être donné."
            } else if left < Double(useByMarginHours) {
                if let fastest = fastestHours, Double(fastest) <= left {
                    // Given, but only to the recipients that redistribute fast enough: the dispatch reads their delay.
                } else {
                    errors[.date] =
                        "Il restera moins de 48 h avant la DLC à la collecte : aucune structure du territoire n'a déclaré redistribuer aussi vite. Avancez la collecte."
                }
            }
        }
        var frozenOn: String?
        if temperature == .surgele, category == .viandePoissonOeufs {
            if let f = Day.parse(d.frozenOn) {
                if Day.start(of: f) > now { errors[.frozen_on] = "La date de congélation ne peut pas être dans le futur." } else { frozenOn = f }
            } else {
                errors[.frozen_on] = "La viande ou le poisson congelé doit porter sa date de congélation."
            }
        }
        let lotNumber = d.lotNumber.trimmingCharacters(in: .whitespacesAndNewlines)
        if lotNumber.count > 60 { errors[.lot_number] = "60 caractères au plus." }
        guard errors.isEmpty, let category, let kg, let temperature, let kind, let day, let from, let to else {
            return .failure(Refusal(errors))
        }
        return .success(
            ValidLot(
                category: category, product: product.isEmpty ? category.label : product, kg: (kg * 10).rounded() / 10, units: units,
                temperature: temperature, dateKind: kind, date: day, lotNumber: lotNumber, frozenOn: frozenOn, pickupFrom: from, pickupTo: to))
    }

    struct NeedDraft: Sendable {
        var category = ""
        var kg = ""
        var deliveryFrom = ""
        var deliveryTo = ""
        var peopleServed = ""
    }

    struct ValidNeed: Sendable {
        var category: String
        var kg: Double
        var deliveryFrom: Date
        var deliveryTo: Date
        var peopleServed: Int
    }

    static func validate(_ d: NeedDraft, now: Date) -> Result<ValidNeed, Refusal<NeedField>> {
        var errors: [NeedField: String] = [:]
        if d.category != FoodCategory.any && FoodCategory(rawValue: d.category) == nil { errors[.category] = "Choisissez une catégorie, ou « toutes »." }
        let kg = number(d.kg)
        if let k = kg {
            if k <= 0 { errors[.kg] = "La quantité doit être positive." }
            if k > maxKg { errors[.kg] = "Plus de 40 tonnes : vérifiez l'unité (la quantité est en kilos)." }
        } else {
            errors[.kg] = "Indiquez combien de kilos vous pouvez recevoir, par exemple 80."
        }
        let from = FormMoment.parse(d.deliveryFrom), to = FormMoment.parse(d.deliveryTo)
        if from == nil { errors[.delivery_from] = "Indiquez à partir de quand vous pouvez recevoir." }
        if to == nil { errors[.delivery_to] = "Indiquez jusqu'à quand vous pouvez recevoir." }
        if let from, let to {
            if to <= from {
                errors[.delivery_to] = "La fin doit venir après le début."
            } else if to <= now {
                errors[.delivery_to] = "Ce créneau est déjà passé : choisissez-en un à venir."
            } else if from > now.addingTimeInterval(90 * 86_400) {
                errors[.delivery_from] = "Un besoin s'exprime trois mois à l'avance au plus."
            }
        }
        let people = Int(d.peopleServed.trimmingCharacters(in: .whitespaces))
        if let p = people {
            if p < 0 || p > 100_000 { errors[.people_served] = "Entre 0 et 100 000 personnes." }
        } else {
            errors[.people_served] = "Indiquez combien de personnes vous servez (un ordre de grandeur suffit)."
        }
        guard errors.isEmpty, let kg, let from, let to, let people else { return .failure(Refusal(errors)) }
        return .success(ValidNeed(category: d.category, kg: (kg * 10).rounded() / 10, deliveryFrom: from, deliveryTo: to, peopleServed: people))
    }

    /// "12,5" or "12.5"; nil for anything else (NaN, infinity, text).
    static func number(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        guard t.count <= 20, let v = Double(t), v.isFinite else { return nil }
        return v
    }
}
