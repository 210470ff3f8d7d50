import Foundation
import HTTPTransport
import TestSupport
import Testing

/// The transport against real HTTP servers on 127.0.0.1.
@Suite("HTTPTransport against local servers")
struct TransportTests {
    static func withServer(
        _ behaviour: @escaping @Sendable (ReceivedRequest) -> ServerAction,
        configuration: HTTPTransportConfiguration = HTTPTransportConfiguration(),
        _ body: (LocalHTTPServer, HTTPTransport) async throws -> Void
    ) async throws {
        let server = try await LocalHTTPServer.start(behaviour)
        let transport = HTTPTransport(configuration: configuration)
        defer { transport.close() }
        try await body(server, transport)
        await server.shutdown()
    }

    static func expectFailure(_ kind: TransportError.Kind, _ body: () async throws -> TransportResponse) async {
        do {
            let response = try await body()
            Issue.record("expected \(kind), got HTTP \(response.status)")
        } catch let error as TransportError {
            #expect(error.kind == kind, "\(error)")
        } catch {
            Issue.record("expected a TransportError, got \(error)")
        }
    }

    @Test("a POST carries its method, headers and body; the response comes back whole")
    func roundTrip() async throws {
        let behaviour: @Sendable (ReceivedRequest) -> ServerAction = { request in
            .respond(status: 201, headers: [("X-Echo-Method", request.method)], body: request.body + Array(request.uri.utf8))
        }
        try await Self.withServer(behaviour) { server, transport in
            let response = try await transport.send(
                .postJSON("\(server.url)/match/default?x=1", body: Array(#"{"a":1}"#.utf8), headers: [("Authorization", "ApiKey k")])
            )
            #expect(response.status == 201)
            #expect(response.header("x-echo-method") == "POST")
            #expect(String(decoding: response.body, as: UTF8.self) == #"{"a":1}/match/default?x=1"#)
            let received = try #require(server.requests.first)
            #expect(received.header("Content-Type") == "application/json")
            #expect(received.header("Authorization") == "ApiKey k")
            #expect(received.header("Expect") == nil, "no 100-continue round trip")
        }
    }

    @Test("sequential requests reuse one connection; concurrent ones all finish")
    func connectionReuseAndConcurrency() async throws {
        let behaviour: @Sendable (ReceivedRequest) -> ServerAction = { _ in .respond(status: 200, body: Array("ok".utf8)) }
        try await Self.withServer(behaviour) { server, transport in
            for _ in 0..<10 { #expect(try await transport.send(TransportRequest(url: server.url)).status == 200) }
            #expect(server.connectionsOpened == 1, "kept alive and reused")

            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<200 { group.addTask { try await transport.send(TransportRequest(url: server.url)).status } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.count == 200)
            #expect(statuses.allSatisfy { $0 == 200 })
            #expect(transport.requestsInFlight == 0)
        }
    }

    @Test("a server that accepts and never answers: the request times out")
    func timeout() async throws {
        let behaviour: @Sendable (ReceivedRequest) -> ServerAction = { _ in .hang }
        try await Self.withServer(behaviour) { server, transport in
            let clock = ContinuousClock()
            let start = clock.now
            await Self.expectFailure(.timedOut) {
                try await transport.send(TransportRequest(url: server.url, timeout: .milliseconds(300)))
            }
            // The server never answers: anything short of hanging is the timeout at work (the
            // margin is wide because the whole suite runs at once on two cores).
            #expect(clock.now - start < .seconds(15))
        }
    }

    @Test("an answer after the timeout is a timeout, not a response")
    func lateAnswer() async throws {
        let behaviour: @Sendable (ReceivedRequest) -> ServerAction = { _ in .respondAfter(.seconds(2), status: 200) }
        try await Self.withServer(behaviour) { server, transport in
            await Self.expectFailure(.timedOut) {
                try await transport.send(TransportRequest(url: server.url, timeout: .milliseconds(300)))
            }
        }
    }

    @Test("a server that closes mid-response: the connection was lost")
    func closedMidResponse() async throws {
        let behaviour: @Sendable (ReceivedRequest) -> ServerAction = { _ in .closeMidResponse }
        try await Self.withServer(behaviour) { server, transport in
            await Self.expectFailure(.connectionLost) { try await transport.send(TransportRequest(url: server.url)) }
        }
    }

    @Test("a 10 MB answer: refused over the limit, received whole under it")
    func largeResponse() async throws {
        let big = [UInt8](repeating: 0x61, count: 10 * 1024 * 1024)
        let behaviour: @Sendable (ReceivedRequest) -> ServerAction = { _ in .respond(status: 200, body: big) }
        try await Self.withServer(behaviour) { server, transport in
            await Self.expectFailure(.responseTooLarge) {
                try await transport.send(TransportRequest(url: server.url, maximumResponseBytes: 1024 * 1024))
            }
            let whole = try await transport.send(TransportRequest(url: server.url, maximumResponseBytes: 16 * 1024 * 1024))
            #expect(whole.body.count == big.count)
        }
    }

    @Test("cancelling the caller aborts the transfer: the server sees its connection close")
    func cancellation() async throws {
        let behaviour: @Sendable (ReceivedRequest) -> ServerAction = { _ in .hang }
        try await Self.withServer(behaviour) { server, transport in
            let task = Task { try await transport.send(TransportRequest(url: server.url, timeout: .seconds(60))) }
            _ = try await poll(within: .seconds(10), "no request arrived") { server.requests.isEmpty ? nil : true }
            task.cancel()
            do {
                _ = try await task.value
                Issue.record("a cancelled request answered")
            } catch let error as TransportError {
                #expect(error.kind == .cancelled)
            }
            _ = try await eventually(timeout: .seconds(5), interval: .milliseconds(10)) { server.connectionsClosed > 0 }
            #expect(server.connectionsClosed == 1, "the socket was closed, not left hanging")
            #expect(transport.requestsInFlight == 0)
        }
    }

    @Test("a redirect is returned, never followed")
    func redirectNotFollowed() async throws {
        let behaviour: @Sendable (ReceivedRequest) -> ServerAction = { request in
            request.uri == "/elsewhere" ? .respond(status: 200) : .redirect(to: "/elsewhere")
        }
        try await Self.withServer(behaviour) { server, transport in
            let response = try await transport.send(TransportRequest(url: server.url))
            #expect(response.status == 302)
            #expect(server.requests.count == 1)
        }
    }

    @Test("connection refused, a name that does not resolve, a scheme that is not HTTP")
    func unreachable() async throws {
        let transport = HTTPTransport()
        defer { transport.close() }
        let port = try await TLSTestServer.freePort()
        await Self.expectFailure(.connectionFailed) { try await transport.send(TransportRequest(url: "http://127.0.0.1:\(port)/")) }
        await Self.expectFailure(.dnsFailure) { try await transport.send(TransportRequest(url: "http://no-such-host.invalid/")) }
        await Self.expectFailure(.invalidRequest) { try await transport.send(TransportRequest(url: "file:///etc/passwd")) }
        await Self.expectFailure(.invalidRequest) {
            try await transport.send(TransportRequest(url: "http://127.0.0.1:\(port)/", headers: [("X-Bad", "a\r\nInjected: 1")]))
        }
    }

    @Test("a pinned address decides where the connection goes, whatever the name")
    func pinnedAddress() async throws {
        let behaviour: @Sendable (ReceivedRequest) -> ServerAction = { _ in .respond(status: 204) }
        try await Self.withServer(behaviour) { server, transport in
            let request = TransportRequest(
                url: "http://provider.example:\(server.port)/",
                pinnedAddresses: ["provider.example:\(server.port):127.0.0.1"]
            )
            let response = try await transport.send(request)
            #expect(response.status == 204)
            #expect(server.requests.first?.header("Host") == "provider.example:\(server.port)")
        }
    }

    @Test("closing the transport fails what is in flight and refuses what comes after")
    func close() async throws {
        let behaviour: @Sendable (ReceivedRequest) -> ServerAction = { _ in .hang }
        try await Self.withServer(behaviour) { server, transport in
            let pending = Task { try await transport.send(TransportRequest(url: server.url, timeout: .seconds(60))) }
            _ = try await poll(within: .seconds(10), "no request arrived") { server.requests.isEmpty ? nil : true }
            transport.close()
            await Self.expectFailure(.shutdown) { try await pending.value }
            await Self.expectFailure(.shutdown) { try await transport.send(TransportRequest(url: server.url)) }
        }
    }
}

/// Transfers wait on the transport's own thread, never on Swift's cooperative threads.
@Suite("HTTPTransport and Swift concurrency")
struct TransportConcurrencyTests {
    @Test("64 slow requests in flight leave the cooperative threads free")
    func slowRequestsDoNotBlockSwiftConcurrency() async throws {
        let server = try await LocalHTTPServer.start { _ in .respondAfter(.seconds(1), status: 200) }
        let transport = HTTPTransport()
        defer { transport.close() }
        let ticker = Ticker()
        let clock = ContinuousClock()
        let start = clock.now
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<64 { group.addTask { try await transport.send(TransportRequest(url: server.url)).status } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        let elapsed = clock.now - start
        let ticks = await ticker.stop()
        #expect(statuses.count == 64 && statuses.allSatisfy { $0 == 200 })
        // Together they take a second; one at a time on two blocked threads, thirty-two. The
        // bound leaves a loaded machine (parallel suites) ample room and still tells them apart.
        #expect(elapsed < .seconds(12), "64 one-second requests took \(elapsed)")
        // Blocked threads would stop the ticker; other suites running in parallel only slow it.
        #expect(ticks >= 3, "the ticker made only \(ticks) iterations meanwhile")
        await server.shutdown()
    }
}
