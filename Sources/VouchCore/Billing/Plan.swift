import Base
import Foundation
import Postgres
import Verification

/// A price list and its request limits. Prices are in the currency's minor unit (cents).
public struct Plan: Sendable, Equatable {
    public var name: String
    public var currency: String
    public var prices: [UsageKind: Int]
    /// Requests per second per API key; nil: the server's configured default.
    public var keyRequestsPerSecond: Int?
    /// Requests per second across a tenant's keys; nil: the server's configured default.
    public var tenantRequestsPerSecond: Int?
    /// Webhook endpoints a tenant may have: every event writes a delivery to each.
    public var webhookEndpointLimit: Int

    /// The webhook endpoints a plan allows unless it says otherwise.
    public static let defaultWebhookEndpointLimit = 20

    public init(
        name: String,
        currency: String,
        prices: [UsageKind: Int],
        keyRequestsPerSecond: Int?,
        tenantRequestsPerSecond: Int?,
        webhookEndpointLimit: Int = Plan.defaultWebhookEndpointLimit
    ) {
        self.name = name
        self.currency = currency
        self.prices = prices
        self.keyRequestsPerSecond = keyRequestsPerSecond
        self.tenantRequestsPerSecond = tenantRequestsPerSecond
        self.webhookEndpointLimit = webhookEndpointLimit
    }

    /// Why the plan cannot be stored, if it cannot.
    public var problem: String? {
        if name.range(of: "^[a-z0-9_-]{1,40}$", options: .regularExpression) == nil {
            return "a plan's name is 1 to 40 of a-z, 0-9, _ and -"
        }
        if currency.range(of: "^[A-Z]{3}$", options: .regularExpression) == nil { return "a currency is three capital letters (ISO 4217)" }
        if prices.values.contains(where: { $0 < 0 }) { return "prices cannot be negative" }
        if [keyRequestsPerSecond, tenantRequestsPerSecond].contains(where: { ($0 ?? 1) < 1 }) {
            return "limits are at least 1 request per second"
        }
        if webhookEndpointLimit < 1 { return "a plan allows at least 1 webhook endpoint" }
        return nil
    }
}
