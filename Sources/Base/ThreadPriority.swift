#if canImport(Glibc)
    import Glibc
#endif

/// The scheduling priority of the calling thread, as a nice value (0 normal, up to 19 lowest).
public enum ThreadPriority {
    /// Lowers the calling thread alone (on Linux the nice value is per thread): for threads that
    /// do background work, so that when the cores are busy the kernel runs request threads first.
    public static func lowerCurrent(to niceness: Int32) {
        guard niceness > 0 else { return }
        #if canImport(Glibc)
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
        #endif
    }

    /// The calling thread's nice value.
    public static var current: Int32 {
        #if canImport(Glibc)
            getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        #else
            0
        #endif
    }
}

/// The kernel's name of the calling thread, as `top -H`, `/proc` and the tests see it.
public enum ThreadName {
    /// Names the calling thread. Foundation's `Thread.current.name = …` reaches the kernel only
    /// when `Thread.current` is this thread's own object, which on Linux it is not always; a new
    /// thread otherwise keeps the name of the thread that created it.
    public static func setCurrent(_ name: String) {
        #if canImport(Glibc)
            // Linux keeps 15 bytes. Swift's Glibc does not bring in `pthread_setname_np` (a GNU
            // extension); the thread's own comm file is the same call.
            let bytes = Array(name.utf8.prefix(15))
            let file = open("/proc/thread-self/comm", O_WRONLY)
            guard file >= 0 else { return }
            defer { close(file) }
            _ = bytes.withUnsafeBytes { write(file, $0.baseAddress, $0.count) }
        #endif
    }
}
