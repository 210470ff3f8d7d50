import Base
import Foundation
import VouchCore

/// An applicant as the API shows it; profile fields it does not have are left out.
struct ApplicantBody: Encodable {
    var id: String
    var object = "applicant"
    var livemode = Livemode()
    var externalUserID: String
    var firstName: String?
    var lastName: String?
    var dateOfBirth: String?
    var nationality: String?
    var countryOfResidence: String?
    var email: String?
    var address: AddressBody?
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, object, livemode
        case externalUserID = "external_user_id"
        case firstName = "first_name"
        case lastName = "last_name"
        case dateOfBirth = "date_of_birth"
        case nationality
        case countryOfResidence = "country_of_residence"
        case email, address
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    init(_ applicant: Applicant) {
        let profile = applicant.profile
        id = applicant.id.description
        externalUserID = profile.externalUserID
        firstName = profile.firstName
        lastName = profile.lastName
        dateOfBirth = profile.dateOfBirth?.description
        nationality = profile.nationality
        countryOfResidence = profile.countryOfResidence
        email = profile.email
        address = profile.address.map(AddressBody.init)
        createdAt = applicant.createdAt
        updatedAt = applicant.updatedAt
    }
}

/// `POST /v1/applicants/{id}/sessions`.
struct SessionBody: Encodable {
    var object = "applicant_session"
    var livemode = Livemode()
    var applicantID: String
    var token: String
    var expiresAt: Date

    enum CodingKeys: String, CodingKey {
        case object, livemode
        case applicantID = "applicant_id"
        case token
        case expiresAt = "expires_at"
    }
}
