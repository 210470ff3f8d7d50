/// Where each field sits in an `MRZGrid`, per Doc 9303 (Part 5 TD1, Part 6 TD2, Part 4 TD3, Part 7 visas).
struct MRZLayout {
    var documentCode: Range<Int>
    var issuingState: Range<Int>
    var names: Range<Int>
    var documentNumber: Range<Int>
    var documentNumberCheck: Int
    var nationality: Range<Int>
    var birthDate: Range<Int>
    var birthDateCheck: Int
    var sex: Int
    var expiryDate: Range<Int>
    var expiryDateCheck: Int
    /// The optional data field that also carries the tail of a long document number (TD1, TD2).
    var optionalData: Range<Int>
    /// TD1's second optional data field, on line 2.
    var secondOptionalData: Range<Int>?
    /// TD3's personal number check digit.
    var optionalDataCheck: Int?
    /// Whether a `<` in the document number check digit position announces a number longer than 9.
    var allowsLongDocumentNumber: Bool
    var composite: [Range<Int>]
    var compositeCheck: Int?

    /// The layout of a zone; visas (document code "V…") share the TD2/TD3 sizes but not their check digits.
    static func of(_ format: MRZFormat, isVisa: Bool) -> MRZLayout {
        switch (format, isVisa) {
        case (.td1, _): return td1
        case (.td2, false): return td2
        case (.td2, true): return mrvB
        case (.td3, false): return td3
        case (.td3, true): return mrvA
        }
    }

    static let td1: MRZLayout = {
        let grid = Columns(lineLength: 30)
        return MRZLayout(
            documentCode: grid.field(1, 1...2),
            issuingState: grid.field(1, 3...5),
            names: grid.field(3, 1...30),
            documentNumber: grid.field(1, 6...14),
            documentNumberCheck: grid.cell(1, 15),
            nationality: grid.field(2, 16...18),
            birthDate: grid.field(2, 1...6),
            birthDateCheck: grid.cell(2, 7),
            sex: grid.cell(2, 8),
            expiryDate: grid.field(2, 9...14),
            expiryDateCheck: grid.cell(2, 15),
            optionalData: grid.field(1, 16...30),
            secondOptionalData: grid.field(2, 19...29),
            optionalDataCheck: nil,
            allowsLongDocumentNumber: true,
            composite: [grid.field(1, 6...30), grid.field(2, 1...7), grid.field(2, 9...15), grid.field(2, 19...29)],
            compositeCheck: grid.cell(2, 30)
        )
    }()

    static let td2 = twoLine(lineLength: 36)

    static let td3: MRZLayout = {
        var layout = twoLine(lineLength: 44)
        let grid = Columns(lineLength: 44)
        layout.optionalData = grid.field(2, 29...42)
        layout.optionalDataCheck = grid.cell(2, 43)
        layout.allowsLongDocumentNumber = false
        return layout
    }()

    static let mrvB = visa(of: td2, lineLength: 36)

    static let mrvA = visa(of: td3, lineLength: 44)

    /// TD2 and TD3 share their line 2 up to the optional data; only its length differs.
    private static func twoLine(lineLength: Int) -> MRZLayout {
        let grid = Columns(lineLength: lineLength)
        return MRZLayout(
            documentCode: grid.field(1, 1...2),
            issuingState: grid.field(1, 3...5),
            names: grid.field(1, 6...lineLength),
            documentNumber: grid.field(2, 1...9),
            documentNumberCheck: grid.cell(2, 10),
            nationality: grid.field(2, 11...13),
            birthDate: grid.field(2, 14...19),
            birthDateCheck: grid.cell(2, 20),
            sex: grid.cell(2, 21),
            expiryDate: grid.field(2, 22...27),
            expiryDateCheck: grid.cell(2, 28),
            optionalData: grid.field(2, 29...(lineLength - 1)),
            secondOptionalData: nil,
            optionalDataCheck: nil,
            allowsLongDocumentNumber: true,
            composite: [grid.field(2, 1...10), grid.field(2, 14...20), grid.field(2, 22...(lineLength - 1))],
            compositeCheck: grid.cell(2, lineLength)
        )
    }

    /// Visas give the check digits' places to optional data and have no composite check digit.
    private static func visa(of layout: MRZLayout, lineLength: Int) -> MRZLayout {
        var visa = layout
        visa.optionalData = Columns(lineLength: lineLength).field(2, 29...lineLength)
        visa.optionalDataCheck = nil
        visa.allowsLongDocumentNumber = false
        visa.composite = []
        visa.compositeCheck = nil
        return visa
    }

    /// Converts the 1-based line and column numbers printed in Doc 9303 into grid offsets.
    private struct Columns {
        let lineLength: Int

        func cell(_ line: Int, _ column: Int) -> Int { (line - 1) * lineLength + column - 1 }

        func field(_ line: Int, _ columns: ClosedRange<Int>) -> Range<Int> {
            cell(line, columns.lowerBound)..<cell(line, columns.upperBound) + 1
        }
    }
}
