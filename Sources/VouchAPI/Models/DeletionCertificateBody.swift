import VouchCore

/// A deletion certificate as the API serves it: what it states, and the JWS that signs exactly
/// that (the statement is the JWS payload, shown decoded for people).
struct DeletionCertificateBody: Encodable {
    var object = "deletion_certificate"
    var livemode = Livemode()
    var certificate: DeletionCertificate
    var jws: String

    init(jws: String) throws {
        self.certificate = try DeletionCertificate.unverified(jws)
        self.jws = jws
    }
}

/// What erasing an applicant answers: the confirmation with the certificate.
struct ErasureBody: Encodable {
    var object = "applicant"
    var livemode = Livemode()
    var id: String
    var erased = true
    var deletionCertificate: DeletionCertificateBody

    enum CodingKeys: String, CodingKey {
        case object, livemode, id, erased
        case deletionCertificate = "deletion_certificate"
    }
}
