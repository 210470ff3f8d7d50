import Foundation
import SanctionsIndex
import Verification

/// A verified applicant as monitoring reads it: who, and the name screening compares.
struct MonitoredApplicant: Sendable {
    var id: ApplicantID
    var name: String
}

/// Which applicants of a page could be one of the entities a monitoring run screens against:
/// each applicant's name is searched in an index of those entities (only what a list version
/// changed, for a list change), at the tenant's threshold. The name alone is compared: birth
/// date and nationality only ever lower a score, so no applicant a full screening would raise is
/// left out; the candidates are then screened in full, with clearances and the watch list.
struct MonitoringMatcher: Sendable {
    let indexes: [SanctionsIndex]
    let threshold: Double

    var entities: Int { indexes.reduce(0) { $0 + $1.count } }

    func candidates(_ applicants: [MonitoredApplicant]) -> [ApplicantID] {
        applicants.filter { applicant in
            let query = ScreeningQuery(name: applicant.name)
            return indexes.contains { !$0.search(query, threshold: threshold, limit: 1).isEmpty }
        }.map(\.id)
    }
}
