import ArgumentParser
import Foundation
import Postgres
import VouchAPI
import VouchCore

/// `vouch tenant …`: the operator's tenant management.
struct TenantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant",
        abstract: "Create, list, suspend and resume tenants.",
        subcommands: [Create.self, List.self, Suspend.self, Resume.self, Retention.self, SetPlan.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a tenant and print its first admin API key.")

        @OptionGroup var settings: SettingsOptions

        @Option(help: "The merchant's name.")
        var name: String

        @Flag(help: "Print JSON: {\"tenant_id\", \"api_key\", \"test_api_key\"}.")
        var json = false

        func validate() throws {
            guard (1...200).contains(name.count) else { throw ValidationError("--name must be 1 to 200 characters") }
        }

        func run() async throws {
            let configuration = try settings.configuration()
            let pool = PostgresPool(configuration: PostgresPoolConfiguration(conninfo: configuration.databaseURL, maximumConnections: 1))
            defer { pool.close() }
            let repository = TenantRepository(database: TenantDatabase(pool: pool), keyring: configuration.keyring)
            let created = try await repository.create(name: name)
            if json {
                let output = [
                    "tenant_id": created.tenant.id.description,
                    "api_key": created.liveKey.secret,
                    "test_api_key": created.testKey.secret,
                ]
                let data = try JSONSerialization.data(withJSONObject: output, options: [.sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            } else {
                print("tenant:       \(created.tenant.id) (\(created.tenant.name))")
                print("live api key: \(created.liveKey.secret)")
                print("test api key: \(created.testKey.secret)")
                print("The keys are shown once; store them now. Test keys see only test data, and nothing they do")
                print("calls a provider or is billed.")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every tenant (needs the owner connection).")

        @OptionGroup var settings: SettingsOptions

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let pool = try settings.adminPool()
            defer { pool.close() }
            let tenants = try await TenantRepository.list(adminPool: pool)
            if json {
                let rows = tenants.map {
                    ["id": $0.id.description, "name": $0.name, "status": $0.status.rawValue, "created_at": "\($0.createdAt)"]
                }
                let data = try JSONSerialization.data(withJSONObject: rows, options: [.sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            } else {
                for tenant in tenants { print("\(tenant.id)\t\(tenant.status.rawValue)\t\(tenant.name)") }
            }
        }
    }

    struct Suspend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Suspend a tenant: its keys answer 403 tenant_suspended and its webhooks pause; its data stays."
        )

        @OptionGroup var settings: SettingsOptions

        @Argument(help: "The tenant's id (ten_…).")
        var id: String

        func run() async throws { try await TenantCommand.setStatus(id, .suspended, settings: settings) }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a suspended tenant.")

        @OptionGroup var settings: SettingsOptions

        @Argument(help: "The tenant's id (ten_…).")
        var id: String

        func run() async throws { try await TenantCommand.setStatus(id, .active, settings: settings) }
    }

    struct Retention: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a tenant's applicants this many days after their verdict (--keep: never by schedule)."
        )

        @OptionGroup var settings: SettingsOptions

        @Argument(help: "The tenant's id (ten_…).")
        var id: String

        @Option(help: "Days after the verdict.")
        var days: Int?

        @Flag(help: "Keep applicants until the merchant erases them.")
        var keep = false

        func validate() throws {
            guard (days != nil) != keep else { throw ValidationError("give either --days N or --keep") }
            if let days, days < 1 { throw ValidationError("--days must be at least 1") }
        }

        func run() async throws {
            guard let tenant = TenantID(id) else { throw ValidationError("not a tenant id: \(id)") }
            let pool = try settings.adminPool()
            defer { pool.close() }
            guard try await TenantRepository.setRetention(adminPool: pool, id: tenant, days: days) else {
                throw ValidationError("no tenant \(id)")
            }
            print("\(tenant)\tretention \(days.map { "\($0) days" } ?? "none")")
        }
    }

    struct SetPlan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Move a tenant to another plan: new usage is priced by it and its limits apply at once."
        )

        @OptionGroup var settings: SettingsOptions

        @Argument(help: "The tenant's id (ten_…).")
        var id: String

        @Argument(help: "The plan's name (see `vouch plan list`).")
        var plan: String

        func run() async throws {
            guard let tenant = TenantID(id) else { throw ValidationError("not a tenant id: \(id)") }
            let pool = try settings.adminPool()
            defer { pool.close() }
            do {
                guard try await PlanRepository.assign(adminPool: pool, tenant: tenant, plan: plan) else {
                    throw ValidationError("no tenant \(id)")
                }
            } catch VouchError.invalidPlan(let reason) {
                throw ValidationError(reason)
            }
            print("\(tenant)\tplan \(plan)")
        }
    }

    static func setStatus(_ text: String, _ status: Tenant.Status, settings: SettingsOptions) async throws {
        guard let id = TenantID(text) else { throw ValidationError("not a tenant id: \(text)") }
        let pool = try settings.adminPool()
        defer { pool.close() }
        guard try await TenantRepository.setStatus(adminPool: pool, id: id, status: status) else {
            throw ValidationError("no tenant \(text)")
        }
        print("\(id)\t\(status.rawValue)")
    }
}
