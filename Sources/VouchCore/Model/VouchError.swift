/// A failure the domain reports to its callers; the API maps each case to one problem `code`.
public enum VouchError: Error, Equatable, Sendable {
    case notFound(String)
    case applicantExists
    case documentNotReplaceable(DocumentStatus)
    case invalidField(name: String, reason: String)
    case emptyFile
    case fileTooLarge(limit: Int)
    case unsupportedFileType
    case databaseUnavailable
}
