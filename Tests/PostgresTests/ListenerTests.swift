import Foundation
import Logging
import Postgres
import Synchronization
import TestSupport
import Testing

/// `PostgresListener`: notifications sent through the pool, recovery from a lost session, shutdown.
///
/// One test at a time: some count the listener threads of the whole process.
@Suite(.serialized) struct ListenerTests {
    @Test func receivesANotificationSentThroughThePool() async throws {
        try await withListener(channels: ["applicant_events"]) { pool, recorder in
            try await pool.query("SELECT pg_notify(\("applicant_events"), \("applicant 42 submitted"))")
            let events = try await recorder.waitForEvents(1)
            #expect(events == [.notification(channel: "applicant_events", payload: "applicant 42 submitted")])
        }
    }

    @Test func aNotificationSentOnceListeningSaysSoIsDelivered() async throws {
        try await withTestPool { pool, database in
            let listener = try PostgresListener(url: database.adminURL, channels: ["ready"], logger: quietLogger)
            defer { listener.close() }
            let recorder = EventRecorder(listening: listener)
            await listener.listening()
            // No look at pg_stat_activity first: the signal alone says LISTEN is in effect.
            try await pool.query("SELECT pg_notify('ready', 'heard')")
            #expect(try await recorder.waitForEvents(1) == [.notification(channel: "ready", payload: "heard")])
        }
    }

    @Test func listeningReturnsWhenTheListenerClosesBeforeItCouldConnect() async throws {
        let listener = try PostgresListener(
            url: "postgresql://nobody@127.0.0.1:1/none?connect_timeout=1",
            channels: ["never"],
            logger: quietLogger,
            reconnectDelay: .seconds(30)
        )
        let waiting = Task { await listener.listening() }
        listener.close()
        await waiting.value
        #expect(try await eventually(timeout: .seconds(10)) { !listener.isThreadRunning })
    }

    @Test func ignoresChannelsItDoesNotListenTo() async throws {
        try await withListener(channels: ["watched"]) { pool, recorder in
            try await pool.query("SELECT pg_notify('unwatched', 'not for us')")
            try await pool.query("SELECT pg_notify('Watched', 'case differs')")
            try await pool.query("SELECT pg_notify('watched', 'for us')")
            // Separate transactions arrive in commit order: anything not filtered out comes first.
            let events = try await recorder.waitForEvents(1)
            #expect(events == [.notification(channel: "watched", payload: "for us")])
        }
    }

