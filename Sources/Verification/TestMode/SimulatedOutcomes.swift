/// The magic values that choose an outside check's answer, as a payment processor's test cards
/// do: the provider simulator answers by them over HTTP, and a tenant's test mode decides by
/// them without calling anyone. Everything not listed is clean: no screening hit, regulator
/// `match`. (`SLOW`, `RATELIMIT` and `MALFORMED` exercise the HTTP client; in test mode they
/// are `match`, an error and an error.)
///
/// Screening, by the person's last name (case does not matter):
/// - `Sanctioned`: a sanctions hit, score 1.0 (`us_ofac_sdn`, topic `sanction`)
/// - `Exposed`: a politically exposed person, score 0.92 (`peps`, topic `role.pep`)
/// - `Similar`: a weak sanctions candidate, score 0.55 — under the default threshold of 0.7
/// - `Unavailable`: HTTP 500
///
/// Regulator, by the start of the document number:
/// - `NOMATCH`: `no_match`
/// - `PENDING`: `pending`, then the signed callback with `match` after the callback delay
/// - `SLOW`: `match`, after the slow delay (20 s by default)
/// - `ERROR`: HTTP 500
/// - `RATELIMIT`: HTTP 429 with `Retry-After: 1`
/// - `MALFORMED`: HTTP 200 with a body that is not JSON
public enum SimulatedOutcomes {
    public struct ScreeningHit: Sendable {
        public var id: String
        public var caption: String
        public var score: Double
        public var dataset: String
        public var topic: String
    }

    public enum Screening: Sendable {
        case results([ScreeningHit])
        case serverError
    }

    public enum Regulator: Sendable, Equatable {
        case answer(String)
        case pendingThenCallback
        case slow
        case serverError
        case rateLimited
        case malformed
    }

    public static func screening(lastName: String, caption: String) -> Screening {
        switch lastName.lowercased() {
        case "sanctioned":
            .results([ScreeningHit(id: "sim-sanction-1", caption: caption, score: 1.0, dataset: "us_ofac_sdn", topic: "sanction")])
        case "exposed":
            .results([ScreeningHit(id: "sim-pep-1", caption: caption, score: 0.92, dataset: "peps", topic: "role.pep")])
        case "similar":
            .results([ScreeningHit(id: "sim-similar-1", caption: caption, score: 0.55, dataset: "eu_fsf", topic: "sanction")])
        case "unavailable": .serverError
        default: .results([])
        }
    }

    public static func regulator(documentNumber: String) -> Regulator {
        let number = documentNumber.uppercased()
        if number.hasPrefix("NOMATCH") { return .answer("no_match") }
        if number.hasPrefix("PENDING") { return .pendingThenCallback }
        if number.hasPrefix("SLOW") { return .slow }
        if number.hasPrefix("ERROR") { return .serverError }
        if number.hasPrefix("RATELIMIT") { return .rateLimited }
        if number.hasPrefix("MALFORMED") { return .malformed }
        return .answer("match")
    }
}
