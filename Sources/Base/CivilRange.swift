/// The instants Vouch writes as calendar text: years 0001 to 9999, in seconds since 1970.
/// Instants computed from outside numbers (a `Retry-After`, a retention period, a clock) may be
/// anywhere, NaN included; they are held to this range rather than trapping a conversion.
public enum CivilRange {
    /// 0001-01-01T00:00:00Z.
    public static let earliestSeconds: Double = -62_135_596_800
    /// 9999-12-31T23:59:59.999999Z.
    public static let latestSeconds: Double = 253_402_300_799.999_999

    /// `seconds` held to the range; NaN is 1970.
    public static func clamp(_ seconds: Double) -> Double {
        seconds.isNaN ? 0 : min(max(seconds, earliestSeconds), latestSeconds)
    }
}

extension String {
    /// The same text with every NUL character replaced by U+FFFD: Postgres stores no NUL in
    /// `text` or `jsonb`, and a peer's answer may hold one.
    public func replacingNUL() -> String {
        guard utf8.contains(0) else { return self }
        var scalars = String.UnicodeScalarView()
        for scalar in unicodeScalars { scalars.append(scalar == "\u{0}" ? "\u{FFFD}" : scalar) }
        return String(scalars)
    }
}
