/// What may stand in each cell of a zone and which cells each check digit covers: what a reader of
/// a zone's pixels decodes against, taken from the same field layout the text reader uses.
public struct MRZReadingPlan: Sendable {
    /// What a cell may hold besides the filler `<`, which any cell may hold.
    public enum CharacterClass: Sendable, Equatable {
        case letter
        case digit
        case alphanumeric
        /// M, F or X.
        case sex
        /// The first letter of the document code: P (passports), I, A, C (identity and other
        /// official documents) or V (visas), per Doc 9303 parts 4 to 7.
        case documentKind
    }

    /// A check digit and the cells it is computed over, in zone order.
    public struct Check: Sendable, Equatable {
        public let cells: [Int]
        public let digit: Int
    }

    public let format: MRZFormat
    /// One per cell, the zone's lines laid end to end.
    public let classes: [CharacterClass]
    /// The field check digits, then the composite one (which covers most of the others).
    public let checks: [Check]
    /// The cells of each field, by the names the extraction reports them under.
    public let fields: [String: [Int]]

    /// The plan of a zone; visas (document code "V…") place optional data where others have check digits.
    public static func of(_ format: MRZFormat, isVisa: Bool) -> MRZReadingPlan {
        let layout = MRZLayout.of(format, isVisa: isVisa)
        var classes = [CharacterClass](repeating: .alphanumeric, count: format.lineCount * format.lineLength)
        func mark(_ range: Range<Int>, _ kind: CharacterClass) { for cell in range { classes[cell] = kind } }
        mark(layout.documentCode, .letter)
        mark(layout.issuingState, .letter)
        mark(layout.names, .letter)
        mark(layout.nationality, .letter)
        mark(layout.birthDate, .digit)
        mark(layout.expiryDate, .digit)
        classes[layout.sex] = .sex
        classes[layout.documentCode.lowerBound] = .documentKind
        var checks: [Check] = []
        func check(_ cells: [Range<Int>], _ digit: Int?) {
            guard let digit, digit < classes.count else { return }
            classes[digit] = .digit
            checks.append(Check(cells: cells.flatMap { Array($0) }, digit: digit))
        }
        check([layout.documentNumber], layout.documentNumberCheck)
        check([layout.birthDate], layout.birthDateCheck)
        check([layout.expiryDate], layout.expiryDateCheck)
        check([layout.optionalData], layout.optionalDataCheck)
        check(layout.composite, layout.compositeCheck)
        var fields: [String: [Int]] = [
            "document_type": Array(layout.documentCode), "issuing_country": Array(layout.issuingState),
            "document_number": Array(layout.documentNumber), "nationality": Array(layout.nationality),
            "date_of_birth": Array(layout.birthDate), "sex": [layout.sex], "expiry_date": Array(layout.expiryDate),
            "optional_data": Array(layout.optionalData) + (layout.secondOptionalData.map { Array($0) } ?? []),
        ]
        // The names share one field; the surname is the part before "<<", the given names the rest.
        let names = Array(layout.names)
        fields["surname"] = names
        fields["given_names"] = names
        return MRZReadingPlan(format: format, classes: classes, checks: checks, fields: fields)
    }
}
