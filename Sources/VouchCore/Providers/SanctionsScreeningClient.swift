import Base
import Foundation
import HTTPTransport
import Verification

/// Sanctions and PEP screening against an OpenSanctions / yente compatible service:
/// `POST {base}/match/{dataset}?algorithm=…` with one FollowTheMoney `Person` query.
///
/// Results scoring at least the merchant's threshold are hits; a hit's topics say whether it is
/// a sanctions listing (`sanction…`) or a politically exposed person (`role.pep`, `role.…`).
/// Every answer records what produced it: the dataset and its version (from `GET /catalog`),
/// the matching algorithm, the threshold, and per hit which features matched.
public struct SanctionsScreeningClient: ScreeningSource {
    /// yente's rule-based matcher; named explicitly so that an upgrade of the service does not
    /// change the algorithm behind recorded results unnoticed.
    public static let defaultAlgorithm = "logic-v1"

    public let caller: ProviderCaller
    public let dataset: String
    public let algorithm: String
    let catalog: ScreeningCatalog

    /// - Parameter catalogFreshFor: how long a read of the service's catalog (the lists'
    ///   versions) is used before it is read again.
    public init(
        caller: ProviderCaller,
        dataset: String = "default",
        algorithm: String = Self.defaultAlgorithm,
        catalogFreshFor: Duration = .seconds(60)
    ) {
        self.caller = caller
        self.dataset = dataset
        self.algorithm = algorithm
        self.catalog = ScreeningCatalog(freshFor: catalogFreshFor)
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
            var lastChange: String?

            enum CodingKeys: String, CodingKey {
                case id, caption, schema, score, match, datasets, properties, features
                case lastChange = "last_change"
            }
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

    public func screen(_ subject: CheckSubject, threshold: Double) async throws -> ScreeningReport {
        let body = try JSONEncoder().encode(Self.query(for: subject))
        let authorization = caller.endpoint.apiKey.map { "ApiKey \($0)" }
        let path = "/match/\(dataset)?algorithm=\(algorithm.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        let exchange = try await caller.postJSON(path, body: Array(body), authorization: authorization)
        let decoded = try caller.decode(MatchResponse.self, from: exchange, "a match response")
        guard let results = decoded.responses["applicant"]?.results else {
            caller.recordMalformed()
            throw ProviderError.malformedResponse("no answer for the query")
        }
        let version = await catalog.version(of: dataset, caller: caller, authorization: authorization)
        return report(results, query: subject.screeningQuery, threshold: threshold, listVersion: version, exchange: exchange)
    }

    func report(
        _ results: [MatchResponse.Result],
        query: ScreeningQuery,
        threshold: Double,
        listVersion: String?,
        exchange: ProviderCaller.Exchange
    ) -> ScreeningReport {
        let provenance: [String: JSONValue] = [
            "provider": .string("yente"),
            "dataset": .string(dataset),
            "list_version": listVersion.map(JSONValue.string) ?? .null,
            "algorithm": .string(algorithm),
            "request_id": exchange.response.header("X-Request-Id").map(JSONValue.string) ?? .null,
            "latency_ms": .number(milliseconds(exchange.latency)),
            "attempts": .number(Double(exchange.attempts)),
            "http_status": .number(Double(exchange.response.status)),
        ]
        return ScreeningReport(
            provenance: provenance,
            results: results.count,
            bestBelowThreshold: results.map(\.score).filter { $0 < threshold }.max() ?? 0,
            hits: results.filter { $0.score >= threshold }.map { Self.candidate($0, query: query) }
        )
    }

    static func candidate(_ result: MatchResponse.Result, query: ScreeningQuery) -> ScreeningCandidate {
        let properties = result.properties ?? [:]
        let record = CandidateRecord(
            names: properties["name"] ?? result.caption.map { [$0] } ?? [],
            aliases: properties["alias"] ?? [],
            birthDates: properties["birthDate"] ?? [],
            countries: (properties["nationality"] ?? []) + (properties["citizenship"] ?? []) + (properties["country"] ?? [])
        )
        return ScreeningCandidate(
            source: .list,
            id: result.id,
            caption: result.caption ?? result.id,
            schema: result.schema,
            score: result.score,
            datasets: result.datasets ?? [],
            topics: properties["topics"] ?? [],
            entryVersion: result.lastChange,
            reference: nil,
            features: result.features ?? [:],
            comparison: CandidateComparison.compare(query, with: record)
        )
    }
}

func milliseconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return (Double(seconds) * 1000 + Double(attoseconds) / 1e15).rounded()
}
