import Crypto
import Foundation
import JWTKit
import VouchCore

/// The claims of an applicant session token: one tenant, one applicant, a short life.
public struct ApplicantSessionClaims: JWTPayload, Equatable {
    static let audience = "vouch:applicant-session"

    var subject: SubjectClaim
    var tenantID: String
    var audienceClaim: AudienceClaim
    var issuedAt: IssuedAtClaim
    var expiration: ExpirationClaim

    enum CodingKeys: String, CodingKey {
        case subject = "sub"
        case tenantID = "tid"
        case audienceClaim = "aud"
        case issuedAt = "iat"
        case expiration = "exp"
    }

    public var applicant: ApplicantID { ApplicantID(subject.value)! }
    public var tenant: TenantID { TenantID(tenantID)! }

    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try expiration.verifyNotExpired()
        try audienceClaim.verifyIntendedAudience(includes: Self.audience)
        guard ApplicantID(subject.value) != nil, TenantID(tenantID) != nil else {
            throw JWTError.claimVerificationFailure(failedClaim: subject, reason: "not an applicant session")
        }
    }
}

/// Issues and checks applicant session tokens (HS256).
public struct ApplicantSessions: Sendable {
    let keys: JWTKeyCollection
    public let lifetime: TimeInterval

    /// `secret` signs the tokens; every instance must share it.
    public init(secret: SymmetricKey, lifetime: TimeInterval) async {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(key: secret), digestAlgorithm: .sha256)
        self.keys = keys
        self.lifetime = lifetime
    }

    /// A token for `applicant` of `tenant`, and when it expires.
    public func issue(tenant: TenantID, applicant: ApplicantID, now: Date = Date()) async throws -> (String, Date) {
        let expires = now.addingTimeInterval(lifetime)
        let claims = ApplicantSessionClaims(
            subject: SubjectClaim(value: applicant.description),
            tenantID: tenant.description,
            audienceClaim: AudienceClaim(value: [ApplicantSessionClaims.audience]),
            issuedAt: IssuedAtClaim(value: now),
            expiration: ExpirationClaim(value: expires)
        )
        return (try await keys.sign(claims), expires)
    }

    /// The claims of a valid token, or nil for anything forged, expired or malformed.
    public func verify(_ token: String) async -> ApplicantSessionClaims? {
        try? await keys.verify(token, as: ApplicantSessionClaims.self)
    }
}
