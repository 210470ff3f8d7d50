/// Four-character codes (PNG chunk types, RIFF chunk ids, ISO box types) packed big-endian into an
/// integer, so a chunk's type is read with one bounds-checked load and compared without allocating.
enum FourCC {
    static func code(_ text: StaticString) -> Int {
        precondition(text.utf8CodeUnitCount == 4, "a four-character code has four characters")
        let bytes = UnsafeBufferPointer(start: text.utf8Start, count: 4)
        return bytes.reduce(0) { $0 << 8 | Int($1) }
    }
}
