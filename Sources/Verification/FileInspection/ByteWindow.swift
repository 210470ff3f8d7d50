/// The order of multi-byte integers in a format (TIFF declares its own; PNG is big-endian, RIFF little).
enum ByteOrder {
    case bigEndian
    case littleEndian
}

/// A bounds-checked view of part of a file, addressed from its own start.
///
/// Every read returns nil outside the window, so parsers written against it cannot read past a
/// segment into its neighbour or past the end of the file. Sharing the array costs no copy.
struct ByteWindow {
    let storage: [UInt8]
    /// Where the window starts in `storage`.
    let base: Int
    /// How many bytes the window covers.
    let count: Int

    init(_ bytes: [UInt8]) {
        self.storage = bytes
        self.base = 0
        self.count = bytes.count
    }

    private init(storage: [UInt8], base: Int, count: Int) {
        self.storage = storage
        self.base = base
        self.count = count
    }

    /// Whether `length` bytes from `offset` lie inside the window; written so huge values cannot overflow.
    func contains(offset: Int, length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= count && length <= count - offset
    }

    /// The `length` bytes from `offset`, or nil if they are not all inside.
    func window(at offset: Int, length: Int) -> ByteWindow? {
        guard contains(offset: offset, length: length) else { return nil }
        return ByteWindow(storage: storage, base: base + offset, count: length)
    }

    /// Everything from `offset` to the end, or nil past the end.
    func window(from offset: Int) -> ByteWindow? {
        guard offset >= 0, offset <= count else { return nil }
        return window(at: offset, length: count - offset)
    }

    /// The bytes from `offset`, at most `length` of them: what is there of a chunk the file cuts short.
    func available(at offset: Int, upTo length: Int) -> ByteWindow? {
        guard offset >= 0, offset <= count, length >= 0 else { return nil }
        return window(at: offset, length: min(length, count - offset))
    }

    func byte(at offset: Int) -> UInt8? {
        guard offset >= 0, offset < count else { return nil }
        return storage[base + offset]
    }

    func uint16(at offset: Int, _ order: ByteOrder) -> Int? {
        unsigned(at: offset, width: 2, order)
    }

    func uint24(at offset: Int, _ order: ByteOrder) -> Int? {
        unsigned(at: offset, width: 3, order)
    }

    func uint32(at offset: Int, _ order: ByteOrder) -> Int? {
        unsigned(at: offset, width: 4, order)
    }

    /// A 64-bit size as an `Int`, or nil when it is out of the window or too large to be a real offset.
    func uint64(at offset: Int, _ order: ByteOrder) -> Int? {
        guard let high = uint32(at: offset + (order == .bigEndian ? 0 : 4), order),
            let low = uint32(at: offset + (order == .bigEndian ? 4 : 0), order),
            high <= Int(Int32.max)
        else { return nil }
        return high << 32 | low
    }

    private func unsigned(at offset: Int, width: Int, _ order: ByteOrder) -> Int? {
        guard contains(offset: offset, length: width) else { return nil }
        var value = 0
        for index in 0..<width {
            let position = order == .bigEndian ? index : width - 1 - index
            value = value << 8 | Int(storage[base + offset + position])
        }
        return value
    }

    /// Whether `pattern` occurs exactly at `offset`.
    func matches(_ pattern: [UInt8], at offset: Int) -> Bool {
        guard contains(offset: offset, length: pattern.count) else { return false }
        for (index, expected) in pattern.enumerated() where storage[base + offset + index] != expected {
            return false
        }
        return true
    }

    /// The offset of the first `pattern` at or after `start`.
    func firstOffset(of pattern: [UInt8], from start: Int = 0) -> Int? {
        guard start >= 0, start <= count else { return nil }
        return storage.withUnsafeBufferPointer { buffer in
            ByteSearch.firstIndex(of: pattern, in: buffer, from: base + start, to: base + count).map { $0 - base }
        }
    }

    /// The window's bytes, for decoding short texts.
    var bytes: ArraySlice<UInt8> { storage[base..<base + count] }
}