    @Test func notificationsOfOneTransactionAllArriveInOrder() async throws {
        try await withListener(channels: ["first", "second"]) { pool, recorder in
            try await pool.transaction { transaction in
                for (channel, payload) in [("first", "1"), ("second", "2"), ("first", "3"), ("second", "4")] {
                    try transaction.query("SELECT pg_notify(\(channel), \(payload))")
                }
            }
            let events = try await recorder.waitForEvents(4)
            #expect(
                events == [
                    .notification(channel: "first", payload: "1"),
                    .notification(channel: "second", payload: "2"),
                    .notification(channel: "first", payload: "3"),
                    .notification(channel: "second", payload: "4"),
                ]
            )
        }
    }

    @Test func unicodePayloadAndMixedCaseChannelArriveIntact() async throws {
        let payload = "Grüße aus Zürich, 東京 🎉 — naïve café"
        try await withListener(channels: ["ReviewQueue"]) { pool, recorder in
            try await pool.query("SELECT pg_notify(\("ReviewQueue"), \(payload))")
            try await pool.query("SELECT pg_notify('ReviewQueue', NULL)")
            let events = try await recorder.waitForEvents(2)
            #expect(
                events == [.notification(channel: "ReviewQueue", payload: payload), .notification(channel: "ReviewQueue", payload: "")]
            )
        }
    }

    @Test func terminatedSessionReconnectsAndKeepsDelivering() async throws {
        try await withListener(channels: ["jobs"]) { pool, recorder in
            let firstPID = try await pool.listenerBackendPID()
            let terminated: Bool = try await pool.scalar("SELECT pg_terminate_backend(\(firstPID))")
            #expect(terminated)

            #expect(try await recorder.waitForEvents(1) == [.reconnected])
            let secondPID = try await pool.listenerBackendPID()
            #expect(secondPID != firstPID)
            try await pool.query("SELECT pg_notify('jobs', 'after the reconnect')")
            let events = try await recorder.waitForEvents(2)
            #expect(events == [.reconnected, .notification(channel: "jobs", payload: "after the reconnect")])
        }
    }

    @Test func closeFinishesTheStreamAndEndsTheSessionPromptly() async throws {
        try await withTestPool { pool, database in
            let listener = try PostgresListener(
                url: database.adminURL,
                channels: ["jobs"],
                logger: quietLogger,
                threadName: "listen-close"
            )
            let recorder = EventRecorder(listening: listener)
            _ = try await pool.listenerBackendPID()

            let clock = ContinuousClock()
            let closedAt = clock.now
            listener.close()
            listener.close()
            let finishedAt = try await recorder.waitUntilFinished()
            #expect(finishedAt - closedAt < .seconds(2))
            _ = try await poll(within: .seconds(2), "the listener's thread is still running") {
                listener.isThreadRunning ? nil : true
            }
            try await pool.waitUntilNoListenerSession(within: .seconds(1))
            #expect(recorder.events.isEmpty)
        }
    }

    @Test func droppingTheListenerClosesIt() async throws {
        try await withTestPool { pool, database in
            var listener: PostgresListener? = try PostgresListener(url: database.adminURL, channels: ["jobs"], logger: quietLogger)
            let recorder = try EventRecorder(listening: #require(listener))
            _ = try await pool.listenerBackendPID()
            listener = nil
            _ = try await recorder.waitUntilFinished()
            try await pool.waitUntilNoListenerSession(within: .seconds(1))
        }
    }

    @Test func cancellingTheConsumerClosesTheListener() async throws {
        try await withTestPool { pool, database in
            let listener = try PostgresListener(url: database.adminURL, channels: ["jobs"], logger: quietLogger)
            let events = listener.events
            let consumer = Task {
                for await _ in events {}
            }
            _ = try await pool.listenerBackendPID()
            consumer.cancel()
            await consumer.value
            try await pool.waitUntilNoListenerSession(within: .seconds(1))
            withExtendedLifetime(listener) {}
        }
    }

    @Test func closeInterruptsTheWaitBeforeAReconnect() async throws {
        let logs = LogCapture()
        let listener = try PostgresListener(
            url: "postgresql://postgres@127.0.0.1:1/postgres",
            channels: ["jobs"],
            logger: logs.logger,
            reconnectDelay: .seconds(60),
            threadName: "listen-wait"
        )
        let recorder = EventRecorder(listening: listener)
        try await logs.waitForWarnings(1)
        #expect(listener.isThreadRunning)
        listener.close()
        // Well under the 60 s reconnect delay: the wait was interrupted, not served.
        _ = try await recorder.waitUntilFinished(within: .seconds(2))
        _ = try await poll(within: .seconds(2), "the listener's thread is still running") {
            listener.isThreadRunning ? nil : true
        }
        #expect(recorder.events.isEmpty)
    }

    @Test(arguments: [
        "postgresql://vouch:hunter2-very-secret@127.0.0.1:1/postgres",
        // libpq quotes the bad token of a malformed URI, password and all.
        "postgresql://vouch:hunter2-very-secret%zz@127.0.0.1:1/postgres",
    ])
    func connectionFailuresAreWarnedAboutWithoutThePassword(url: String) async throws {
        let logs = LogCapture()
        let listener = try PostgresListener(url: url, channels: ["jobs"], logger: logs.logger, reconnectDelay: .milliseconds(10))
        defer { listener.close() }
        let warnings = try await logs.waitForWarnings(2)
        for line in logs.lines {
            #expect(!line.contains("hunter2"))
            #expect(!line.contains("127.0.0.1:1"))
        }
        #expect(warnings.allSatisfy { $0.contains("could not connect") })
    }

    @Test func invalidChannelNamesAreRejected() throws {
        let invalid = [
            "", "1st", "with space", "dash-ed", "dot.ted", "quote\"d", "x\"; DROP TABLE t; --", "café", String(repeating: "a", count: 64),
        ]
        for channel in invalid {
            #expect(!PostgresListener.isValidChannelName(channel))
            let error = #expect(throws: PostgresListener.InvalidChannelName.self) {
                _ = try PostgresListener(url: "postgresql://127.0.0.1:1/postgres", channels: ["fine", channel], logger: quietLogger)
            }
            #expect(error?.channel == channel)
        }
        for channel in ["a", "_private", "Jobs_2", String(repeating: "z", count: 63)] {
            #expect(PostgresListener.isValidChannelName(channel))
        }
    }
}

