import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

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
                responses[key] = [
                    "status": 200,
                    "results": hits.map { hit in Self.result(hit, properties: properties) },
                    "total": ["value": hits.count, "relation": "eq"],
                    "query": value,
                ]
            }
        }
        return try Self.json(["responses": responses, "limit": 5])
    }

    static func result(_ hit: SimulatedOutcomes.ScreeningHit, properties: [String: [String]]) -> [String: Any] {
        [
            "id": hit.id,
            "caption": hit.caption,
            "schema": "Person",
            "properties": ["name": [hit.caption], "topics": [hit.topic], "birthDate": properties["birthDate"] ?? []],
            "datasets": [hit.dataset],
            "referents": [],
            "target": true,
            "score": hit.score,
            "match": hit.score >= 0.7,
            "features": ["person_name_jaro_winkler": hit.score, "person_name_phonetic_match": hit.score],
        ]
    }
}
