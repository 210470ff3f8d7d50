/// The page count a linearized ("fast web view") PDF states in its first object.
///
/// Page objects packed into compressed object streams cannot be counted without inflating them,
/// but the linearization dictionary is always plain text at the very start of the file and gives
/// the number of pages as `/N`.
enum PDFLinearization {
    /// The dictionary must be the first object, so it starts well within this many bytes.
    private static let headLength = 1024
    private static let marker = Array("/Linearized".utf8)
    private static let pageCountName = Array("N".utf8)

    /// `/N` of the linearization dictionary, or nil when the file is not linearized.
    static func pageCount(in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        let head = min(buffer.count, headLength)
        guard let start = ByteSearch.firstIndex(of: marker, in: buffer, from: 0, to: head),
            let end = ByteSearch.firstIndex(of: Array(">>".utf8), in: buffer, from: start, to: head)
        else { return nil }
        var index = start + marker.count
        while let slash = ByteSearch.firstIndex(of: UInt8(ascii: "/"), in: buffer, from: index, to: end) {
            index = slash + 1
            guard let nameEnd = PDFSyntax.end(ofName: pageCountName, in: buffer, at: index) else { continue }
            return integer(in: buffer, from: PDFSyntax.skippingWhitespace(in: buffer, from: nameEnd), to: end)
        }
        return nil
    }

    /// A positive decimal integer of at most nine digits starting at `index`.
    private static func integer(in buffer: UnsafeBufferPointer<UInt8>, from index: Int, to end: Int) -> Int? {
        var value = 0
        var position = index
        while position < end, position - index < 9, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(buffer[position]) {
            value = value * 10 + Int(buffer[position] - UInt8(ascii: "0"))
            position += 1
        }
        return position > index && value > 0 ? value : nil
    }
}
