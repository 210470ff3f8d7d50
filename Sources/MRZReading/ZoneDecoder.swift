import Base
import Foundation
import Verification

/// A zone's characters as read from its cells, before and after repair by its check digits.
struct ZoneRead: Sendable {
    var format: MRZFormat
    /// The zone's characters, lines end to end.
    var characters: [UInt8]
    /// For each character, the model's probability of it among what its cell may hold.
    var confidences: [Float]
    /// Per field of `MRZReadingPlan.fields`, the probability of its least sure character.
    var fieldConfidences: [String: Float]
    /// Cells whose character was changed to a runner-up to satisfy a check digit.
    var repaired: [Int]
    /// Whether every check digit holds, the dates are real dates and every character no check
    /// digit covers was read surely.
    var valid: Bool
    /// The mean log probability of the characters: which of two readings of one zone to prefer.
    var score: Double

    var lines: [String] {
        let length = format.lineLength
        return (0..<format.lineCount).map { String(decoding: characters[($0 * length)..<(($0 + 1) * length)], as: UTF8.self) }
    }
}

/// Turns the model's per-cell probabilities into a zone: each cell takes the likeliest character
/// its field allows (digits where only digits may stand), then every check digit that fails is
/// mended with the cheapest change among the cells' runner-up characters, if one is likely
/// enough. The check digits are never bent: a zone whose checks still fail is reported invalid,
/// and so is one with a character outside their reach read unsurely.
struct ZoneDecoder {
    /// A runner-up must be at least this likely against the first choice to be tried at all.
    static let runnerUpRatio: Float = 0.002
    /// At most this many cells of one check's field are changed together.
    static let maximumChanges = 2
    /// Names, country codes and the document code have no check digit: a zone is trusted only
    /// when the model called each of their characters at least this surely.
    static let uncheckedFloor: Float = 0.8

    let probabilities: [[Float]]
    let format: MRZFormat
    let today: CivilDate

    func decode() -> ZoneRead {
        let isVisa = likeliest(at: 0, among: Self.allowed(.letter)) == UInt8(ascii: "V")
        let plan = MRZReadingPlan.of(format, isVisa: isVisa)
        let ranked = plan.classes.indices.map { cell in rank(cell, plan.classes[cell]) }
        var characters = ranked.map { $0[0].character }
        var repaired: [Int] = []
        for check in plan.checks where !holds(check, characters) {
            guard let change = cheapestRepair(check, characters, ranked, plan) else { continue }
            for (cell, character) in change {
                characters[cell] = character
                repaired.append(cell)
            }
        }
        let confidences = characters.indices.map { cell in ranked[cell].first { $0.character == characters[cell] }?.probability ?? 0 }
        let text = (0..<format.lineCount).map { line in
            String(decoding: characters[(line * format.lineLength)..<((line + 1) * format.lineLength)], as: UTF8.self)
        }
        let checked = Set(plan.checks.flatMap { $0.cells + [$0.digit] })
        let sure = characters.indices.allSatisfy { checked.contains($0) || confidences[$0] >= Self.uncheckedFloor }
        let valid = sure && MRZ.parse(text.joined(separator: "\n"), today: today).failures.allSatisfy { !Self.rejects($0) }
        let score = confidences.reduce(0.0) { $0 + log(Double(max($1, 1e-6))) } / Double(max(1, confidences.count))
        let fieldConfidences = plan.fields.mapValues { cells in cells.map { confidences[$0] }.min() ?? 1 }
        return ZoneRead(
            format: format,
            characters: characters,
            confidences: confidences,
            fieldConfidences: fieldConfidences,
            repaired: repaired,
            valid: valid,
            score: score
        )
    }

    /// Every failure but a zone with no names (which the checks downstream report themselves).
    private static func rejects(_ failure: String) -> Bool { failure != MRZFailureCode.namesMissing.rawValue }

    /// The characters a cell may hold, likeliest first, with probabilities renormalised over them.
    private func rank(_ cell: Int, _ kind: MRZReadingPlan.CharacterClass) -> [(character: UInt8, probability: Float)] {
        let allowed = Self.allowed(kind)
        let total = allowed.reduce(Float(0)) { $0 + probabilities[cell][$1] }
        return allowed.map { (GlyphModel.alphabet[$0], probabilities[cell][$0] / max(total, 1e-12)) }
            .sorted { $0.probability > $1.probability }
    }

    private func likeliest(at cell: Int, among classes: [Int]) -> UInt8 {
        GlyphModel.alphabet[classes.max { probabilities[cell][$0] < probabilities[cell][$1] } ?? 0]
    }

    /// Indexes into `GlyphModel.alphabet` ("<", digits, letters) a class of cell may hold.
    static func allowed(_ kind: MRZReadingPlan.CharacterClass) -> [Int] {
        let digits = Array(1...10)
        let letters = Array(11...36)
        let sex = indexes(of: "MFX")
        switch kind {
        case .letter: return [0] + letters
        case .digit: return [0] + digits
        case .alphanumeric: return [0] + digits + letters
        case .sex: return [0] + sex
        case .documentKind: return indexes(of: "PIACV")
        }
    }

    private static func indexes(of characters: String) -> [Int] {
        characters.utf8.compactMap { GlyphModel.alphabet.firstIndex(of: $0) }
    }

    /// Whether a check digit holds over the characters: a filler in its place holds only over fillers.
    private func holds(_ check: MRZReadingPlan.Check, _ characters: [UInt8]) -> Bool {
        let digit = characters[check.digit]
        if digit == UInt8(ascii: "<") { return check.cells.allSatisfy { characters[$0] == UInt8(ascii: "<") } }
        return Int(digit) - Int(UInt8(ascii: "0")) == MRZ.checkDigit(check.cells.map { characters[$0] })
    }

    /// The least costly set of at most `maximumChanges` runner-up substitutions in the check's
    /// cells (its digit among them) after which it holds and no check that held breaks.
    private func cheapestRepair(
        _ check: MRZReadingPlan.Check,
        _ characters: [UInt8],
        _ ranked: [[(character: UInt8, probability: Float)]],
        _ plan: MRZReadingPlan
    ) -> [(Int, UInt8)]? {
        var options: [(cell: Int, character: UInt8, cost: Double)] = []
        for cell in check.cells + [check.digit] {
            let best = ranked[cell][0].probability
            for alternative in ranked[cell].dropFirst().prefix(3) where alternative.probability >= best * Self.runnerUpRatio {
                options.append((cell, alternative.character, log(Double(best) / Double(max(alternative.probability, 1e-12)))))
            }
        }
        let heldBefore = plan.checks.filter { holds($0, characters) }
        var best: (changes: [(Int, UInt8)], cost: Double)?
        func consider(_ changes: [(cell: Int, character: UInt8, cost: Double)]) {
            let cost = changes.reduce(0) { $0 + $1.cost }
            guard cost < (best?.cost ?? .infinity) else { return }
            var trial = characters
            for change in changes { trial[change.cell] = change.character }
            guard holds(check, trial), heldBefore.allSatisfy({ holds($0, trial) }) else { return }
            best = (changes.map { ($0.cell, $0.character) }, cost)
        }
        for (i, first) in options.enumerated() {
            consider([first])
            guard Self.maximumChanges > 1 else { continue }
            for second in options[(i + 1)...] where second.cell != first.cell { consider([first, second]) }
        }
        return best?.changes
    }
}
