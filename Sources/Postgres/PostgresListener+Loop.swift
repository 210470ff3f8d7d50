import Base
import Foundation
import Glibc
import Logging
import Synchronization

extension PostgresListener {
    /// The listener's thread: connects, listens, waits in poll(2) on its socket and on a wake
    /// pipe, and starts over after the connection is lost.
    ///
    /// libpq blocks the calling thread; running it here keeps the cooperative pool and the event
    /// loops free. The connection lives only in `run()`'s frame, so only this thread touches it.
    final class Loop: Sendable {
        private let conninfo: String
        private let listenScript: String
        private let logger: Logger
        private let reconnectDelay: Duration
        private let threadName: String
        private let continuation: AsyncStream<Event>.Continuation
        private let failures: ConnectionFailureDescriber
        private let closed = Atomic(false)
        /// True from the moment the thread starts until it has closed its connection and ends.
        let threadRunning = Atomic(false)
        /// Opened once LISTEN first takes effect on the server, or on `close()`.
        let listening = Latch()
        /// A pipe whose read end becomes readable once `close()` has run.
        private let wakeup: Int32
        private let wakeupWriter: Int32

        init(
            conninfo: String,
            listenScript: String,
            logger: Logger,
            reconnectDelay: Duration,
            threadName: String,
            continuation: AsyncStream<Event>.Continuation
        ) {
            self.threadName = threadName
            self.conninfo = conninfo
            self.listenScript = listenScript
            self.logger = logger
            self.reconnectDelay = reconnectDelay
            self.continuation = continuation
            self.failures = ConnectionFailureDescriber(conninfo: conninfo)
            var ends: [Int32] = [-1, -1]
            if pipe(&ends) != 0 {
                // Without a pipe, the thread looks for `close()` on a timer instead (see `pollTimeout`).
                logger.error("postgres listener could not create its wake-up pipe", metadata: ["errno": "\(errno)"])
            }
            self.wakeup = ends[0]
            self.wakeupWriter = ends[1]
        }

        /// The pipe closes only when nothing can write to it any more: closing it when the thread
        /// ends would let a late `close()` write into whatever reuses the descriptor.
        deinit {
            if wakeup >= 0 { Glibc.close(wakeup) }
            if wakeupWriter >= 0 { Glibc.close(wakeupWriter) }
        }

        func start() {
            threadRunning.store(true, ordering: .releasing)
            let thread = Thread { [self] in
                defer { threadRunning.store(false, ordering: .releasing) }
                ThreadName.setCurrent(threadName)
                self.run()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }

        private var isClosed: Bool { closed.load(ordering: .acquiring) }

        /// Forever while the pipe can wake the thread.
        private var pollTimeout: Int32 { wakeup >= 0 ? -1 : 100 }

        /// Finishes the stream now; the thread notices within one wake-up and ends.
        func close() {
            guard closed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else {
                return
            }
            continuation.finish()
            listening.open()
            var byte: UInt8 = 1
            _ = write(wakeupWriter, &byte, 1)
        }

        private func run() {
            var failedAttempts = 0
            var mayHaveMissedSome = false
            while !isClosed {
                if let connection = connect(failedAttempts: &failedAttempts) {
                    if mayHaveMissedSome { continuation.yield(.reconnected) }
                    deliverUntilLost(on: connection)
                    // The connection ends here, before the pause, so the server sees it go at once.
                }
                mayHaveMissedSome = true
                pause(for: reconnectDelay)
            }
            continuation.finish()
        }

        /// Opens a connection and listens on it; nil (and a warning) when either fails.
        private func connect(failedAttempts: inout Int) -> PostgresConnection? {
            do {
                let connection = try PostgresConnection(conninfo: conninfo, applicationName: PostgresListener.applicationName)
                if !listenScript.isEmpty { try connection.execute(unsafeScript: listenScript) }
                listening.open()
                if failedAttempts > 0 {
                    logger.info("postgres listener connected again", metadata: ["failedAttempts": "\(failedAttempts)"])
                }
                failedAttempts = 0
                return connection
            } catch {
                failedAttempts += 1
                // A warning on attempts 1, 2, 4, 8…: an outage stays visible without a line per retry.
                if failedAttempts & (failedAttempts - 1) == 0 {
                    logger.warning(
                        "postgres listener could not connect",
                        metadata: ["reason": "\(failures.reason(for: error))", "attempt": "\(failedAttempts)"]
                    )
                }
                return nil
            }
        }

        /// Yields notifications as they arrive; returns when the connection is lost or the
        /// listener closes.
        private func deliverUntilLost(on connection: PostgresConnection) {
            // Notifications that arrived with the replies to LISTEN are already read.
            deliver(connection.takeNotifications())
            var descriptors = [
                pollfd(fd: wakeup, events: Int16(POLLIN), revents: 0),
                pollfd(fd: connection.socket, events: Int16(POLLIN), revents: 0),
            ]
            while !isClosed {
                descriptors[0].revents = 0
                descriptors[1].revents = 0
                let ready = poll(&descriptors, nfds_t(descriptors.count), pollTimeout)
                if ready < 0 && errno != EINTR { break }
                guard ready > 0, descriptors[1].revents != 0 else { continue }
                guard connection.consumeInput() else {
                    if !isClosed { logger.warning("postgres listener lost its connection; reconnecting") }
                    return
                }
                deliver(connection.takeNotifications())
            }
        }

        private func deliver(_ notifications: [(channel: String, payload: String)]) {
            for notification in notifications {
                continuation.yield(.notification(channel: notification.channel, payload: notification.payload))
            }
        }

        /// Sleeps for `delay`, or less when `close()` runs meanwhile.
        private func pause(for delay: Duration) {
            let clock = ContinuousClock()
            let deadline = clock.now + delay
            var descriptor = pollfd(fd: wakeup, events: Int16(POLLIN), revents: 0)
            while !isClosed {
                let remaining = clock.now.duration(to: deadline)
                guard remaining > .zero else { return }
                _ = poll(&descriptor, 1, Self.milliseconds(roundingUp: remaining))
            }
        }

        /// Rounds up, so that a wait shorter than a millisecond still sleeps instead of spinning.
        private static func milliseconds(roundingUp duration: Duration) -> Int32 {
            let (seconds, attoseconds) = duration.components
            let partial = (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
            return Int32(clamping: seconds * 1000 + partial)
        }
    }
}
