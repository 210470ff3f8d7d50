import Testing
import VouchCore

@Suite("Egress policy: addresses and ranges")
struct EgressPolicyTests {
    @Test(
        "reserved addresses are not public, mapped IPv6 included",
        arguments: [
            "127.0.0.1", "10.0.0.1", "172.31.255.255", "192.168.0.1", "169.254.169.254", "100.100.0.1", "0.0.0.0", "224.1.2.3",
            "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:10.0.0.1",
            "::ffff:127.0.0.1", "::127.0.0.1", "2001:db8::1",
        ]
    )
    func reserved(address: String) throws {
        #expect(try #require(IPAddress(address)).isPublic == false)
    }

    @Test("public addresses are public", arguments: ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"])
    func publicAddresses(address: String) throws {
        #expect(try #require(IPAddress(address)).isPublic)
    }

    @Test("ranges contain what they should, mapped addresses included")
    func ranges() throws {
        let loopback = try #require(CIDR("127.0.0.0/8"))
        #expect(loopback.contains(try #require(IPAddress("127.9.9.9"))))
        #expect(loopback.contains(try #require(IPAddress("::ffff:127.0.0.1"))))
        #expect(!loopback.contains(try #require(IPAddress("128.0.0.1"))))
        #expect(CIDR("10.0.0.0/33") == nil)
        #expect(CIDR("nonsense/8") == nil)
        #expect(throws: (any Error).self) { try EgressPolicy(allowList: "127.0.0.0/8,bogus") }
        #expect(try EgressPolicy(allowList: " 127.0.0.0/8 , ::1/128 ").allowed.count == 2)
    }

    @Test("a checked destination is pinned to the address that was checked")
    func pinning() async throws {
        let policy = EgressPolicy(allowed: [try #require(CIDR("127.0.0.0/8")), try #require(CIDR("::1/128"))])
        let v4 = try await policy.check("http://127.0.0.1:8080/hooks")
        #expect(v4.pin == "127.0.0.1:8080:127.0.0.1")
        let v6 = try await policy.check("http://[::1]:9000/hooks")
        #expect(v6.pin == "[::1]:9000:[::1]")
        let name = try await policy.check("http://localhost:7000/hooks")
        #expect(name.pin.hasPrefix("localhost:7000:"))
        await #expect(throws: EgressPolicy.Refusal.self) { try await EgressPolicy().check("http://localhost:7000/hooks") }
    }
}
