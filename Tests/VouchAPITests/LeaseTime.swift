import Foundation
import Synchronization
import VouchCore

/// The test app's lease clock: the wall clock, until a test skips it ahead past a lease rather
/// than wait for the lease to run out.
final class LeaseTime: Sendable {
    private let skipped = Mutex<TimeInterval>(0)

    var clock: LeaseClock {
        LeaseClock { [self] in Date().addingTimeInterval(skipped.withLock { $0 }) }
    }

    func skip(_ seconds: TimeInterval) {
        skipped.withLock { $0 += seconds }
    }
}
