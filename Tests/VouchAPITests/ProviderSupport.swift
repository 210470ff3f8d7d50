import Foundation
import HTTPTransport
import Hummingbird
import HummingbirdTesting
import Logging
import ProviderSimulator
import ServiceLifecycle
import TestSupport
import Testing
import VouchAPI
import VouchCore

/// The provider simulator running on a free port of 127.0.0.1 for one test.
struct SimulatorHarness: Sendable {
    static let callbackSecret = Array("test-regulator-callback-secret".utf8)

    let simulator: ProviderSimulator
    let group: ServiceGroup
    let port: Int

    var baseURL: String { "http://127.0.0.1:\(port)" }

    static func withSimulator(
        callbackDelay: Duration = .milliseconds(300),
        _ body: @Sendable (SimulatorHarness) async throws -> Void
    ) async throws {
        var logger = Logger(label: "simulator-test")
        logger.logLevel = .warning
        let simulator = ProviderSimulator(
            settings: SimulatorSettings(port: 0, callbackSecret: callbackSecret, callbackDelay: callbackDelay, slowDelay: .seconds(3)),
            logger: logger
        )
        let group = ServiceGroup(services: [simulator.application()], gracefulShutdownSignals: [], logger: logger)
        let running = Task { try await group.run() }
        let port = try await poll(within: .seconds(10), "the simulator did not start listening") { simulator.port }
        let harness = SimulatorHarness(simulator: simulator, group: group, port: port)
        do {
            try await body(harness)
        } catch {
            await group.triggerGracefulShutdown()
            _ = try? await running.value
            throw error
        }
        await group.triggerGracefulShutdown()
        _ = try? await running.value
    }

    /// Clients for both providers pointed at the simulator, with quick retries for tests.
    func providers(
        timeout: Duration = .seconds(5),
        retry: RetryPolicy = RetryPolicy(attempts: 3, baseDelay: .milliseconds(50), maximumDelay: .seconds(2)),
        breaker: CircuitBreaker.Settings = CircuitBreaker.Settings(failureThreshold: 5, openDuration: .seconds(2))
    ) -> ApplicantCheckProviders {
        func endpoint() -> ProviderEndpoint {
            ProviderEndpoint(
                baseURL: baseURL,
                apiKey: "sim-key",
                timeout: timeout,
                retry: retry,
                breaker: breaker,
                acceptsSimulatedAnswers: true
            )
        }
        return ApplicantCheckProviders(
            screening: endpoint(),
            // Tests publish list versions and expect the next screening to see them.
            screeningCatalogFreshFor: .zero,
            regulator: endpoint(),
            regulatorCallbackSecret: Self.callbackSecret
        )
    }
}

extension PipelineDocuments {
    /// A valid set whose identity card carries `documentNumber` and the profile's names.
    static func valid(variant: Int, documentNumber: String, surname: String = "LOVELACE") -> PipelineDocuments {
        var documents = PipelineDocuments.valid(variant: variant)
        documents.idBack.mrz = MRZSamples.td1(
            documentNumber: documentNumber,
            surname: surname,
            givenNames: "ADA",
            birth: "901210",
            expiry: "341231"
        )
        return documents
    }
}

extension TestApp {
    /// A new applicant with the given last name and document number, its four documents uploaded.
    func submittedApplicant(
        _ client: some TestClientProtocol,
        variant: Int,
        lastName: String = "Lovelace",
        documentNumber: String? = nil,
        key: String? = nil
    ) async throws -> String {
        let key = key ?? acme.apiKey
        var profile = PipelineProfile()
        profile.lastName = lastName
        let applicant = try await client.createApplicant(key: key, profile: profile)
        let documents = PipelineDocuments.valid(
            variant: variant,
            documentNumber: documentNumber ?? PipelineSamples.documentNumber(variant),
            surname: lastName.uppercased()
        )
        try await client.uploadDocuments(documents, applicant: applicant, key: key)
        return applicant
    }

    /// Provider-call usage events of Acme's applicant, as `kind:outcome` strings, sorted.
    func usage(applicant: String) async throws -> [String] {
        let id = try #require(ApplicantID(applicant))
        let rows = try await admin(
            "SELECT kind || ':' || outcome FROM usage_events WHERE applicant_id = '\(id.uuid)' AND kind LIKE '%_call' ORDER BY 1"
        )
        return try rows.map { try $0.decode(column: 0, as: String.self) }
    }

    /// Makes Acme's waiting jobs ready now, on their last try.
    func makeJobsDueOnLastTry() async throws {
        _ = try await admin("UPDATE jobs SET run_at = now(), max_attempts = attempts + 1 WHERE state = 'queued'")
    }

    /// Makes Acme's waiting jobs ready now.
    func makeJobsDue() async throws {
        _ = try await admin("UPDATE jobs SET run_at = now() WHERE state = 'queued'")
    }
}
