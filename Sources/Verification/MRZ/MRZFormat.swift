/// The machine readable zone sizes of ICAO Doc 9303, told apart by line count and line length.
public enum MRZFormat: String, Sendable {
    /// ID-1 cards: three lines of 30 characters.
    case td1
    /// ID-2 cards and MRV-B visas: two lines of 36 characters.
    case td2
    /// Passports and MRV-A visas: two lines of 44 characters.
    case td3

    /// How many lines the zone has.
    public var lineCount: Int {
        switch self {
        case .td1: return 3
        case .td2, .td3: return 2
        }
    }

    /// How many characters each line has.
    public var lineLength: Int {
        switch self {
        case .td1: return 30
        case .td2: return 36
        case .td3: return 44
        }
    }

    /// The format with exactly these dimensions, or nil.
    public init?(lineCount: Int, lineLength: Int) {
        switch (lineCount, lineLength) {
        case (3, 30): self = .td1
        case (2, 36): self = .td2
        case (2, 44): self = .td3
        default: return nil
        }
    }
}
