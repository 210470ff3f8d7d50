/// Why a machine readable zone is not valid; the raw values are stable and stored or returned to clients.
public enum MRZFailureCode: String, Sendable, CaseIterable {
    /// The text is not 3×30, 2×36 or 2×44 characters of A–Z, 0–9 and `<`.
    case formatInvalid = "mrz_format_invalid"
    /// The document number does not match its check digit.
    case documentNumberCheckDigitInvalid = "mrz_document_number_check_digit_invalid"
    /// The birth date does not match its check digit.
    case birthDateCheckDigitInvalid = "mrz_birth_date_check_digit_invalid"
    /// The expiry date does not match its check digit.
    case expiryDateCheckDigitInvalid = "mrz_expiry_date_check_digit_invalid"
    /// A passport's personal number does not match its check digit.
    case optionalDataCheckDigitInvalid = "mrz_optional_data_check_digit_invalid"
    /// The composite check digit over the whole zone does not match.
    case compositeCheckDigitInvalid = "mrz_composite_check_digit_invalid"
    /// The birth date field is not a real calendar date.
    case birthDateInvalid = "mrz_birth_date_invalid"
    /// The expiry date field is not a real calendar date.
    case expiryDateInvalid = "mrz_expiry_date_invalid"
    /// The name field holds nothing but fillers.
    case namesMissing = "mrz_names_missing"
}
