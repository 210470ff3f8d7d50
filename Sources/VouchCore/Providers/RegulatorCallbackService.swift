import Base
import Crypto
import Foundation
import Postgres
import Verification

/// Applies the regulator's signed callbacks that finish `pending` checks.
///
/// The body is authenticated first (HMAC-SHA256 under the shared secret, compared in constant
/// time), then its timestamp must be within the window, then its reference must be one Vouch
/// sent. The answer is applied once: a replay of a reference already completed changes nothing
/// and says so.
public struct RegulatorCallbackService: Sendable {
    public enum Outcome: Sendable, Equatable {
        case applied(reference: String, status: String)
        case alreadyApplied(reference: String, status: String)
    }

    public enum Failure: Error, Sendable, Equatable {
        /// No callback secret is configured: nothing can be authenticated.
        case notConfigured
        case signatureInvalid
        case timestampOutOfWindow
        case malformed(String)
        case unknownReference
    }

    let database: TenantDatabase
    /// A callback names no tenant: an older reference's tenant is looked up across tenants.
    let unscoped: UnscopedDatabase
    let secret: SymmetricKey?
    /// How far a callback's timestamp may be from now, either way.
    let window: TimeInterval

    public init(database: UnscopedDatabase, secret: [UInt8]?, window: TimeInterval = 300) {
        self.database = database.scoped
        self.unscoped = database
        // An empty secret is no secret: anyone could sign with it.
        self.secret = secret.flatMap { $0.isEmpty ? nil : SymmetricKey(data: $0) }
        self.window = window
    }

    /// `sha256=<hex>` of HMAC-SHA256 over `body`: what the regulator sends, and the simulator.
    public static func signature(of body: [UInt8], secret: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: secret))
        return "sha256=" + mac.lowercaseHex
    }

    public func handle(body: [UInt8], signature: String?, now: Date = Date()) async throws -> Outcome {
        guard let secret else { throw Failure.notConfigured }
        guard let signature, let mac = Self.hexMAC(signature),
            HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: body, using: secret)
        else { throw Failure.signatureInvalid }
        let (reference, status, timestamp) = try Self.parse(body)
        guard abs(now.timeIntervalSince1970 - timestamp) <= window else { throw Failure.timestampOutOfWindow }
        let tenant = try await Self.tenant(of: reference, database: unscoped)
        return try await database.transaction(tenant) { tx in
            try Self.apply(tx, tenant: tenant, reference: reference, status: status, now: now)
        }
    }

    /// The reference's tenant: named in it, or for an older reference, looked up.
    static func tenant(of reference: String, database: UnscopedDatabase) async throws -> TenantID {
        if let tenant = RegulatorReference.tenant(of: reference) { return tenant }
        guard let tenant = try await ApplicantCheckRepository.referenceTenant(reference, database: database) else {
            throw Failure.unknownReference
        }
        return tenant
    }

    /// Applies an authenticated answer: the regulator's, or test mode's stand-in for it.
    static func apply(_ tx: PostgresTransaction, tenant: TenantID, reference: String, status: String, now: Date) throws -> Outcome {
        guard let pending = try ApplicantCheckRepository.lockReference(tx, tenant: tenant, reference: reference) else {
            throw Failure.unknownReference
        }
        guard pending.status == "pending" else { return .alreadyApplied(reference: reference, status: pending.status) }
        try ApplicantCheckRepository.completeReference(tx, tenant: tenant, reference: reference, status: status, now: now)
        // An erased applicant's answer is taken (so the regulator stops retrying) and not kept.
        guard try ApplicantRepository.lockUnerased(tx, tenant: tenant, applicant: pending.applicant) else {
            return .applied(reference: reference, status: status)
        }
        let answer = ProviderAnswer(
            status: status,
            reference: reference,
            details: .object(["reference": .string(reference), "raw_status": .string(status), "via": "callback"])
        )
        try ApplicantCheckRepository.recordAnswer(
            tx,
            tenant: tenant,
            applicant: pending.applicant,
            kind: .regulator,
            answer: answer,
            now: now
        )
        try JobRepository.enqueue(tx, tenant: tenant, task: .decideApplicant(pending.applicant), now: now)
        return .applied(reference: reference, status: status)
    }

    static func parse(_ body: [UInt8]) throws -> (reference: String, status: String, timestamp: Double) {
        guard let json = try? JSONValue(parsing: Data(body)) else { throw Failure.malformed("body is not JSON") }
        guard let reference = json["reference"]?.stringValue, !reference.isEmpty, reference.utf8.count <= 200 else {
            throw Failure.malformed("reference")
        }
        guard let status = json["status"]?.stringValue, status == "match" || status == "no_match" else {
            throw Failure.malformed("status")
        }
        guard let timestamp = json["timestamp"]?.doubleValue else { throw Failure.malformed("timestamp") }
        return (reference, status, timestamp)
    }

    static func hexMAC(_ header: String) -> [UInt8]? {
        guard header.hasPrefix("sha256=") else { return nil }
        let hex = Array(header.utf8.dropFirst(7))
        guard hex.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let high = hexValue(hex[index]), let low = hexValue(hex[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 97...102: byte - 87
        case 65...70: byte - 55
        default: nil
        }
    }
}
