import Foundation
import NIOCore
import NIOPosix

/// `openssl s_server` on 127.0.0.1 with a certificate from a throwaway authority made for the
/// test: a real TLS peer for verification and mutual-TLS tests. It answers `GET /` (`-www`).
public final class TLSTestServer: Sendable {
    public let port: Int
    /// The throwaway authority, and a client certificate and key it issued.
    public let caPath: String
    public let clientCertificatePath: String
    public let clientKeyPath: String
    private let process: Process
    private let directory: URL

    public var url: String { "https://127.0.0.1:\(port)/" }

    /// - Parameter requireClientCertificate: ask for and verify a client certificate (mTLS).
    public init(requireClientCertificate: Bool = false) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vouch-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let dir = directory.path
        caPath = "\(dir)/ca.pem"
        clientCertificatePath = "\(dir)/client.pem"
        clientKeyPath = "\(dir)/client.key"
        try Self.makeCertificates(in: dir)
        port = try await Self.freePort()
        var arguments = [
            "s_server", "-accept", "127.0.0.1:\(port)", "-cert", "\(dir)/server.pem", "-key", "\(dir)/server.key", "-www",
            "-quiet",
        ]
        if requireClientCertificate { arguments += ["-Verify", "1", "-CAfile", caPath] }
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try await Self.waitUntilAccepting(port: port)
    }

    public func stop() {
        // SIGKILL: the child inherits the test runner's signal mask, which may block SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    static func makeCertificates(in dir: String) throws {
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try Data("subjectAltName=IP:127.0.0.1\n".utf8).write(to: URL(fileURLWithPath: "\(dir)/server.ext"))
        try Data("extendedKeyUsage=clientAuth\n".utf8).write(to: URL(fileURLWithPath: "\(dir)/client.ext"))
        try openssl(
            ["req", "-x509"] + key + ["-keyout", "\(dir)/ca.key", "-out", "\(dir)/ca.pem", "-days", "2", "-subj", "/CN=Vouch Test CA"]
        )
        for name in ["server", "client"] {
            try openssl(["req"] + key + ["-keyout", "\(dir)/\(name).key", "-out", "\(dir)/\(name).csr", "-subj", "/CN=\(name)"])
            try openssl([
                "x509", "-req", "-in", "\(dir)/\(name).csr", "-CA", "\(dir)/ca.pem", "-CAkey", "\(dir)/ca.key",
                "-CAcreateserial", "-out", "\(dir)/\(name).pem", "-days", "2", "-extfile", "\(dir)/\(name).ext",
            ])
        }
    }

    static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestSetupError("openssl \(arguments.first ?? "") failed") }
    }

    /// A port nothing listens on now (bound, read, released).
    public static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }

    static func waitUntilAccepting(port: Int) async throws {
        for _ in 0..<200 {
            let connected = try? await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port).get()
            if let connected {
                try? await connected.close()
                return
            }
            try await letTimePass(.milliseconds(25), "between connection attempts, inside a bounded loop")
        }
        throw TestSetupError("openssl s_server did not start listening")
    }
}
