/// Standard base64 (RFC 4648, `+/`, `=` padding, nothing else) decoded straight from the bytes
/// that carry it into one array of the exact size: no `String`, no `Data`, no second copy of a
/// ten-megabyte upload.
public enum Base64Decoding {
    /// Why the input is not standard base64.
    public struct Invalid: Error, Equatable {}

    /// The decoded length of `count` base64 characters ending in `padding` `=`s.
    static func decodedCount(encoded count: Int, padding: Int) -> Int { count / 4 * 3 - padding }

    public static func decode(_ input: UnsafeRawBufferPointer) throws(Invalid) -> [UInt8] {
        let count = input.count
        guard count % 4 == 0 else { throw Invalid() }
        guard count > 0 else { return [] }
        var padding = 0
        if input[count - 1] == UInt8(ascii: "=") {
            padding = input[count - 2] == UInt8(ascii: "=") ? 2 : 1
        }
        let output = decodedCount(encoded: count, padding: padding)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: output) { buffer, initialized in
            failed = !decode(input, padding: padding, into: buffer)
            initialized = failed ? 0 : output
        }
        if failed { throw Invalid() }
        return bytes
    }

    /// Decodes every full quantum, then the last one with its padding; false on any byte
    /// outside the alphabet (a `=` anywhere but the end included).
    private static func decode(_ input: UnsafeRawBufferPointer, padding: Int, into output: UnsafeMutableBufferPointer<UInt8>)
        -> Bool
    {
        let table = Self.table
        let quanta = input.count / 4
        var out = 0
        var bad: UInt8 = 0
        for quantum in 0..<(quanta - 1) {
            let at = quantum * 4
            let a = table[Int(input[at])]
            let b = table[Int(input[at + 1])]
            let c = table[Int(input[at + 2])]
            let d = table[Int(input[at + 3])]
            bad |= (a | b | c | d) & 0x80
            output[out] = a << 2 | b >> 4
            output[out + 1] = b << 4 | c >> 2
            output[out + 2] = c << 6 | d
            out += 3
        }
        guard bad == 0 else { return false }
        let at = (quanta - 1) * 4
        let a = table[Int(input[at])]
        let b = table[Int(input[at + 1])]
        let c = padding >= 2 ? 0 : table[Int(input[at + 2])]
        let d = padding >= 1 ? 0 : table[Int(input[at + 3])]
        guard (a | b | c | d) & 0x80 == 0 else { return false }
        output[out] = a << 2 | b >> 4
        if padding < 2 { output[out + 1] = b << 4 | c >> 2 }
        if padding < 1 { output[out + 2] = c << 6 | d }
        return true
    }

    /// Each byte's six bits, or 0x80 for a byte outside the alphabet.
    private static let table: [UInt8] = {
        var table = [UInt8](repeating: 0x80, count: 256)
        for (value, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(character)] = UInt8(value)
        }
        return table
    }()
}
