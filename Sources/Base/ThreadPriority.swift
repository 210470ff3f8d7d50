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
