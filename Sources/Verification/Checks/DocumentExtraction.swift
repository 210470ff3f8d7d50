import Base

/// What a document's zone says, field by field, where each value came from and how surely it was
/// read, and how it compares with what the applicant stated. Personal data: stored sealed.
public struct DocumentExtraction: Sendable, Hashable, Codable {
    /// Where the zone's text came from.
    public enum Source: String, Sendable, Hashable, Codable {
        /// Read from the photo's pixels by the MRZ reader.
        case image
        /// Sent by the client with the upload and not backed by the photo.
        case client
    }

    public struct Field: Sendable, Hashable, Codable {
        public var value: String
        public var source: Source
        /// For a value read from the image, the probability of its least sure character; 1 for
        /// a client's value (taken as sent).
        public var confidence: Double

        public init(value: String, source: Source, confidence: Double) {
            self.value = value
            self.source = source
            self.confidence = confidence
        }
    }

    public struct Match: Sendable, Hashable, Codable {
        /// How well the zone's names match the profile's (0–1), when both are known.
        public var nameScore: Double?
        /// Whether the zone's birth date is the profile's, when both are known.
        public var dateOfBirthMatches: Bool?

        enum CodingKeys: String, CodingKey {
            case nameScore = "name_score"
            case dateOfBirthMatches = "date_of_birth_matches"
        }
    }

    public var source: Source
    /// Keyed by `document_type`, `issuing_country`, `document_number`, `surname`,
    /// `given_names`, `nationality`, `date_of_birth`, `sex`, `expiry_date`, `optional_data`.
    public var fields: [String: Field]
    public var match: Match

    /// The fields of a zone read from `source`; `confidences` per field name (missing: 1).
    static func of(_ document: MRZDocument, source: Source, confidences: [String: Double]) -> DocumentExtraction {
        let fields = Dictionary(
            uniqueKeysWithValues: values(of: document).map { name, value in
                (name, Field(value: value, source: source, confidence: confidences[name] ?? 1))
            }
        )
        return DocumentExtraction(source: source, fields: fields, match: Match())
    }

    /// A zone's fields by the names the extraction reports them under; dates as YYYY-MM-DD,
    /// empty when not a real date.
    public static func values(of document: MRZDocument) -> [String: String] {
        [
            "document_type": document.documentCode, "issuing_country": document.issuingState,
            "document_number": document.documentNumber, "surname": document.surname, "given_names": document.givenNames,
            "nationality": document.nationality, "date_of_birth": document.birthDate?.description ?? "",
            "sex": document.sex, "expiry_date": document.expiryDate?.description ?? "", "optional_data": document.optionalData,
        ]
    }
}
