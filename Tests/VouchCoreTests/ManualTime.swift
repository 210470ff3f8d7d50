import Foundation
import Synchronization
import VouchCore

/// A time that moves only when a test moves it, for leases that must end without waiting.
final class ManualTime: Sendable {
    private let time: Mutex<Date>

    init(_ start: Date = Date()) {
        time = Mutex(start)
    }

    var now: Date { time.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        time.withLock { $0 += seconds }
    }

    /// The lease clock that reads this time.
    var clock: LeaseClock { LeaseClock { [self] in now } }
}
