import Base

/// Picks the century of the two-digit years a zone carries, relative to the caller's today.
enum MRZCentury {
    /// A birth date cannot be in the future, so the most recent year ending in `yy` that is not after
    /// today's year.
    static func birthYear(_ yy: Int, today: CivilDate) -> Int {
        let year = today.year - today.year % 100 + yy
        return year > today.year ? year - 100 : year
    }

    /// Documents are valid for at most a few decades, so this century's year unless that lies more than
    /// 50 years ahead, in which case the document expired long ago and the year is the previous century's.
    static func expiryYear(_ yy: Int, today: CivilDate) -> Int {
        let year = today.year - today.year % 100 + yy
        return year - today.year > 50 ? year - 100 : year
    }
}
