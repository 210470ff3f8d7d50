import Foundation
import Glibc

/// Where Vouch may send requests to merchant-supplied URLs.
///
/// A URL must be `https` (plain `http` only to an allowed range), carry no credentials, and its
/// host must resolve only to public addresses: loopback, private, link-local, unique-local,
/// multicast, unspecified and cloud metadata addresses are refused, IPv4-mapped IPv6 included.
/// The operator may let ranges through (`VOUCH_EGRESS_ALLOW`, CIDRs), which tests use for
/// receivers on 127.0.0.1. The checked address is then pinned for the connection, so DNS
/// rebinding between the check and the request cannot send it elsewhere.
public struct EgressPolicy: Sendable {
    public enum Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        case invalidURL
        case schemeNotAllowed
        case credentialsInURL
        case unresolvable
        case addressNotAllowed

        /// Says what is wrong without the address the host resolved to: echoing it would let a
        /// caller map internal names to internal addresses.
        public var description: String {
            switch self {
            case .invalidURL: "the URL is not a valid absolute URL"
            case .schemeNotAllowed: "the URL must use https"
            case .credentialsInURL: "the URL must not carry a user name or password"
            case .unresolvable: "the host name does not resolve"
            case .addressNotAllowed: "the host is not allowed"
            }
        }
    }

    /// A checked destination: the URL and the `host:port:address` pin for libcurl.
    public struct Destination: Sendable, Equatable {
        public var url: String
        public var pin: String
        public var address: String
    }

    public let allowed: [CIDR]

    public init(allowed: [CIDR] = []) {
        self.allowed = allowed
    }

    /// Parses `VOUCH_EGRESS_ALLOW`: comma-separated CIDRs (`127.0.0.0/8,::1/128`).
    public init(allowList: String) throws {
        let parts = allowList.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        allowed = try parts.map { text in
            guard let cidr = CIDR(text) else { throw Refusal.invalidURL }
            return cidr
        }
    }

    /// Checks the URL's form only (no DNS): what registration can say at once.
    public func checkForm(_ text: String) throws -> (scheme: String, host: String, port: Int) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let rawHost = components.host, !rawHost.isEmpty
        else { throw Refusal.invalidURL }
        guard components.user == nil, components.password == nil else { throw Refusal.credentialsInURL }
        guard scheme == "https" || scheme == "http" else { throw Refusal.schemeNotAllowed }
        let host = rawHost.hasPrefix("[") ? String(rawHost.dropFirst().dropLast()) : rawHost
        // libcurl matches its pinned addresses against the name as it normalises it (a trailing
        // dot dropped, percent-escapes decoded), so only names that normalise to themselves are
        // taken: the pin then always applies.
        guard !host.hasSuffix("."), components.percentEncodedHost?.contains("%") != true,
            host.utf8.allSatisfy({ Self.isHostByte($0) })
        else {
            throw Refusal.invalidURL
        }
        return (scheme, host, components.port ?? (scheme == "https" ? 443 : 80))
    }

    /// Resolves the host (on a thread of its own: `getaddrinfo` blocks) and checks every address.
    public func check(_ text: String) async throws -> Destination {
        let (scheme, host, port) = try checkForm(text)
        let addresses = try await Self.resolve(host)
        guard !addresses.isEmpty else { throw Refusal.unresolvable }
        // Every address must pass, not only the first: libcurl may try any of them.
        for address in addresses where !allowed.contains(where: { $0.contains(address) }) {
            guard address.isPublic else { throw Refusal.addressNotAllowed }
            guard scheme == "https" else { throw Refusal.schemeNotAllowed }
        }
        let chosen = addresses[0]
        let pinnedHost = host.contains(":") ? "[\(host)]" : host
        let pinnedAddress = chosen.isIPv6 ? "[\(chosen.text)]" : chosen.text
        return Destination(url: text, pin: "\(pinnedHost):\(port):\(pinnedAddress)", address: chosen.text)
    }

    static func resolve(_ host: String) async throws -> [IPAddress] {
        if let literal = IPAddress(host) { return [literal] }
        guard let addresses = await HostResolver.shared.resolve(host) else { throw Refusal.unresolvable }
        return addresses
    }

    /// Letters, digits, `-`, `.`, `_` and, for IPv6 literals, `:`.
    static func isHostByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"): return true
        default: return false
        }
    }
}
