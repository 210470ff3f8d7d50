import NIOPosix
import ServiceLifecycle

#if canImport(CMalloc)
    import CMalloc
#endif

/// Hands the heap that a burst of uploads freed back to the system once uploads stop.
///
/// glibc keeps freed memory in its arenas, so after a burst the process stays near its peak
/// (210–244 MiB ten seconds after 64 uploads of 10 MiB; `MALLOC_ARENA_MAX=2` made no
/// difference); with `malloc_trim` it is back at 88 MiB (BENCHMARKS.md). The trim walks every
/// arena, so it runs on NIO's thread pool, not on a cooperative thread, and only when no upload
/// is in flight.
struct HeapTrimmer: Service {
    let gate: UploadGate
    let interval: Duration

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            var seen = gate.finished
            while true {
                try await Task.sleep(for: interval)
                let finished = gate.finished
                guard finished != seen, gate.inFlight == 0 else { continue }
                seen = finished
                try await NIOThreadPool.singleton.runIfActive { Self.trim() }
            }
        }
    }

    static func trim() {
        #if canImport(CMalloc)
            _ = malloc_trim(0)
        #endif
    }
}
