import Foundation
import VouchCore

/// A monitoring run, as the API shows it.
struct MonitoringRunBody: Encodable {
    var object = "monitoring_run"
    var livemode = Livemode()
    var id: String
    var kind: String
    @Nullable var dataset: String?
    @Nullable var listVersion: String?
    var state: String
    var entities: Int
    var applicants: Int
    var candidates: Int
    var createdAt: Date
    @Nullable var startedAt: Date?
    @Nullable var finishedAt: Date?

    enum CodingKeys: String, CodingKey {
        case object, livemode, id, kind, dataset
        case listVersion = "list_version"
        case state, entities, applicants, candidates
        case createdAt = "created_at"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
    }

    init(_ run: MonitoringRun) {
        id = run.id.description
        kind = run.kind.rawValue
        dataset = run.dataset
        listVersion = run.version
        state = run.state.rawValue
        entities = run.entities
        applicants = run.applicants
        candidates = run.candidates
        createdAt = run.createdAt
        startedAt = run.startedAt
        finishedAt = run.finishedAt
    }

}
