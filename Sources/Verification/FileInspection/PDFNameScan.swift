/// The names a PDF inspection looks for, found in one pass over the file.
struct PDFNameScan {
    /// Each revision's information dictionary may repeat these; a file with hundreds is not a
    /// real document, and capping keeps crafted input from costing more than one pass.
    private static let maximumValues = 32
    private static let slash = UInt8(ascii: "/")
    private static let type = Array("Type".utf8)
    private static let page = Array("Page".utf8)
    private static let producer = Array("Producer".utf8)
    private static let creator = Array("Creator".utf8)

    /// Objects of `/Type /Page` (not `/Pages`).
    private(set) var pageCount = 0
    /// `/Producer` string values, in file order.
    private(set) var producers: [String] = []
    /// `/Creator` string values, in file order.
    private(set) var creators: [String] = []

    init(_ buffer: UnsafeBufferPointer<UInt8>) {
        var index = 0
        while let found = ByteSearch.firstIndex(of: Self.slash, in: buffer, from: index, to: buffer.count) {
            index = found + 1
            switch index < buffer.count ? buffer[index] : nil {
            case UInt8(ascii: "T"): index = readType(buffer, nameAt: index)
            case UInt8(ascii: "P"): index = Self.readValue(buffer, nameAt: index, named: Self.producer, into: &producers)
            case UInt8(ascii: "C"): index = Self.readValue(buffer, nameAt: index, named: Self.creator, into: &creators)
            default: break
            }
        }
    }

    /// Counts `/Type /Page`, with or without blanks between the two names; returns where to resume.
    private mutating func readType(_ buffer: UnsafeBufferPointer<UInt8>, nameAt index: Int) -> Int {
        guard let typeEnd = PDFSyntax.end(ofName: Self.type, in: buffer, at: index) else { return index }
        let valueSlash = PDFSyntax.skippingWhitespace(in: buffer, from: typeEnd)
        guard valueSlash < buffer.count, buffer[valueSlash] == Self.slash,
            let valueEnd = PDFSyntax.end(ofName: Self.page, in: buffer, at: valueSlash + 1)
        else { return typeEnd }
        pageCount += 1
        return valueEnd
    }

    /// Decodes the string after `/Producer` or `/Creator`; indirect references are not followed.
    private static func readValue(
        _ buffer: UnsafeBufferPointer<UInt8>,
        nameAt index: Int,
        named name: [UInt8],
        into values: inout [String]
    ) -> Int {
        guard values.count < maximumValues, let nameEnd = PDFSyntax.end(ofName: name, in: buffer, at: index) else { return index }
        let valueStart = PDFSyntax.skippingWhitespace(in: buffer, from: nameEnd)
        if let value = PDFString.decode(in: buffer, at: valueStart) { values.append(value) }
        return valueStart
    }
}
