import Foundation
import Logging
import Verification

/// Runs one claimed job to its end: done, retried later, or dead after its last try.
public struct JobRunner: Sendable {
    let queue: JobQueue
    let documentChecks: DocumentCheckStep
    let decisions: ApplicantDecisionStep
    let logger: Logger

    public init(
        database: TenantDatabase,
        keys: DataKeyStore,
        keyring: Keyring,
        providers: ApplicantCheckProviders,
        logger: Logger
    ) {
        self.queue = JobQueue(database: database)
        self.documentChecks = DocumentCheckStep(database: database, keys: keys, keyring: keyring)
        self.decisions = ApplicantDecisionStep(database: database, providers: providers)
        self.logger = logger
    }

    public func run(_ job: ClaimedJob) async {
        var logger = logger
        logger[metadataKey: "tenant_id"] = "\(job.tenant)"
        logger[metadataKey: "job_kind"] = "\(job.kind.rawValue)"
        logger[metadataKey: "job_attempt"] = "\(job.attempt)"
        do {
            switch job.kind {
            case .checkDocument: try await documentChecks.run(job)
            case .decideApplicant: try await decisions.run(job)
            }
        } catch is JobLeaseLost {
            logger.warning("job lease lost; its result was discarded")
        } catch {
            // Errors are logged by type only: messages may quote data.
            logger.warning("job failed", metadata: ["error_type": "\(type(of: error))"])
            do {
                let state = try await queue.fail(job, error: String(describing: type(of: error)))
                if state == "dead" { logger.error("job dead after its last try") }
            } catch {
                // The lease will expire and the job come back: nothing is lost.
                logger.warning("could not record the failure", metadata: ["error_type": "\(type(of: error))"])
            }
        }
    }
}
