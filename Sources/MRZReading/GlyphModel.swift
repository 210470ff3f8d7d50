import Foundation

/// The glyph classifier: a network of one hidden layer (ReLU) over a cell's patch, giving the
/// probability of each of the zone's 37 characters. Trained from OCR-B renders by
/// scripts/train-mrz-model, which writes the weights into GlyphModel+Weights.swift; loaded once.
struct GlyphModel: Sendable {
    /// The classes in the order of the model's outputs.
    static let alphabet: [UInt8] = Array("<0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)

    let inputs: Int
    let hidden: Int
    let classes: Int
    private let w1: [Float]
    private let b1: [Float]
    private let w2: [Float]
    private let b2: [Float]

    /// The model built into the reader.
    static let shared: GlyphModel = {
        let text = encodedWeights.filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: text), let model = GlyphModel(Array(data)) else {
            fatalError("GlyphModel+Weights.swift does not hold a glyph model: run scripts/train-mrz-model")
        }
        return model
    }()

    /// Reads the weights file: "VGM1", inputs, hidden, classes, 0 (UInt32 LE), then W1, b1, W2, b2 as Float32 LE.
    init?(_ bytes: [UInt8]) {
        guard bytes.count >= 20, bytes[0..<4].elementsEqual("VGM1".utf8) else { return nil }
        func word(_ at: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        (inputs, hidden, classes) = (word(4), word(8), word(12))
        let counts = [inputs * hidden, hidden, hidden * classes, classes]
        guard inputs == GlyphPatch.size, classes == Self.alphabet.count, bytes.count == 20 + 4 * counts.reduce(0, +) else {
            return nil
        }
        var offset = 20
        var arrays: [[Float]] = []
        for count in counts {
            arrays.append(
                (0..<count).map { index in
                    let at = offset + 4 * index
                    return Float(bitPattern: UInt32(word(at) & 0xFFFF_FFFF))
                }
            )
            offset += 4 * count
        }
        (w1, b1, w2, b2) = (arrays[0], arrays[1], arrays[2], arrays[3])
    }

    /// The probabilities of every class for each patch in `patches` (`inputs` values each).
    func classify(_ patches: [Float]) -> [[Float]] {
        let count = patches.count / inputs
        var hiddenValues = [Float](repeating: 0, count: hidden)
        var out: [[Float]] = []
        out.reserveCapacity(count)
        patches.withUnsafeBufferPointer { x in
            w1.withUnsafeBufferPointer { w1 in
                w2.withUnsafeBufferPointer { w2 in
                    for patch in 0..<count {
                        let input = x.baseAddress! + patch * inputs
                        for h in 0..<hidden { hiddenValues[h] = b1[h] }
                        // Row by row of W1 (inputs × hidden): unit-stride inner loop, vectorised.
                        for i in 0..<inputs where input[i] != 0 {
                            let value = input[i]
                            let row = w1.baseAddress! + i * hidden
                            for h in 0..<hidden { hiddenValues[h] += value * row[h] }
                        }
                        var logits = b2
                        for h in 0..<hidden where hiddenValues[h] > 0 {
                            let value = hiddenValues[h]
                            let row = w2.baseAddress! + h * classes
                            for c in 0..<classes { logits[c] += value * row[c] }
                        }
                        out.append(Self.softmax(logits))
                    }
                }
            }
        }
        return out
    }

    private static func softmax(_ logits: [Float]) -> [Float] {
        let top = logits.max() ?? 0
        let exps = logits.map { exp($0 - top) }
        let total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }
}
