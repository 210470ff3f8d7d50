import Base
import Foundation
import VouchCore

/// `POST /v1/applicants`.
struct CreateApplicantRequest: Decodable {
    var externalUserID: String
    var firstName: String?
    var lastName: String?
    var dateOfBirth: String?
    var nationality: String?
    var countryOfResidence: String?
    var email: String?
    var address: AddressBody?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case externalUserID = "external_user_id"
        case firstName = "first_name"
        case lastName = "last_name"
        case dateOfBirth = "date_of_birth"
        case nationality
        case countryOfResidence = "country_of_residence"
        case email
        case address
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        externalUserID = try container.decode(String.self, forKey: .externalUserID)
        firstName = try container.decodeIfPresent(String.self, forKey: .firstName)
        lastName = try container.decodeIfPresent(String.self, forKey: .lastName)
        dateOfBirth = try container.decodeIfPresent(String.self, forKey: .dateOfBirth)
        nationality = try container.decodeIfPresent(String.self, forKey: .nationality)
        countryOfResidence = try container.decodeIfPresent(String.self, forKey: .countryOfResidence)
        email = try container.decodeIfPresent(String.self, forKey: .email)
        address = try container.decodeIfPresent(AddressBody.self, forKey: .address)
    }

    /// Checks every field and builds the profile; the first problem found is reported.
    func validatedProfile(now: Date = Date()) throws -> ApplicantProfile {
        try FieldRules.text(externalUserID, "external_user_id", max: 255)
        for (value, name) in [(firstName, "first_name"), (lastName, "last_name")] {
            if let value { try FieldRules.text(value, name, max: 200) }
        }
        var birthDate: CivilDate?
        if let dateOfBirth {
            guard let parsed = CivilDate(dateOfBirth) else {
                throw APIError.invalidField("date_of_birth", "must be a date as YYYY-MM-DD")
            }
            guard parsed.year >= 1900, parsed <= CivilDate(unixSeconds: now.timeIntervalSince1970) else {
                throw APIError.invalidField("date_of_birth", "must be between 1900-01-01 and today")
            }
            birthDate = parsed
        }
        if let nationality { try FieldRules.country(nationality, "nationality") }
        if let countryOfResidence { try FieldRules.country(countryOfResidence, "country_of_residence") }
        if let email { try FieldRules.email(email) }
        return ApplicantProfile(
            externalUserID: externalUserID,
            firstName: firstName,
            lastName: lastName,
            dateOfBirth: birthDate,
            nationality: nationality,
            countryOfResidence: countryOfResidence,
            email: email,
            address: try address?.validated()
        )
    }
}

struct AddressBody: Codable {
    var line1: String?
    var city: String?
    var postalCode: String?
    var country: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case line1, city
        case postalCode = "postal_code"
        case country
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        line1 = try container.decodeIfPresent(String.self, forKey: .line1)
        city = try container.decodeIfPresent(String.self, forKey: .city)
        postalCode = try container.decodeIfPresent(String.self, forKey: .postalCode)
        country = try container.decodeIfPresent(String.self, forKey: .country)
    }

    init(_ address: PostalAddress) {
        line1 = address.line1
        city = address.city
        postalCode = address.postalCode
        country = address.country
    }

    func validated() throws -> PostalAddress {
        if let line1 { try FieldRules.text(line1, "address.line1", max: 300) }
        if let city { try FieldRules.text(city, "address.city", max: 200) }
        if let postalCode { try FieldRules.text(postalCode, "address.postal_code", max: 20) }
        if let country { try FieldRules.country(country, "address.country") }
        return PostalAddress(line1: line1, city: city, postalCode: postalCode, country: country)
    }
}

/// Field checks shared by request types.
enum FieldRules {
    static func text(_ value: String, _ name: String, max: Int) throws {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw APIError.invalidField(name, "must not be empty") }
        guard value.count <= max else { throw APIError.invalidField(name, "must be at most \(max) characters") }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw APIError.invalidField(name, "must not contain control characters")
        }
    }

    /// ISO 3166-1 alpha-2 or alpha-3, upper case.
    static func country(_ value: String, _ name: String) throws {
        guard (2...3).contains(value.count), value.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw APIError.invalidField(name, "must be an ISO 3166-1 country code such as GB or GBR")
        }
    }

    static func email(_ value: String) throws {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard value.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !value.contains(where: \.isWhitespace)
        else { throw APIError.invalidField("email", "must be an email address") }
    }
}
