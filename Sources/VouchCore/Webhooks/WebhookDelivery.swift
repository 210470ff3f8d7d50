import Foundation

/// A delivery a sender holds under lease.
struct ClaimedDelivery: Sendable {
    var tenant: TenantID
    var id: UUID
    var endpoint: UUID
    var event: UUID
    /// 1 on the first try.
    var attempt: Int
}

/// What a delivery needs to go out: where, signed with what, carrying what.
struct DeliveryPackage: Sendable {
    var url: String
    var status: WebhookEndpoint.Status
    var secrets: [String]
    var body: [UInt8]
    var eventID: String
}

/// How one attempt ended.
struct AttemptOutcome: Sendable {
    var statusCode: Int?
    var latencyMilliseconds: Int
    var error: String?
    var responseBody: String?
    var retryAfterSeconds: Int?

    var succeeded: Bool { statusCode.map { (200..<300).contains($0) } ?? false }
}
