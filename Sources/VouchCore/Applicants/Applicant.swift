import Base
import Foundation

/// A postal address as the merchant gave it.
public struct PostalAddress: Sendable, Equatable, Codable {
    public var line1: String?
    public var city: String?
    public var postalCode: String?
    public var country: String?

    public init(line1: String? = nil, city: String? = nil, postalCode: String? = nil, country: String? = nil) {
        self.line1 = line1
        self.city = city
        self.postalCode = postalCode
        self.country = country
    }

    enum CodingKeys: String, CodingKey {
        case line1, city
        case postalCode = "postal_code"
        case country
    }
}

/// What a merchant tells us about its end user when creating an applicant.
public struct ApplicantProfile: Sendable, Equatable {
    public var externalUserID: String
    public var firstName: String?
    public var lastName: String?
    public var dateOfBirth: CivilDate?
    public var nationality: String?
    public var countryOfResidence: String?
    public var email: String?
    public var address: PostalAddress?

    public init(
        externalUserID: String,
        firstName: String? = nil,
        lastName: String? = nil,
        dateOfBirth: CivilDate? = nil,
        nationality: String? = nil,
        countryOfResidence: String? = nil,
        email: String? = nil,
        address: PostalAddress? = nil
    ) {
        self.externalUserID = externalUserID
        self.firstName = firstName
        self.lastName = lastName
        self.dateOfBirth = dateOfBirth
        self.nationality = nationality
        self.countryOfResidence = countryOfResidence
        self.email = email
        self.address = address
    }
}

/// A merchant's end user going through verification.
public struct Applicant: Sendable, Equatable {
    public var id: ApplicantID
    public var profile: ApplicantProfile
    public var decision: ApplicantStatus?
    public var createdAt: Date
    public var updatedAt: Date
}

/// The applicant's overall verdict.
public enum ApplicantStatus: String, Sendable, Codable, CaseIterable {
    case unverified
    case processing
    case inReview = "in_review"
    case verified
    case rejected
}

/// Whether every required document is in.
public enum SubmissionStatus: String, Sendable, Codable {
    case notSubmitted = "NOT_SUBMITTED"
    case partiallySubmitted = "PARTIALLY_SUBMITTED"
    case submitted = "SUBMITTED"
}
