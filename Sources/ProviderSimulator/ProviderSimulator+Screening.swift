import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization
import Verification

extension ProviderSimulator {
    /// `POST /match/{dataset}`: yente's match API. Each query is answered by its person's last
    /// name (`lastName`, else the last word of `name`).
    func match(_ request: Request, context: some RequestContext) async throws -> Response {
        guard !arrive("match") else { return Self.unavailable }
        var request = request
        guard let body = try await Self.object(&request), let queries = body["queries"] as? [String: Any] else {
            return try Self.json(["detail": "a body with queries is required"], status: .badRequest)
        }
        var responses: [String: Any] = [:]
        for (key, value) in queries {
            let properties = (value as? [String: Any])?["properties"] as? [String: [String]] ?? [:]
            let name = properties["name"]?.first ?? ""
            let lastName = properties["lastName"]?.first ?? name.split(separator: " ").last.map(String.init) ?? ""
            switch SimulatedOutcomes.screening(lastName: lastName, caption: name) {
            case .serverError:
                return try Self.json(["detail": "simulated failure"], status: .internalServerError)
            case .results(let hits):
                let changes = state.withLock { $0.entryChanges }
                responses[key] = [
                    "status": 200,
                    "results": hits.map { hit in
                        Self.result(hit, properties: properties, lastChange: changes[hit.id] ?? Self.firstEntryChange)
                    },
                    "total": ["value": hits.count, "relation": "eq"],
                    "query": value,
                ]
            }
        }
        return try Self.json(["responses": responses, "limit": 5])
    }

    /// One candidate as yente shows it: the person's own name, an alias in list order, birth date
    /// and nationality as asked, and when the entry last changed.
    static func result(_ hit: SimulatedOutcomes.ScreeningHit, properties: [String: [String]], lastChange: String) -> [String: Any] {
        let words = hit.caption.split(separator: " ")
        let alias = words.count > 1 ? "\(words.last!.uppercased()), \(words.dropLast().joined(separator: " "))" : hit.caption
        return [
            "id": hit.id,
            "caption": hit.caption,
            "schema": "Person",
            "properties": [
                "name": [hit.caption], "alias": [alias], "topics": [hit.topic],
                "birthDate": properties["birthDate"] ?? [], "nationality": properties["nationality"] ?? [],
            ],
            "datasets": [hit.dataset],
            "referents": [],
            "target": true,
            "score": hit.score,
            "match": hit.score >= 0.7,
            "features": ["person_name_jaro_winkler": hit.score, "person_name_phonetic_match": hit.score],
            "first_seen": "2024-01-01T00:00:00Z",
            "last_seen": ISO8601DateFormatter().string(from: Date()),
            "last_change": lastChange,
        ]
    }

    /// `GET /catalog`: the datasets and the version of the lists served.
    func catalog() throws -> Response {
        let version = state.withLock { $0.listVersion }
        let names = ["default", "sanctions", "peps", "us_ofac_sdn", "eu_fsf"]
        return try Self.json([
            "datasets": names.map { ["name": $0, "title": $0, "version": version, "load": true, "children": []] },
            "current": names,
            "outdated": [],
            "index_stale": false,
        ])
    }

    /// `POST /_simulator/lists {"version": …, "changed": [ids]}`: publishes a new list version.
    func publish(_ request: Request, context: some RequestContext) async throws -> Response {
        var request = request
        guard let body = try await Self.object(&request), let version = body["version"] as? String else {
            return try Self.json(["detail": "a body with version is required"], status: .badRequest)
        }
        publishListVersion(version, changing: body["changed"] as? [String] ?? [])
        return try Self.json(["version": version])
    }
}
