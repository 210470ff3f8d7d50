import Base

/// Reads every field of a recognised zone and records each rule it breaks.
struct MRZDocumentReader {
    let grid: MRZGrid
    let format: MRZFormat
    let layout: MRZLayout
    let today: CivilDate
    /// Failures keyed by where their field starts, so they can be reported in zone order.
    private var failures: [(offset: Int, code: MRZFailureCode)] = []

    init(grid: MRZGrid, format: MRZFormat, today: CivilDate) {
        self.grid = grid
        self.format = format
        self.layout = MRZLayout.of(format, isVisa: grid[0] == UInt8(ascii: "V") && format != .td1)
        self.today = today
    }

    /// The failure codes in the order their fields appear in the zone.
    var failureCodes: [String] {
        failures.sorted { $0.offset < $1.offset }.map(\.code.rawValue)
    }

    mutating func read() -> MRZDocument {
        let names = grid.names(layout.names)
        if names.surname.isEmpty && names.givenNames.isEmpty { fail(.namesMissing, at: layout.names.lowerBound) }
        let (documentNumber, overflowLength) = readDocumentNumber()
        let birthDate = readDate(
            layout.birthDate,
            check: layout.birthDateCheck,
            year: MRZCentury.birthYear,
            invalid: .birthDateInvalid,
            checkInvalid: .birthDateCheckDigitInvalid
        )
        let expiryDate = readDate(
            layout.expiryDate,
            check: layout.expiryDateCheck,
            year: MRZCentury.expiryYear,
            invalid: .expiryDateInvalid,
            checkInvalid: .expiryDateCheckDigitInvalid
        )
        checkOptionalData()
        checkComposite()
        return MRZDocument(
            format: format,
            documentCode: grid.text(layout.documentCode),
            issuingState: grid.text(layout.issuingState),
            surname: names.surname,
            givenNames: names.givenNames,
            documentNumber: documentNumber,
            nationality: grid.text(layout.nationality),
            birthDate: birthDate,
            sex: grid.sex(at: layout.sex),
            expiryDate: expiryDate,
            optionalData: readOptionalData(skipping: overflowLength)
        )
    }

    private mutating func fail(_ code: MRZFailureCode, at offset: Int) {
        failures.append((offset, code))
    }

    /// The document number, and how many optional data characters its long form took (its tail and check digit).
    ///
    /// A number longer than 9 characters puts its first 9 in the field, `<` in the check digit position,
    /// and the rest followed by the check digit over the whole number at the start of the optional data.
    private mutating func readDocumentNumber() -> (String, Int) {
        let field = layout.documentNumber
        var sum = MRZCheckDigitSum()
        grid.addCharacters(field, to: &sum)
        let overflowLength =
            layout.allowsLongDocumentNumber && grid[layout.documentNumberCheck] == MRZGrid.filler
            ? grid.leadingRunLength(layout.optionalData) : 0
        guard overflowLength >= 2 else {
            if !grid.holdsCheckDigit(of: sum, at: layout.documentNumberCheck) {
                fail(.documentNumberCheckDigitInvalid, at: field.lowerBound)
            }
            return (grid.text(field), 0)
        }
        let tail = layout.optionalData.lowerBound..<layout.optionalData.lowerBound + overflowLength - 1
        grid.addCharacters(tail, to: &sum)
        if !grid.holdsCheckDigit(of: sum, at: tail.upperBound) {
            fail(.documentNumberCheckDigitInvalid, at: field.lowerBound)
        }
        return (grid.text(field) + grid.text(tail), overflowLength)
    }

    private mutating func readDate(
        _ field: Range<Int>,
        check: Int,
        year: (Int, CivilDate) -> Int,
        invalid: MRZFailureCode,
        checkInvalid: MRZFailureCode
    ) -> CivilDate? {
        var date: CivilDate?
        if let parts = grid.yymmdd(field) {
            date = CivilDate(year: year(parts.yy, today), month: parts.mm, day: parts.dd)
        }
        if date == nil { fail(invalid, at: field.lowerBound) }
        if !grid.checkDigitHolds(over: field, at: check) { fail(checkInvalid, at: check) }
        return date
    }

    /// A passport's personal number may leave its check digit as `<` when the number itself is absent.
    private mutating func checkOptionalData() {
        guard let check = layout.optionalDataCheck else { return }
        let field = layout.optionalData
        if grid[check] == MRZGrid.filler && grid.isFiller(field) { return }
        if !grid.checkDigitHolds(over: field, at: check) { fail(.optionalDataCheckDigitInvalid, at: check) }
    }

    private mutating func checkComposite() {
        guard let check = layout.compositeCheck else { return }
        var sum = MRZCheckDigitSum()
        for field in layout.composite { grid.addCharacters(field, to: &sum) }
        if !grid.holdsCheckDigit(of: sum, at: check) { fail(.compositeCheckDigitInvalid, at: check) }
    }

    private func readOptionalData(skipping overflowLength: Int) -> String {
        let first = grid.text(layout.optionalData.lowerBound + overflowLength..<layout.optionalData.upperBound)
        guard let second = layout.secondOptionalData else { return first }
        return first + grid.text(second)
    }
}
