/// Byte and pattern search over raw buffers, eight bytes per step.
///
/// PDFs have to be scanned end to end, so the inner loop matters: comparing a whole machine word
/// against the wanted byte at once is several times faster than a byte loop, with no dependency
/// beyond the standard library.
enum ByteSearch {
    private static let lowBits: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The index of the first `target` in `start..<end`, or nil.
    static func firstIndex(of target: UInt8, in buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        let end = min(end, buffer.count)
        guard start >= 0, start < end, let base = buffer.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        let spread = lowBits &* UInt64(target)
        var index = start
        while index + 8 <= end {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) ^ spread
            // A byte of `word` is zero where `target` sits; the lowest flagged byte is always a true match.
            let zeroBytes = (word &- lowBits) & ~word & highBits
            if zeroBytes != 0 { return index + zeroBytes.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < end {
            if base[index] == target { return index }
            index += 1
        }
        return nil
    }

    /// The index of the first occurrence of `pattern` wholly inside `start..<end`, or nil.
    static func firstIndex(of pattern: [UInt8], in buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        let end = min(end, buffer.count)
        guard let first = pattern.first, start >= 0 else { return nil }
        var index = start
        while end - index >= pattern.count, let candidate = firstIndex(of: first, in: buffer, from: index, to: end - pattern.count + 1) {
            if matches(pattern, in: buffer, at: candidate) { return candidate }
            index = candidate + 1
        }
        return nil
    }

    /// The index of the last occurrence of `pattern` wholly inside `start..<end`, or nil.
    static func lastIndex(of pattern: [UInt8], in buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        let end = min(end, buffer.count)
        guard !pattern.isEmpty, start >= 0, end - start >= pattern.count else { return nil }
        var index = end - pattern.count
        while index >= start {
            if matches(pattern, in: buffer, at: index) { return index }
            index -= 1
        }
        return nil
    }

    /// Whether `pattern` occurs at `index`; false when it would run past the buffer.
    static func matches(_ pattern: [UInt8], in buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index >= 0, buffer.count - index >= pattern.count else { return false }
        for (offset, expected) in pattern.enumerated() where buffer[index + offset] != expected {
            return false
        }
        return true
    }
}
