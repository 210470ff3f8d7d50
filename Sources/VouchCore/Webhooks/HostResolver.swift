import Foundation
import Glibc
import Synchronization

/// Resolves host names with `getaddrinfo` on a few threads of its own, with a deadline.
///
/// `getaddrinfo` blocks for as long as the system resolver takes (seconds per try when a name
/// server does not answer), so it never runs on the cooperative threads or on Dispatch's shared
/// ones; a lookup past the deadline is answered as unresolvable at once, and its thread finishes
/// the call on its own. The threads are few and fixed, so a flood of slow names queues here
/// instead of spawning threads.
public final class HostResolver: Sendable {
    /// One lookup: its name, and the answer's way back, resumed exactly once: by the thread
    /// that resolved it or by its deadline, whichever comes first.
    private final class Lookup: Sendable {
        private enum State {
            case waiting(CheckedContinuation<[IPAddress]?, Never>?)
            case answered([IPAddress]?)
        }

        let host: String
        private let state = Mutex(State.waiting(nil))

        init(host: String) { self.host = host }

        var isAnswered: Bool {
            state.withLock { if case .answered = $0 { true } else { false } }
        }

        /// Waits for the answer; at once when it came already.
        func wait(_ continuation: CheckedContinuation<[IPAddress]?, Never>) {
            let answer = state.withLock { state -> [IPAddress]?? in
                if case .answered(let addresses) = state { return .some(addresses) }
                state = .waiting(continuation)
                return .none
            }
            if let answer { continuation.resume(returning: answer) }
        }

        func resume(_ addresses: [IPAddress]?) {
            let continuation = state.withLock { state -> CheckedContinuation<[IPAddress]?, Never>? in
                guard case .waiting(let continuation) = state else { return nil }
                state = .answered(addresses)
                return continuation
            }
            continuation?.resume(returning: addresses)
        }
    }

    private struct Queue {
        var waiting: [Lookup] = []
    }

    private let queue = Mutex(Queue())
    private let ready = DispatchSemaphore(value: 0)
    private let lookup: @Sendable (String) -> [IPAddress]?
    public let timeout: Duration

    /// The resolver every egress check shares.
    public static let shared = HostResolver(threads: 4, timeout: .seconds(5))

    /// - Parameter lookup: the blocking resolution; `getaddrinfo` unless a test gives another.
    public init(threads: Int, timeout: Duration, lookup: @escaping @Sendable (String) -> [IPAddress]? = HostResolver.blockingResolve) {
        self.timeout = timeout
        self.lookup = lookup
        for index in 0..<max(1, threads) {
            let thread = Thread { [self] in self.serve() }
            thread.name = "dns-\(index)"
            thread.start()
        }
    }

    /// The addresses of `host`, or nil when it does not resolve within the deadline.
    public func resolve(_ host: String) async -> [IPAddress]? {
        let lookup = Lookup(host: host)
        let deadline = Task { [timeout] in
            try await Task.sleep(for: timeout)
            lookup.resume(nil)
        }
        defer { deadline.cancel() }
        queue.withLock { $0.waiting.append(lookup) }
        ready.signal()
        return await withCheckedContinuation { lookup.wait($0) }
    }

    private func serve() {
        while true {
            ready.wait()
            guard let lookup = queue.withLock({ $0.waiting.isEmpty ? nil : $0.waiting.removeFirst() }) else { continue }
            // A lookup already answered by its deadline is not worth the call.
            guard !lookup.isAnswered else { continue }
            lookup.resume(self.lookup(lookup.host))
        }
    }

    @Sendable public static func blockingResolve(_ host: String) -> [IPAddress]? {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return nil }
        defer { freeaddrinfo(first) }
        var addresses: [IPAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let address = IPAddress(sockaddr: entry.pointee.ai_addr), !addresses.contains(address) { addresses.append(address) }
            cursor = entry.pointee.ai_next
        }
        return addresses
    }
}
