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

/// `vouch keys rotate-signing`: a new instance signing key; the old one stays published.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "The instance's keys.",
        subcommands: [RotateSigning.self]
    )

    struct RotateSigning: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-signing",
            abstract: "Retire the signing key in force and make a new one (needs the owner connection); both stay published."
        )

        @OptionGroup var settings: SettingsOptions

        func run() async throws {
            let pool = try settings.adminPool()
            defer { pool.close() }
            let key = try await SigningKeyRepository(pool: pool, keyring: try settings.configuration().keyring).rotate()
            print("signing with \(key.id)")
        }
    }
}
