import Base
import Crypto
import Foundation

/// A profile's personal fields as they are sealed: everything but the merchant's own user id.
private struct SealedProfileFields: Codable {
    var firstName: String?
    var lastName: String?
    var dateOfBirth: String?
    var nationality: String?
    var countryOfResidence: String?
    var email: String?
    var address: PostalAddress?

    enum CodingKeys: String, CodingKey {
        case firstName = "first_name"
        case lastName = "last_name"
        case dateOfBirth = "date_of_birth"
        case nationality
        case countryOfResidence = "country_of_residence"
        case email, address
    }
}

extension ApplicantProfile {
    /// The personal fields sealed under the applicant's key.
    func sealed(with key: SymmetricKey, tenant: TenantID, applicant: ApplicantID) throws -> [UInt8] {
        let fields = SealedProfileFields(
            firstName: firstName,
            lastName: lastName,
            dateOfBirth: dateOfBirth?.description,
            nationality: nationality,
            countryOfResidence: countryOfResidence,
            email: email,
            address: address
        )
        return try Keyring.sealProfile(Array(JSONEncoder().encode(fields)), with: key, tenant: tenant, applicant: applicant)
    }

    /// The profile with its personal fields opened from `sealed`.
    init(externalUserID: String, sealed: [UInt8], key: SymmetricKey, tenant: TenantID, applicant: ApplicantID) throws {
        let json = try Keyring.openProfile(sealed, with: key, tenant: tenant, applicant: applicant)
        let fields = try JSONDecoder().decode(SealedProfileFields.self, from: Data(json))
        self.init(
            externalUserID: externalUserID,
            firstName: fields.firstName,
            lastName: fields.lastName,
            dateOfBirth: fields.dateOfBirth.flatMap { CivilDate($0) },
            nationality: fields.nationality,
            countryOfResidence: fields.countryOfResidence,
            email: fields.email,
            address: fields.address
        )
    }

    /// The names of the personal fields that hold a value.
    var filledFieldNames: [String] {
        let fields: [(String, Bool)] = [
            ("first_name", firstName != nil), ("last_name", lastName != nil), ("date_of_birth", dateOfBirth != nil),
            ("nationality", nationality != nil), ("country_of_residence", countryOfResidence != nil),
            ("email", email != nil), ("address", address != nil),
        ]
        return fields.filter(\.1).map(\.0)
    }
}