private let quietLogger = Logger(label: "listener-tests") { _ in SwiftLogNoOpLogHandler() }

/// Runs `body` with a pool on a fresh database and a listener on it whose `LISTEN` is in place.
private func withListener(
    channels: [String],
    _ body: (PostgresPool, EventRecorder) async throws -> Void
) async throws {
    try await withTestPool { pool, database in
        let listener = try PostgresListener(
            url: database.adminURL,
            channels: channels,
            logger: quietLogger,
            reconnectDelay: .milliseconds(50)
        )
        defer { listener.close() }
        let recorder = EventRecorder(listening: listener)
        _ = try await pool.listenerBackendPID()
        try await body(pool, recorder)
    }
}

extension PostgresPool {
    /// The listener's server process on this database, once its `LISTEN` has completed.
    fileprivate func listenerBackendPID(within limit: Duration = .seconds(10)) async throws -> Int32 {
        try await poll(within: limit, "no listening session") {
            let rows = try await self.query(
                """
                SELECT pid FROM pg_stat_activity
                WHERE datname = current_database() AND application_name = \(PostgresListener.applicationName)
                    AND state = 'idle' AND query LIKE 'LISTEN%'
                """
            )
            return try rows.first?.decode(column: 0, as: Int32.self)
        }
    }

    fileprivate func waitUntilNoListenerSession(within limit: Duration) async throws {
        _ = try await poll(within: limit, "the listener's session is still open") {
            let count: Int64 = try await self.scalar(
                """
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND application_name = \(PostgresListener.applicationName)
                """
            )
            return count == 0 ? true : nil
        }
    }
}

/// The threads of this process that run a listener, by the name the kernel knows them by.

/// Reads a listener's events as they arrive, so that tests can wait for them with a time limit.
private final class EventRecorder: Sendable {
    private struct State {
        var events: [PostgresListener.Event] = []
        var finishedAt: ContinuousClock.Instant?
    }

    private let state = Mutex(State())

    init(listening listener: PostgresListener) {
        let events = listener.events
        Task { [self] in
            for await event in events { state.withLock { $0.events.append(event) } }
            state.withLock { $0.finishedAt = .now }
        }
    }

    var events: [PostgresListener.Event] { state.withLock { $0.events } }

    /// The first `count` events; fails when fewer arrive in time.
    func waitForEvents(_ count: Int, within limit: Duration = .seconds(10)) async throws -> [PostgresListener.Event] {
        try await poll(within: limit, "fewer than \(count) events arrived: \(events)") {
            let events = self.events
            return events.count >= count ? Array(events.prefix(count)) : nil
        }
    }

    /// When the stream finished.
    func waitUntilFinished(within limit: Duration = .seconds(5)) async throws -> ContinuousClock.Instant {
        try await poll(within: limit, "the event stream did not finish") { state.withLock { $0.finishedAt } }
    }
}

/// A logger that keeps what it is given, for checking what reaches the logs.
private final class LogCapture: Sendable {
    private let captured = Mutex<[(level: Logger.Level, line: String)]>([])

    var logger: Logger { Logger(label: "listener-tests") { _ in Handler(capture: self) } }

    var lines: [String] { captured.withLock { $0.map(\.line) } }

    /// The first `count` warnings; fails when fewer are logged in time.
    @discardableResult
    func waitForWarnings(_ count: Int, within limit: Duration = .seconds(10)) async throws -> [String] {
        try await poll(within: limit, "fewer than \(count) warnings were logged") {
            let warnings = captured.withLock { $0.filter { $0.level == .warning }.map(\.line) }
            return warnings.count >= count ? Array(warnings.prefix(count)) : nil
        }
    }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let line = "\(event.message) \(event.metadata ?? [:])"
            capture.captured.withLock { $0.append((event.level, line)) }
        }
    }
}
