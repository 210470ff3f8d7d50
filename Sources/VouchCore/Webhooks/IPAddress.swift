import Glibc

/// An IPv4 or IPv6 address as 4 or 16 bytes.
public struct IPAddress: Sendable, Hashable {
    public let bytes: [UInt8]

    public var isIPv6: Bool { bytes.count == 16 }

    public init?(_ text: String) {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            bytes = withUnsafeBytes(of: &v6) { Array($0) }
        } else {
            return nil
        }
    }

    init?(sockaddr address: UnsafeMutablePointer<sockaddr>?) {
        guard let address else { return nil }
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            bytes = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                withUnsafeBytes(of: v4.pointee.sin_addr) { Array($0) }
            }
        case AF_INET6:
            bytes = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                withUnsafeBytes(of: v6.pointee.sin6_addr) { Array($0) }
            }
        default: return nil
        }
    }

    public var text: String {
        var buffer = [CChar](repeating: 0, count: 64)
        var copy = bytes
        let family = isIPv6 ? AF_INET6 : AF_INET
        _ = inet_ntop(family, &copy, &buffer, socklen_t(buffer.count))
        return String(decoding: buffer.prefix { $0 != 0 }.map(UInt8.init(bitPattern:)), as: UTF8.self)
    }

    /// The IPv4 address inside an IPv4-mapped (`::ffff:a.b.c.d`) or IPv4-compatible IPv6 address.
    var embeddedIPv4: IPAddress? {
        guard isIPv6 else { return nil }
        let mapped = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
        let compatible = bytes[0..<12].allSatisfy { $0 == 0 } && !(bytes[12..<16].allSatisfy { $0 == 0 })
        guard mapped || compatible else { return nil }
        return IPAddress(bytes: Array(bytes[12..<16]))
    }

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// Routable on the public internet: not loopback, private, link-local (metadata services
    /// live there), shared, unique-local, multicast, unspecified, documentation or reserved.
    public var isPublic: Bool {
        if let v4 = embeddedIPv4 { return v4.isPublic }
        return !Self.reserved.contains { $0.contains(self) }
    }

    static let reserved: [CIDR] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
        "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
        // IPv6: unspecified, loopback, NAT64 (well-known and local-use), discard, Teredo and
        // 6to4 (both carry an IPv4 address that may be private), documentation, unique-local,
        // link-local, multicast, and the cloud metadata address.
        "::/128", "::1/128", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/32", "2002::/16", "2001:db8::/32",
        "fc00::/7", "fe80::/10", "ff00::/8",
        "fd00:ec2::254/128",
    ].compactMap(CIDR.init)
}

/// An address range, `address/prefix-length`.
public struct CIDR: Sendable, Hashable {
    public let network: IPAddress
    public let prefixLength: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let address = IPAddress(String(parts[0])) else { return nil }
        let maximum = address.bytes.count * 8
        let length = parts.count == 2 ? Int(parts[1]) : maximum
        guard let length, (0...maximum).contains(length) else { return nil }
        network = address
        prefixLength = length
    }

    public func contains(_ address: IPAddress) -> Bool {
        let candidate = address.bytes.count == network.bytes.count ? address : address.embeddedIPv4
        guard let candidate, candidate.bytes.count == network.bytes.count else { return false }
        var remaining = prefixLength
        for index in 0..<network.bytes.count where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if candidate.bytes[index] & mask != network.bytes[index] & mask { return false }
            remaining -= bits
        }
        return true
    }
}
