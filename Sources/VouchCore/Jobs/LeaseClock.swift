import Foundation

/// The time that claim leases are measured against: when a claimed job or webhook delivery is
/// due, when its lease ends, and whether it has ended.
///
/// The server leaves it to the database's own clock, so every instance agrees on when a lease
/// ends whatever its own clock says. Tests set a time instead, and move it past a lease rather
/// than wait for the lease to run out.
public struct LeaseClock: Sendable {
    private let reading: @Sendable () -> Date?

    /// The database server's clock (`now()` in the claiming functions).
    public static let database = LeaseClock(reading: { nil })

    /// A clock whose time `now` gives.
    public init(now: @escaping @Sendable () -> Date) {
        self.reading = now
    }

    private init(reading: @escaping @Sendable () -> Date?) {
        self.reading = reading
    }

    /// The time to pass to the claiming functions; nil for the database's own.
    var now: Date? { reading() }
}
