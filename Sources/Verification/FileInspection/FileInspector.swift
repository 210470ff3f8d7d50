/// Checks an uploaded file's structure and metadata from its bytes alone.
///
/// Only headers, metadata segments and the last bytes are read, so the cost of an image does not
/// grow with its size; a PDF is scanned once, byte by byte, because its objects can be anywhere.
/// Every read is bounds-checked and every walk advances, so arbitrary input neither traps nor
/// loops.
public enum FileInspector {
    /// Inspects `bytes`; unrecognised input gives an empty report with no file type.
    public static func inspect(_ bytes: [UInt8]) -> FileReport {
        switch FileType.sniff(bytes) {
        case .jpeg: return JPEGInspector.inspect(bytes)
        case .png: return PNGInspector.inspect(bytes)
        case .webp: return WebPInspector.inspect(bytes)
        case .pdf: return PDFInspector.inspect(bytes)
        case .heic: return HEICInspector.inspect(bytes)
        case nil: return FileReport()
        }
    }
}
