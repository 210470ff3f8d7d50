/// The image editors whose names in metadata count as a trace of editing.
///
/// Names are matched case-insensitively as whole words, so "Canva" is found but "Canvas" is not.
/// Lightroom calls itself "Adobe Photoshop Lightroom", which must not also count as Photoshop.
enum EditingToolCatalog {
    struct Tool {
        /// The normalised name reported in `FileReport.editingToolTraces`.
        let name: String
        /// Lowercase spellings that identify the tool.
        let spellings: [[UInt8]]
        /// Words that, right after a spelling, mean the text names a different product.
        let notFollowedBy: [[UInt8]]

        init(_ name: String, spellings: [String]? = nil, notFollowedBy: [String] = []) {
            self.name = name
            self.spellings = (spellings ?? [name]).map { Array($0.utf8) }
            self.notFollowedBy = notFollowedBy.map { Array($0.utf8) }
        }
    }

    /// In report order.
    static let tools: [Tool] = [
        Tool("photoshop", notFollowedBy: [" lightroom"]),
        Tool("lightroom"),
        Tool("gimp", spellings: ["gimp", "gnu image manipulation program"]),
        Tool("affinity"),
        Tool("pixelmator"),
        Tool("snapseed"),
        Tool("picsart"),
        Tool("canva"),
        Tool("paint.net"),
        Tool("facetune"),
        Tool("photopea"),
        Tool("paintshop", spellings: ["paintshop pro", "paint shop pro"]),
        Tool("krita"),
        Tool("meitu"),
        Tool("faceapp"),
        Tool("fotor"),
        Tool("picmonkey"),
        Tool("photoscape"),
        Tool("photodirector"),
        Tool("luminar"),
    ]

    /// Indices into `tools` of every tool named in `text`.
    static func toolIndices(in text: String) -> [Int] {
        let lowered = text.utf8.prefix(MetadataText.maximumLength * 4).map(asciiLowercased)
        return tools.indices.filter { mentions(tools[$0], in: lowered) }
    }

    private static func mentions(_ tool: Tool, in text: [UInt8]) -> Bool {
        tool.spellings.contains { spelling in
            var start = 0
            while let found = firstWord(spelling, in: text, from: start) {
                let rest = text[(found + spelling.count)...]
                if !tool.notFollowedBy.contains(where: { rest.starts(with: $0) }) { return true }
                start = found + 1
            }
            return false
        }
    }

    /// The first occurrence of `word` at or after `start` not glued to other letters.
    private static func firstWord(_ word: [UInt8], in text: [UInt8], from start: Int) -> Int? {
        guard !word.isEmpty, text.count >= word.count, start <= text.count - word.count else { return nil }
        for index in start...(text.count - word.count) where text[index..<index + word.count].elementsEqual(word) {
            let before = index == 0 ? nil : text[index - 1]
            let after = index + word.count == text.count ? nil : text[index + word.count]
            if !isLetter(before), !isLetter(after) { return index }
        }
        return nil
    }

    /// ASCII letters only: a trademark sign right after a name ("Photoshop®") must not hide it.
    private static func isLetter(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        return (0x61...0x7A).contains(byte)
    }

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }
}
