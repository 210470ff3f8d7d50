/// The lexical rules of PDF that name matching needs: what separates tokens.
enum PDFSyntax {
    /// NUL, tab, line feed, form feed, carriage return, space.
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C || byte == 0x00
    }

    /// `( ) < > [ ] { } / %`
    static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x28, 0x29, 0x3C, 0x3E, 0x5B, 0x5D, 0x7B, 0x7D, 0x2F, 0x25: return true
        default: return false
        }
    }

    /// The index right after `name` when it is the whole name starting at `index` (so `Page` does not
    /// match `Pages`), else nil.
    static func end(ofName name: [UInt8], in buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        guard ByteSearch.matches(name, in: buffer, at: index) else { return nil }
        let end = index + name.count
        guard end < buffer.count else { return end }
        return isWhitespace(buffer[end]) || isDelimiter(buffer[end]) ? end : nil
    }

    /// The first index at or after `index` that is not whitespace (or the buffer's end).
    static func skippingWhitespace(in buffer: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        var position = index
        while position < buffer.count, isWhitespace(buffer[position]) { position += 1 }
        return position
    }
}
