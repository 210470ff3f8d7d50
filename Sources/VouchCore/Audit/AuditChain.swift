import Base
import Crypto
import Foundation
import Postgres

/// What `vouch audit verify` found in one tenant's chain.
public struct AuditChainReport: Sendable, Equatable {
    public enum Problem: Sendable, Equatable {
        /// The row's fields no longer give its stored hash: it was changed.
        case alteredRow(seq: Int)
        /// The row does not follow the one before it: rows between were removed.
        case brokenLink(seq: Int)
        /// The newest rows are gone: the head remembers a longer chain.
        case truncated(lastSeq: Int, headSeq: Int)
    }

    public var tenant: TenantID
    public var rowsChecked: Int
    public var head: [UInt8]
    public var problems: [Problem]
    public var intact: Bool { problems.isEmpty }
}

/// Checks each tenant's hash chain from its first row, recomputing every hash in Swift from the
/// stored values: a row edited in place no longer gives its hash, and one whose hash was
/// recomputed too no longer links to its successor. Rewriting the whole tail and the head goes
/// unseen, as in any chain kept in one place; the head hash this prints is what to keep elsewhere.
public enum AuditChain {
    static let pageSize = 5_000

    /// Every tenant's chain (or one tenant's), through the operator's pool.
    public static func verify(adminPool: PostgresPool, tenant: TenantID? = nil) async throws -> [AuditChainReport] {
        var reports: [AuditChainReport] = []
        for head in try await AuditRepository.chainHeads(adminPool: adminPool, tenant: tenant) {
            reports.append(try await verify(adminPool: adminPool, tenant: head.tenant, headSeq: head.seq, headHash: head.hash))
        }
        return reports
    }

    static func verify(adminPool: PostgresPool, tenant: TenantID, headSeq: Int, headHash: [UInt8]) async throws -> AuditChainReport {
        var report = AuditChainReport(tenant: tenant, rowsChecked: 0, head: headHash, problems: [])
        var previous = (seq: 0, hash: [UInt8]())
        while true {
            let rows = try await AuditRepository.chainPage(adminPool: adminPool, tenant: tenant, after: previous.seq, limit: pageSize)
            for stored in rows {
                if stored.seq != previous.seq + 1 || stored.previousHash != previous.hash {
                    report.problems.append(.brokenLink(seq: stored.seq))
                }
                if stored.computedHash != stored.hash { report.problems.append(.alteredRow(seq: stored.seq)) }
                previous = (stored.seq, stored.hash)
                report.rowsChecked += 1
            }
            if rows.count < pageSize { break }
        }
        if previous.seq != headSeq || previous.hash != headHash {
            report.problems.append(.truncated(lastSeq: previous.seq, headSeq: headSeq))
        }
        return report
    }

    /// A row as stored, and the hash its values give.
    struct StoredRow: Sendable {
        var seq: Int
        var previousHash: [UInt8]
        var hash: [UInt8]
        var computedHash: [UInt8]
    }

    /// SHA-256 over the previous hash and each field as `<byte length>:<field>` (as the
    /// migration's `audit_row_text` writes it).
    static func hash(previous: [UInt8], fields: [String]) -> [UInt8] {
        var text = ""
        for field in fields { text += "\(field.utf8.count):\(field)" }
        return Array(SHA256.hash(data: previous + Array(text.utf8)))
    }
}
