extension Int {
    /// `value` rounded toward zero, held to `Int`'s range: NaN is 0 and anything beyond either
    /// end is that end. `Int(_: Double)` traps in both cases, and numbers that come from outside
    /// (headers, peers, clocks, stored JSON) may be either.
    public init(saturating value: Double) {
        if value.isNaN {
            self = 0
        } else if value >= 9_223_372_036_854_775_807.0 {
            // The largest Double below 2^63 is 2^63 - 1024; 2^63 itself is out of range.
            self = .max
        } else if value <= -9_223_372_036_854_775_808.0 {
            self = .min
        } else {
            self = Int(value)
        }
    }

    /// Parses ASCII decimal digits (no sign, no spaces), saturating at `ceiling` instead of
    /// failing on long numbers: `Retry-After: 99999999999999999999` means "much later", not
    /// "no value". Nil when `text` is empty or holds anything but digits.
    @inlinable
    public init?(saturatingDigits text: some StringProtocol, ceiling: Int = .max) {
        guard !text.isEmpty else { return nil }
        var value = 0
        for byte in text.utf8 {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            let (shifted, overflowShift) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowAdd) = shifted.addingReportingOverflow(Int(byte - 0x30))
            value = overflowShift || overflowAdd || sum > ceiling ? ceiling : sum
        }
        self = Swift.min(value, ceiling)
    }
}
