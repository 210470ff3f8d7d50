import HTTPTransport
import TestSupport
import Testing

/// TLS against `openssl s_server` with a certificate from a throwaway authority.
@Suite("HTTPTransport over TLS")
struct TLSTests {
    @Test("a certificate that does not verify is refused; trusting its authority lets it through")
    func verification() async throws {
        let server = try await TLSTestServer()
        defer { server.stop() }
        let strict = HTTPTransport()
        defer { strict.close() }
        await TransportTests.expectFailure(.tls) { try await strict.send(TransportRequest(url: server.url)) }

        let trusting = HTTPTransport(configuration: HTTPTransportConfiguration(caBundlePath: server.caPath))
        defer { trusting.close() }
        #expect(try await trusting.send(TransportRequest(url: server.url)).status == 200)
    }

    @Test("a server that wants a client certificate gets one from the configuration")
    func mutualTLS() async throws {
        let server = try await TLSTestServer(requireClientCertificate: true)
        defer { server.stop() }
        let anonymous = HTTPTransport(configuration: HTTPTransportConfiguration(caBundlePath: server.caPath))
        defer { anonymous.close() }
        do {
            let response = try await anonymous.send(TransportRequest(url: server.url, timeout: .seconds(5)))
            Issue.record("answered without a client certificate: \(response.status)")
        } catch let error as TransportError {
            // TLS 1.3 reports the refusal after the handshake: as a TLS error or a lost connection.
            #expect([.tls, .connectionLost].contains(error.kind), "\(error)")
        }

        let identified = HTTPTransport(
            configuration: HTTPTransportConfiguration(
                caBundlePath: server.caPath,
                clientCertificatePath: server.clientCertificatePath,
                clientKeyPath: server.clientKeyPath
            )
        )
        defer { identified.close() }
        #expect(try await identified.send(TransportRequest(url: server.url)).status == 200)
    }
}
