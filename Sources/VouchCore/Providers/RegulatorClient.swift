import Base
import Foundation
import HTTPTransport
import Verification

/// The regulator's database check: `POST {base}/verifications` with the applicant's document
/// number, names, birth date and country; the answer is `match`, `no_match` or `pending`. A
/// pending check is finished later by the regulator's signed callback, matched on `reference`.
public struct RegulatorClient: ApplicantCheckProvider {
    public let caller: ProviderCaller

    public init(caller: ProviderCaller) {
        self.caller = caller
    }

    struct VerificationRequest: Encodable {
        var reference: String
        var document_number: String
        var first_name: String?
        var last_name: String?
        var date_of_birth: String?
        var country: String?
    }

    struct VerificationResponse: Decodable {
        var reference: String
        var status: String
    }

    static let statuses: Set<String> = ["match", "no_match", "pending"]

    public func check(_ subject: CheckSubject, rules: RuleSet) async throws -> ProviderAnswer {
        guard let documentNumber = subject.documentNumber else {
            return ProviderAnswer(status: "skipped", details: .object(["reason": .string("no_document_number")]))
        }
        let reference = RegulatorReference.make(tenant: subject.tenant)
        let request = VerificationRequest(
            reference: reference,
            document_number: documentNumber,
            first_name: subject.firstName,
            last_name: subject.lastName,
            date_of_birth: subject.birthDate,
            country: subject.nationality
        )
        let exchange = try await caller.postJSON(
            "/verifications",
            body: Array(try JSONEncoder().encode(request)),
            authorization: caller.endpoint.apiKey.map { "Bearer \($0)" }
        )
        let decoded = try caller.decode(VerificationResponse.self, from: exchange, "a verification response")
        guard Self.statuses.contains(decoded.status), decoded.reference == reference else {
            caller.recordMalformed()
            throw ProviderError.malformedResponse("unknown status or another reference")
        }
        return ProviderAnswer(
            status: decoded.status,
            reference: reference,
            details: .object([
                "reference": .string(reference),
                "request_id": exchange.response.header("X-Request-Id").map(JSONValue.string) ?? .null,
                "latency_ms": .number(milliseconds(exchange.latency)),
                "attempts": .number(Double(exchange.attempts)),
                "http_status": .number(Double(exchange.response.status)),
                "raw_status": .string(decoded.status),
            ])
        )
    }
}

/// The reference Vouch gives the regulator for one check: `vref_<tenant hex>_<UUIDv7 hex>`.
///
/// It carries its tenant, so a callback finds the tenant without a lookup across tenants — and
/// without a global unique index, which a database sharded by tenant cannot keep. References
/// made before they carried their tenant (`vref_<UUIDv7 hex>`) are still found by lookup.
public enum RegulatorReference {
    public static func make(tenant: TenantID) -> String {
        "vref_" + tenant.uuid.compactHex + "_" + UUID.version7().compactHex
    }

    /// The tenant a reference names, if it is of the current form.
    public static func tenant(of reference: String) -> TenantID? {
        let parts = reference.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "vref", parts[2].count == 32, UUID(hex: parts[2]) != nil,
            parts[1].count == 32, let tenant = UUID(hex: parts[1])
        else { return nil }
        return TenantID(uuid: tenant)
    }
}
