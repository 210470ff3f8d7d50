import NIOPosix
import ServiceLifecycle

#if canImport(CMalloc)
    import CMalloc
#endif

/// Hands the heap that a burst of uploads freed back to the system once uploads stop.
///
/// glibc keeps freed memory in its arenas (one per thread that allocated, up to eight per
/// core), so after a burst the process stays at its peak; measured, `malloc_trim` brings it
/// back to where it started (BENCHMARKS.md). It walks every arena, so it runs on NIO's thread
/// pool, not on a cooperative thread, and only when no upload is in flight.
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
