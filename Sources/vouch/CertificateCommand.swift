import ArgumentParser
import Foundation
import Postgres
import VouchAPI
import VouchCore

/// `vouch certificate verify FILE --keys JWKS`: checks a deletion certificate offline, against
/// the public keys saved from `/.well-known/vouch-keys`; exits 1 when it does not verify.
struct CertificateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificate",
        abstract: "Deletion certificates.",
        subcommands: [Verify.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify a deletion certificate (as GET /v1/applicants/{id}/deletion-certificate answers it, or its bare JWS)."
        )

        @Argument(help: "The certificate file.")
        var file: String

        @Option(help: "The instance's public keys, as GET /.well-known/vouch-keys answers them (a JWKS file).")
        var keys: String

        func run() async throws {
            do {
                let certificate = try DeletionCertificate.verify(
                    certificate: try Data(contentsOf: URL(fileURLWithPath: file)),
                    jwks: try Data(contentsOf: URL(fileURLWithPath: keys))
                )
                print(
                    "valid: applicant \(certificate.applicantID) of tenant \(certificate.tenantID), erased \(certificate.erasedAt), "
                        + "signed by key \(certificate.keyID)"
                )
            } catch let failure as CompactJWS.Failure {
                print("NOT VALID: \(failure)")
                throw ExitCode(1)
            }
        }
    }
}
