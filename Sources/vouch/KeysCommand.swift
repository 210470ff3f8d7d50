import ArgumentParser
import Foundation
import Postgres
import VouchAPI
import VouchCore

/// `vouch keys …`: the operator's key management, through the owner's connection while the
/// servers keep serving.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "The instance's and the tenants' keys.",
        subcommands: [RotateSigning.self, RotateMaster.self, RotateDataKey.self, SealExisting.self]
    )

    /// `vouch keys rotate-signing`: a new instance signing key; the old one stays published.
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

    /// `vouch keys rotate-master`: everything the previous master keys wrapped, wrapped by the
    /// current one.
    struct RotateMaster: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-master",
            abstract: "Re-wrap every data key, webhook secret and signing key under VOUCH_MASTER_KEY.",
            discussion: """
                First restart every server with the new key in VOUCH_ACCEPTED_MASTER_KEYS, then with it in \
                VOUCH_MASTER_KEY and the old one in VOUCH_ACCEPTED_MASTER_KEYS; run this; then drop \
                VOUCH_ACCEPTED_MASTER_KEYS. Running it again re-wraps only what is still under an old key.
                """
        )

        @OptionGroup var settings: SettingsOptions

        func run() async throws {
            let pool = try settings.adminPool()
            defer { pool.close() }
            let tenants = try await TenantRepository.list(adminPool: pool).map(\.id)
            let rotation = KeyRotation(database: TenantDatabase(pool: pool), keyring: try settings.configuration().keyring)
            let done = try await rotation.rewrapUnderCurrentMasterKey(tenants: tenants)
            print(
                "re-wrapped \(done.dataKeys) data keys, \(done.webhookSecrets) webhook endpoints' secrets and "
                    + "\(done.signingKeys) signing keys of \(tenants.count) tenants"
            )
        }
    }

    /// `vouch keys rotate-data-key TENANT`: a new data key for the tenant, and its applicant keys
    /// moved under it.
    struct RotateDataKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-data-key",
            abstract: "Give a tenant a new data key and re-wrap its applicant keys under it, in batches."
        )

        @OptionGroup var settings: SettingsOptions

        @Argument(help: "The tenant's id.")
        var tenant: String

        @Option(help: "Applicant keys re-wrapped per transaction.")
        var batchSize = 1000

        @Flag(help: "Only move the applicant keys still under an older data key (finishing a stopped run).")
        var resume = false

        func run() async throws {
            guard let tenant = TenantID(tenant) else { throw ValidationError("not a tenant id: \(tenant)") }
            guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
            let pool = try settings.adminPool()
            defer { pool.close() }
            let rotation = KeyRotation(database: TenantDatabase(pool: pool), keyring: try settings.configuration().keyring)
            if !resume { print("new data key \(try await rotation.rotateDataKey(tenant: tenant).uuidString.lowercased())") }
            var moved = 0
            while case let batch = try await rotation.moveApplicantKeys(tenant: tenant, limit: batchSize), batch > 0 {
                moved += batch
                print("re-wrapped \(moved) applicant keys")
            }
            print("done: \(moved) applicant keys re-wrapped")
        }
    }

    /// `vouch keys seal-existing`: what was stored before applicant keys, sealed under them.
    struct SealExisting: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "seal-existing",
            abstract: "Seal the plaintext profiles and claims, and re-seal the documents, stored before applicant keys.",
            discussion: "Online and resumable: each batch is one short transaction; run it again to finish a stopped run."
        )

        @OptionGroup var settings: SettingsOptions

        @Option(help: "Applicants and documents sealed per transaction.")
        var batchSize = 500

        @Option(help: "Stop after this many batches (a run in steps).")
        var maxBatches: Int?

        func run() async throws {
            guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
            let pool = try settings.adminPool()
            defer { pool.close() }
            let sealer = ExistingDataSealer(database: TenantDatabase(pool: pool), keyring: try settings.configuration().keyring)
            var batches = 0
            let started = ContinuousClock.now
            var sealed = 0
            for tenant in try await TenantRepository.list(adminPool: pool) {
                let left = try await sealer.remaining(tenant: tenant.id)
                guard left.total > 0 else { continue }
                print("tenant \(tenant.id): \(left.applicants) applicants and \(left.documents) documents to seal")
                var done = ExistingDataSealer.Rows(applicants: 0, documents: 0)
                var cursor = ExistingDataSealer.Cursor()
                while !cursor.isDone, maxBatches.map({ batches < $0 }) ?? true {
                    let batch: ExistingDataSealer.Rows
                    (batch, cursor) = try await sealer.sealBatch(tenant: tenant.id, limit: batchSize, after: cursor)
                    batches += 1
                    done.applicants += batch.applicants
                    done.documents += batch.documents
                    sealed += batch.total
                    print(
                        "tenant \(tenant.id): \(done.applicants)/\(left.applicants) applicants, \(done.documents)/\(left.documents) documents"
                    )
                }
                let still = cursor.isDone ? try await sealer.remaining(tenant: tenant.id).total : 0
                if still > 0 { print("tenant \(tenant.id): \(still) rows were in use or being checked and were left: run again") }
            }
            let seconds = max((ContinuousClock.now - started) / .seconds(1), 0.001)
            print("sealed \(sealed) rows in \(batches) batches (\(Int(Double(sealed) / seconds)) rows/s)")
        }
    }
}
