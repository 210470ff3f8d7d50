import Base

/// The fields read from a machine readable zone, with filler characters (`<`) taken out.
public struct MRZDocument: Sendable, Hashable {
    /// The layout the zone was read with.
    public var format: MRZFormat
    /// "P", "I", "ID", "AC", "V", … without trailing filler.
    public var documentCode: String
    /// The issuing state or organisation as written ("UTO", or "D" for Germany's "D<<").
    public var issuingState: String
    /// The primary identifier, fillers shown as single spaces.
    public var surname: String
    /// The secondary identifier, fillers shown as single spaces; empty when the holder has a single name.
    public var givenNames: String
    /// The full document number, including the part carried in the optional data of long TD1/TD2 numbers.
    public var documentNumber: String
    /// The holder's nationality as written ("UTO", "D").
    public var nationality: String
    /// Nil when the field is not a real date.
    public var birthDate: CivilDate?
    /// "M", "F" or "X" (an unspecified `<` reads as "X").
    public var sex: String
    /// Nil when the field is not a real date.
    public var expiryDate: CivilDate?
    /// Every optional data field of the zone concatenated, fillers removed (for TD3, the personal number).
    public var optionalData: String

    /// A document with every field given.
    public init(
        format: MRZFormat,
        documentCode: String,
        issuingState: String,
        surname: String,
        givenNames: String,
        documentNumber: String,
        nationality: String,
        birthDate: CivilDate?,
        sex: String,
        expiryDate: CivilDate?,
        optionalData: String
    ) {
        self.format = format
        self.documentCode = documentCode
        self.issuingState = issuingState
        self.surname = surname
        self.givenNames = givenNames
        self.documentNumber = documentNumber
        self.nationality = nationality
        self.birthDate = birthDate
        self.sex = sex
        self.expiryDate = expiryDate
        self.optionalData = optionalData
    }
}
