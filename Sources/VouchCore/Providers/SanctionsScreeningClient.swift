import Base
import Foundation
import HTTPTransport
import Verification

/// Sanctions and PEP screening against an OpenSanctions / yente compatible service:
/// `POST {base}/match/{dataset}` with one FollowTheMoney `Person` query.
///
/// Results scoring at least the merchant's threshold are hits; a hit's topics say whether it is
/// a sanctions listing (`sanction…`) or a politically exposed person (`role.pep`, `role.…`).
public struct SanctionsScreeningClient: ApplicantCheckProvider {
    public let caller: ProviderCaller
    public let dataset: String

    public init(caller: ProviderCaller, dataset: String = "default") {
        self.caller = caller
        self.dataset = dataset
    }

    struct MatchRequest: Encodable {
        struct Query: Encodable {
            var schema = "Person"
            var properties: [String: [String]]
        }
        var queries: [String: Query]
    }

    struct MatchResponse: Decodable {
        struct QueryResponse: Decodable {
            var status: Int?
            var results: [Result]
        }
        struct Result: Decodable {
            var id: String
            var caption: String?
            var schema: String?
            var score: Double
            var match: Bool?
            var datasets: [String]?
            var properties: [String: [String]]?
            var features: [String: Double]?
        }
        var responses: [String: QueryResponse]
    }

    static func query(for subject: CheckSubject) -> MatchRequest {
        var properties: [String: [String]] = [:]
        let name = [subject.firstName, subject.lastName].compactMap { $0 }.joined(separator: " ")
        if !name.isEmpty { properties["name"] = [name] }
        if let first = subject.firstName { properties["firstName"] = [first] }
        if let last = subject.lastName { properties["lastName"] = [last] }
        if let birth = subject.birthDate { properties["birthDate"] = [birth] }
        if let country = subject.nationality.flatMap(CountryCodes.alpha2) { properties["nationality"] = [country.lowercased()] }
        return MatchRequest(queries: ["applicant": .init(properties: properties)])
    }

    public func check(_ subject: CheckSubject, rules: RuleSet) async throws -> ProviderAnswer {
        let body = try JSONEncoder().encode(Self.query(for: subject))
        let exchange = try await caller.postJSON(
            "/match/\(dataset)",
            body: Array(body),
            authorization: caller.endpoint.apiKey.map { "ApiKey \($0)" }
        )
        let decoded = try caller.decode(MatchResponse.self, from: exchange, "a match response")
        guard let results = decoded.responses["applicant"]?.results else {
            caller.recordMalformed()
            throw ProviderError.malformedResponse("no answer for the query")
        }
        return Self.answer(results, threshold: rules.screeningThreshold, dataset: dataset, exchange: exchange)
    }

    static func answer(
        _ results: [MatchResponse.Result],
        threshold: Double,
        dataset: String,
        exchange: ProviderCaller.Exchange
    ) -> ProviderAnswer {
        let hits = results.filter { $0.score >= threshold }
        let topics = Set(hits.flatMap { $0.properties?["topics"] ?? [] })
        let sanctions = topics.contains { $0.hasPrefix("sanction") }
        let pep = topics.contains { $0 == "role.pep" || $0.hasPrefix("role.") }
        let details: JSONValue = .object([
            "request_id": exchange.response.header("X-Request-Id").map(JSONValue.string) ?? .null,
            "latency_ms": .number(milliseconds(exchange.latency)),
            "attempts": .number(Double(exchange.attempts)),
            "http_status": .number(Double(exchange.response.status)),
            "dataset": .string(dataset),
            "threshold": .number(threshold),
            "results": .number(Double(results.count)),
            "hits": .array(
                hits.map { hit in
                    .object([
                        "id": .string(hit.id),
                        "caption": hit.caption.map(JSONValue.string) ?? .null,
                        "schema": hit.schema.map(JSONValue.string) ?? .null,
                        "score": .number(hit.score),
                        "match": hit.match.map(JSONValue.bool) ?? .null,
                        "datasets": .array((hit.datasets ?? []).map(JSONValue.string)),
                        "topics": .array((hit.properties?["topics"] ?? []).map(JSONValue.string)),
                        "features": .object((hit.features ?? [:]).mapValues(JSONValue.number)),
                    ])
                }
            ),
        ])
        return ProviderAnswer(
            status: hits.isEmpty ? "clear" : "hit",
            topScore: results.map(\.score).max() ?? 0,
            sanctions: sanctions,
            pep: pep,
            details: details
        )
    }
}

func milliseconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return (Double(seconds) * 1000 + Double(attoseconds) / 1e15).rounded()
}
