import Foundation
import HummingbirdTesting
import TestSupport
import Testing
import VouchAPI
import VouchCore

/// The provider down while applicants keep arriving: nothing passes while it is down, and
/// every applicant reaches its verdict once it is back, through the queue's own retries.
@Suite("Provider outage")
struct ProviderOutageTests {
    /// 20 s keeps the suite quick; the retry schedule (JobBackoff) covers minutes.
    static let outage: Duration = .seconds(20)

    @Test("applicants arriving during an outage all finish once the provider is back")
    func outageThenRecovery() async throws {
        try await SimulatorHarness.withSimulator { simulator in
            try await TestApp.withApp(role: .all, providers: simulator.providers()) { app, client in
                let key = app.acme.apiKey
                simulator.simulator.setOutage(true)
                let clock = ContinuousClock()
                let downSince = clock.now
                var applicants: [String] = []
                var variant = 0
                while clock.now - downSince < Self.outage {
                    variant += 1
                    applicants.append(try await app.submittedApplicant(client, variant: variant))
                    try await letTimePass(.seconds(2), "applicants arrive spread over the outage, not all at its start")
                }
                for applicant in applicants {
                    #expect(try await client.applicantState(applicant, key: key) != "verified", "nothing passes while down")
                }
                // The outage lasts until a failed call is on record, however slowly a loaded
                // machine gets the workers to it.
                let failureRecorded = try await eventually {
                    let errors = try await app.admin("SELECT count(*) FROM applicant_checks WHERE status = 'error'")
                    return try errors[0].decode(column: 0, as: Int.self) > 0
                }
                #expect(failureRecorded)
                simulator.simulator.setOutage(false)

                let allDecided = try await eventually(timeout: .seconds(75)) {
                    for applicant in applicants where try await client.applicantState(applicant, key: key) != "verified" {
                        return false
                    }
                    return true
                }
                #expect(allDecided, "every applicant is verified once the provider is back")
                let dead = try await app.admin("SELECT count(*) FROM jobs WHERE state = 'dead'")
                #expect(try dead[0].decode(column: 0, as: Int.self) == 0)
                let decisions = try await app.admin("SELECT count(*) FROM events WHERE type = 'applicant.verified'")
                #expect(try decisions[0].decode(column: 0, as: Int.self) == applicants.count, "each decided once")
            }
        }
    }
}
