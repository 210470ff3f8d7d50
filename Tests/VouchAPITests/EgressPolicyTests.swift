import Dispatch
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

@Suite("Egress policy: what a refusal says, and names it refuses")
struct EgressRefusalTests {
    @Test(
        "tunnel and translation prefixes are not public: 6to4, Teredo, NAT64 (well-known and local-use)",
        arguments: ["2002:a00:1::1", "2002:7f00:1::1", "2001:0:4136:e378::1", "64:ff9b::a00:1", "64:ff9b:1::a00:1"]
    )
    func tunnels(address: String) throws {
        #expect(try #require(IPAddress(address)).isPublic == false)
    }

    @Test("a refused address is not echoed: the refusal says only that the host is not allowed")
    func noEcho() async throws {
        do {
            _ = try await EgressPolicy().check("https://127.0.0.5/hook")
            Issue.record("loopback was let through")
        } catch let refusal as EgressPolicy.Refusal {
            #expect(refusal == .addressNotAllowed)
            #expect(!refusal.description.contains("127"))
        }
    }

    @Test(
        "names that libcurl would rewrite before pinning are refused",
        arguments: ["localhost.", "exa%6dple.com", "bad host", "ex\u{e4}mple.com"]
    )
    func rewrittenNames(host: String) {
        let policy = EgressPolicy(allowed: [CIDR("127.0.0.0/8")!])
        #expect(throws: EgressPolicy.Refusal.self) { try policy.checkForm("https://\(host)/hook") }
    }

    @Test("a lookup past its deadline answers nil at once; the stuck thread holds no one else up")
    func resolverDeadline() async throws {
        let stuck = DispatchSemaphore(value: 0)
        let resolver = HostResolver(threads: 2, timeout: .milliseconds(300)) { host in
            if host == "stuck.example" { stuck.wait() }
            return [IPAddress("93.184.216.34")!]
        }
        let clock = ContinuousClock()
        let start = clock.now
        async let slow = resolver.resolve("stuck.example")
        let quick = await resolver.resolve("quick.example")
        #expect(quick?.first?.text == "93.184.216.34", "the other thread answers meanwhile")
        // The stuck lookup never returns until signalled below: only the deadline can answer it.
        #expect(await slow == nil, "past the deadline: unresolvable")
        #expect(clock.now - start < .seconds(10))
        stuck.signal()
    }
}
