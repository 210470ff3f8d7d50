/// Turns the text a client or an OCR engine sends into an `MRZGrid`.
///
/// Tolerates what transport and OCR add around the zone (surrounding whitespace, CRLF line ends,
/// lower case letters) but nothing inside it: any other character means the text is not a zone.
enum MRZGridNormalizer {
    /// Copies the lines of `text` into `grid`, which must hold `MRZGrid.capacity` bytes, and returns
    /// the format their dimensions match, or nil when they match none or a character is not allowed.
    static func normalize(_ text: UnsafeBufferPointer<UInt8>, into grid: UnsafeMutableBufferPointer<UInt8>) -> MRZFormat? {
        let (start, end) = trimmed(text, from: 0, to: text.count)
        var lineStart = start
        var lineCount = 0
        var lineLength = 0
        while true {
            var lineEnd = lineStart
            while lineEnd < end && text[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let (contentStart, contentEnd) = trimmed(text, from: lineStart, to: lineEnd)
            let length = contentEnd - contentStart
            if lineCount == 0 { lineLength = length }
            guard length == lineLength, length == 30 || length == 36 || length == 44, lineCount < 3 else { return nil }
            guard copyLine(text, contentStart..<contentEnd, into: grid, at: lineCount * lineLength) else { return nil }
            lineCount += 1
            if lineEnd == end { break }
            lineStart = lineEnd + 1
        }
        return MRZFormat(lineCount: lineCount, lineLength: lineLength)
    }

    /// The bounds of `text[start..<end]` without leading and trailing ASCII whitespace.
    private static func trimmed(_ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> (Int, Int) {
        var start = start
        var end = end
        while start < end && isWhitespace(text[start]) { start += 1 }
        while end > start && isWhitespace(text[end - 1]) { end -= 1 }
        return (start, end)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
    }

    /// Upper-cases the line into the grid; false on a character the zone may not contain.
    private static func copyLine(
        _ text: UnsafeBufferPointer<UInt8>,
        _ line: Range<Int>,
        into grid: UnsafeMutableBufferPointer<UInt8>,
        at offset: Int
    ) -> Bool {
        var target = offset
        for index in line {
            var byte = text[index]
            if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") { byte -= 0x20 }
            let allowed =
                (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || MRZGrid.isDigit(byte) || byte == MRZGrid.filler
            guard allowed else { return false }
            grid[target] = byte
            target += 1
        }
        return true
    }
}
