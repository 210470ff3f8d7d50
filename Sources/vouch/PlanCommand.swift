import ArgumentParser
import Foundation
import Postgres
import VouchAPI
import VouchCore

/// `vouch plan …`: the operator's price list and request limits.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Define plans: a price for each billable kind, request limits and webhook endpoints.",
        subcommands: [List.self, Set.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the plans.")

        @OptionGroup var settings: SettingsOptions

        func run() async throws {
            let pool = try settings.adminPool()
            defer { pool.close() }
            for plan in try await PlanRepository.list(adminPool: pool) {
                let prices = UsageKind.allCases.map { "\($0.rawValue)=\(plan.prices[$0] ?? 0)" }.joined(separator: " ")
                let limits =
                    "key=\(plan.keyRequestsPerSecond.map(String.init) ?? "default")/s"
                    + " tenant=\(plan.tenantRequestsPerSecond.map(String.init) ?? "default")/s"
                    + " webhook_endpoints=\(plan.webhookEndpointLimit)"
                print("\(plan.name)\t\(plan.currency)\t\(prices)\t\(limits)")
            }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or replace a plan. Usage already counted keeps the price it was counted at."
        )

        @OptionGroup var settings: SettingsOptions

        @Argument(help: "The plan's name (a-z, 0-9, _ and -).")
        var name: String

        @Option(help: "ISO 4217 currency, such as EUR.")
        var currency: String

        @Option(
            name: .customLong("price"),
            help: "KIND=MINOR_UNITS, repeated: \(UsageKind.allCases.map(\.rawValue).joined(separator: ", "))."
        )
        var prices: [String] = []

        @Option(help: "Requests per second per API key (default: the server's setting).")
        var keyLimit: Int?

        @Option(help: "Requests per second across the tenant's keys (default: the server's setting).")
        var tenantLimit: Int?

        @Option(help: "Webhook endpoints a tenant may have (default: \(Plan.defaultWebhookEndpointLimit)).")
        var webhookEndpointLimit: Int = Plan.defaultWebhookEndpointLimit

        func run() async throws {
            let plan = Plan(
                name: name,
                currency: currency,
                prices: try Self.parse(prices),
                keyRequestsPerSecond: keyLimit,
                tenantRequestsPerSecond: tenantLimit,
                webhookEndpointLimit: webhookEndpointLimit
            )
            let pool = try settings.adminPool()
            defer { pool.close() }
            do {
                try await PlanRepository.define(adminPool: pool, plan)
            } catch VouchError.invalidPlan(let reason) {
                throw ValidationError(reason)
            }
            print("plan \(name) stored")
        }

        static func parse(_ prices: [String]) throws -> [UsageKind: Int] {
            var parsed: [UsageKind: Int] = [:]
            for price in prices {
                let parts = price.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let kind = UsageKind(rawValue: String(parts[0])), let amount = Int(parts[1]) else {
                    throw ValidationError("--price takes KIND=MINOR_UNITS with a billable kind, not \(price)")
                }
                parsed[kind] = amount
            }
            return parsed
        }
    }
}
