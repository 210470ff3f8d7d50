import Base
import Logging
import Synchronization

/// One dedicated connection on a thread of its own that `LISTEN`s to channels and yields the
/// notifications sent to them.
///
/// Notifications are sent with ordinary SQL through a pool (`SELECT pg_notify($1, $2)`). They are
/// delivered only while the listener is connected: a consumer treats them as hints that work is
/// waiting, and re-checks for it on `.reconnected`, when some may have been missed.
///
/// ```swift
/// let listener = try PostgresListener(url: url, channels: ["jobs"], logger: logger)
/// for await event in listener.events { … }
/// ```
public final class PostgresListener: Sendable {
    /// What the listener yields.
    public enum Event: Sendable, Hashable {
        /// A `NOTIFY` on one of the channels, with its payload ("" when none was given).
        case notification(channel: String, payload: String)
        /// The connection was lost (or could not be opened at first) and is listening again:
        /// notifications sent meanwhile are gone, so whatever they announce must be looked up.
        case reconnected
    }

    /// A channel name that is not a plain identifier.
    public struct InvalidChannelName: Error, Sendable, Hashable, CustomStringConvertible {
        /// The name as given.
        public let channel: String
        /// Names the rule only: the offending text may have come from input.
        public var description: String {
            "invalid channel name: use 1 to 63 ASCII letters, digits and underscores, not starting with a digit"
        }
    }

    /// Shown in `pg_stat_activity`, to tell the listener's session from the pool's.
    public static let applicationName = "vouch-listener"

    /// Notifications as they arrive, for one consumer. The stream buffers what the consumer has
    /// not read yet; it finishes on `close()`, and ending the iteration closes the listener.
    public let events: AsyncStream<Event>
    private let loop: Loop

    /// Starts listening on a thread of its own. Channels are matched exactly, case included, as
    /// `pg_notify` names them.
    ///
    /// - Parameters:
    ///   - url: A libpq connection string or `postgresql://` URI. It is never logged.
    ///   - reconnectDelay: The pause before each new attempt after the connection is lost.
    ///   - threadName: What `top -H`, debuggers and `/proc` call its thread (at most 15 bytes).
    /// - Throws: `InvalidChannelName` for a name that is not a plain identifier.
    public init(
        url: String,
        channels: [String],
        logger: Logger,
        reconnectDelay: Duration = .milliseconds(500),
        threadName: String = "postgres-listen"
    ) throws {
        for channel in channels where !Self.isValidChannelName(channel) {
            throw InvalidChannelName(channel: channel)
        }
        var unique: [String] = []
        for channel in channels where !unique.contains(channel) { unique.append(channel) }
        let (events, continuation) = AsyncStream.makeStream(of: Event.self)
        self.events = events
        self.loop = Loop(
            conninfo: url,
            listenScript: unique.map { "LISTEN \"\($0)\"" }.joined(separator: "; "),
            logger: logger,
            reconnectDelay: reconnectDelay,
            threadName: threadName,
            continuation: continuation
        )
        continuation.onTermination = { [weak loop] _ in loop?.close() }
        loop.start()
    }

    /// Returns once LISTEN is in effect on the server for every channel, so a `NOTIFY` sent from
    /// now on is delivered; also returns when the listener closes first. After a reconnect the
    /// listener says `.reconnected` instead.
    public func listening() async {
        await loop.listening.wait()
    }

    /// Whether the listener's thread is still running (it ends soon after `close()`).
    public var isThreadRunning: Bool { loop.threadRunning.load(ordering: .acquiring) }

    /// Stops listening: finishes `events` at once, wakes the thread so it closes the connection
    /// and ends. Calling it again does nothing.
    public func close() {
        loop.close()
    }

    deinit {
        loop.close()
    }

    /// Whether `name` can be spliced into `LISTEN "…"` as it is: letters, digits and underscores
    /// (ASCII), not starting with a digit, and short enough that the server does not truncate it.
    public static func isValidChannelName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= 63, !isDigit(first) else { return false }
        return bytes.allSatisfy { isDigit($0) || $0 == UInt8(ascii: "_") || isLetter($0) }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}
