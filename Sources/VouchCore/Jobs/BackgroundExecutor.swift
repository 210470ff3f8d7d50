import Base
import Foundation
import Synchronization

/// Threads of their own, at a lower scheduling priority, for work nobody is waiting on at the
/// other end of a request: the verification workers, the webhook sender, and the heavy part of
/// an upload (decoding and sealing megabytes).
///
/// The cooperative threads are as many as the cores, and every request of every tenant needs one
/// to make progress; a tenant that makes the service decode uploads, replay rules or send
/// thousands of webhooks on them delays everyone's status reads behind its work. Here that work
/// runs on its own threads with a higher nice value, so when the cores are busy the kernel lets
/// the request threads run first, and the background work takes what is left.
public final class BackgroundExecutor: TaskExecutor, Sendable {
    private struct Queue {
        var jobs: [UnownedJob] = []
        var head = 0
    }

    private let queue = Mutex(Queue())
    private let ready = DispatchSemaphore(value: 0)
    public let threads: Int
    public let niceness: Int32

    /// The executor the server's background services and heavy request work share.
    public static let shared = BackgroundExecutor(threads: max(2, ProcessInfo.processInfo.activeProcessorCount), niceness: 10)

    public init(threads: Int, niceness: Int32) {
        self.threads = max(1, threads)
        self.niceness = niceness
        for index in 0..<self.threads {
            let thread = Thread { [self] in self.serve() }
            thread.name = "background-\(index)"
            thread.start()
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        queue.withLock { $0.jobs.append(unowned) }
        ready.signal()
    }

    private func serve() {
        ThreadPriority.lowerCurrent(to: niceness)
        while true {
            ready.wait()
            let job = queue.withLock { queue -> UnownedJob? in
                guard queue.head < queue.jobs.count else { return nil }
                let job = queue.jobs[queue.head]
                queue.head += 1
                // Drop what was run once half the storage is behind the head.
                if queue.head > 1024, queue.head * 2 > queue.jobs.count {
                    queue.jobs.removeFirst(queue.head)
                    queue.head = 0
                }
                return job
            }
            job?.runSynchronously(on: asUnownedTaskExecutor())
        }
    }

    /// The nice value of the calling thread (for tests).
    public static var currentNiceness: Int32 { ThreadPriority.current }
}
