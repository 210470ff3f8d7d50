import Foundation
import Logging
import Synchronization
import VouchCore

/// Writes one JSON object per log line to standard error (or another file), for log shippers.
///
/// Callers put ids in metadata (request, tenant, applicant) and never names, document numbers or
/// secrets: this handler writes what it is given.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let label: String
    let output: FileHandle
    private static let writing = Mutex<Void>(())

    public init(label: String, level: Logger.Level = .info, output: FileHandle = .standardError) {
        self.label = label
        self.logLevel = level
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: String] = [
            "ts": Date().rfc3339, "level": event.level.rawValue, "logger": label, "msg": "\(event.message)",
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            fields[key] = "\(value)"
        }
        guard var line = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) else { return }
        line.append(0x0A)
        Self.writing.withLock { _ in output.write(line) }
    }
}
