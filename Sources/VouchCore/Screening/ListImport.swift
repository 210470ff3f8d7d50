import Base
import Foundation
import Postgres
import SanctionsIndex

/// Why an import stopped; the current version of the list stays.
public struct ListImportError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}

/// Reads a list file in blocks and writes its entities in batches: memory stays bounded
/// whatever the file's size. Bad lines are counted and the first few reported by number.
public struct ListImport {
    let dataset: String
    let version: String
    let delta: Bool
    let maximumBadLines: Int
    public private(set) var lines = 0
    public private(set) var badLines = 0
    /// The first bad lines, by number, with why.
    public private(set) var firstBadLines: [(Int, String)] = []
    var pending: [ListEntity] = []
    var removals: [String] = []
    static let batch = 5_000

    public init(dataset: String, version: String, delta: Bool, maximumBadLines: Int) {
        self.dataset = dataset
        self.version = version
        self.delta = delta
        self.maximumBadLines = maximumBadLines
    }

    /// Reads the file into the loading version, telling `progress` the lines read and the rate
    /// after each block. Throws `ListImportError` for an unreadable file or too many bad lines.
    public mutating func read(_ path: String, into pool: PostgresPool, progress: (Int, Int) -> Void = { _, _ in }) async throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ListImportError(reason: "cannot read \(path)") }
        defer { try? handle.close() }
        let started = Date()
        var buffer: [UInt8] = []
        // One batch is written while the next is read; one at a time, so a later line about an
        // entity always lands after an earlier one.
        var writing: Task<Void, any Error>?
        while let block = try handle.read(upToCount: 4 << 20), !block.isEmpty {
            buffer.append(contentsOf: block)
            var start = buffer.startIndex
            while let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                try take(buffer[start..<newline])
                start = newline + 1
                if pending.count + removals.count >= Self.batch {
                    try await writing?.value
                    writing = write(pool)
                }
            }
            buffer.removeSubrange(..<start)
            progress(lines, Int(Double(lines) / max(0.001, Date().timeIntervalSince(started))))
        }
        if !buffer.isEmpty { try take(buffer[...]) }
        try await writing?.value
        try await write(pool).value
    }

    mutating func take(_ line: ArraySlice<UInt8>) throws {
        lines += 1
        guard line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") }) else { return }
        do {
            let value = try ListEntity.parse(line)
            if delta, let op = value["op"]?.stringValue {
                let entity = value["entity"] ?? .null
                if op == "DEL" {
                    guard let id = entity["id"]?.stringValue else { throw ListLineError(reason: "DEL without an entity id") }
                    removals.append(id)
                } else if op == "ADD" || op == "MOD" {
                    pending.append(try ListEntity(json: entity))
                } else {
                    throw ListLineError(reason: "unknown op \(op.prefix(20))")
                }
            } else {
                pending.append(try ListEntity(json: value))
            }
        } catch let error as ListLineError {
            badLines += 1
            if firstBadLines.count < 20 { firstBadLines.append((lines, error.reason)) }
            guard badLines <= maximumBadLines else {
                throw ListImportError(reason: "more than \(maximumBadLines) lines could not be read; the current version stays")
            }
        }
    }

    /// Starts writing what was read since the last batch.
    mutating func write(_ pool: PostgresPool) -> Task<Void, any Error> {
        let (entities, ids, dataset, version) = (pending, removals, dataset, version)
        pending = []
        removals = []
        return Task {
            try await ListRepository.write(adminPool: pool, dataset: dataset, version: version, entities)
            try await ListRepository.remove(adminPool: pool, dataset: dataset, version: version, ids: ids)
        }
    }
}
