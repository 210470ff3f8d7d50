import Foundation
import Logging
import Verification

/// Runs one claimed job to its end: done, retried later, or dead after its last try.
public struct JobRunner: Sendable {
    let queue: JobRepository
    let documentChecks: DocumentCheckStep
    let decisions: ApplicantDecisionStep
    let screenings: ApplicantScreeningStep
    let monitoring: ApplicantMonitoringStep
    let testRegulatorCallbacks: TestRegulatorCallbackStep
    let logger: Logger

    /// - Parameter database: the workers' door to the database; each step runs in its job's tenant.
    public init(
        database: UnscopedDatabase,
        keys: DataKeyStore,
        keyring: Keyring,
        providers: ApplicantCheckProviders,
        logger: Logger
    ) {
        self.queue = JobRepository(database: database)
        self.documentChecks = DocumentCheckStep(database: database.scoped, keys: keys, keyring: keyring)
        self.decisions = ApplicantDecisionStep(database: database.scoped, providers: providers, keyring: keyring)
        self.testRegulatorCallbacks = TestRegulatorCallbackStep(database: database.scoped)
        self.screenings = ApplicantScreeningStep(decisions: decisions)
        self.monitoring = ApplicantMonitoringStep(
            database: database.scoped,
            keyring: keyring,
            lists: database,
            localLists: providers.localLists
        )
        self.logger = logger
    }

    public func run(_ job: ClaimedJob) async {
        var logger = logger
        logger[metadataKey: "tenant_id"] = "\(job.tenant)"
        logger[metadataKey: "job_kind"] = "\(job.kind.rawValue)"
        logger[metadataKey: "job_attempt"] = "\(job.attempt)"
        do {
            switch job.task {
            case .checkDocument: try await documentChecks.run(job)
            case .decideApplicant: try await decisions.run(job)
            case .screenApplicant: try await screenings.run(job)
            case .monitorApplicants: try await monitoring.run(job)
            case .answerTestRegulator: try await testRegulatorCallbacks.run(job)
            }
        } catch is JobLeaseLost {
            logger.warning("job lease lost; its result was discarded")
        } catch is ApplicantErased {
            logger.info("applicant erased while its job ran; nothing was written")
            try? await queue.finish(job)
        } catch {
            // Errors are logged by type only: messages may quote data.
            logger.warning("job failed", metadata: ["error_type": "\(type(of: error))"])
            await recordFailure(job, error: error, logger: logger)
        }
    }

    /// Gives the job back to the queue. The failure is often the database going away, so the
    /// write is tried a few times while the pool reconnects; if it still cannot be written, the
    /// lease expires and the job comes back anyway: nothing is lost, it only waits longer.
    func recordFailure(_ job: ClaimedJob, error: any Error, logger: Logger) async {
        for delay in [0, 100, 500, 2000] {
            if delay > 0 { try? await Task.sleep(for: .milliseconds(delay)) }
            do {
                let state = try await queue.fail(job, error: String(describing: type(of: error)))
                if state == .dead { logger.error("job dead after its last try") }
                return
            } catch {
                continue
            }
        }
        logger.warning("could not record the failure; the job returns when its lease expires")
    }
}
