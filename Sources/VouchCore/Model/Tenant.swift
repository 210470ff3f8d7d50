import Foundation

/// A merchant renting Vouch.
public struct Tenant: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable {
        case active
        case suspended
    }

    public var id: TenantID
    public var name: String
    public var status: Status
    public var createdAt: Date
}
