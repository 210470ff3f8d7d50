import Base
import Verification

/// Zones from ICAO Doc 9303 and helpers to alter them while keeping the other check digits right.
enum MRZFixtures {
    static let today = CivilDate(year: 2026, month: 6, day: 1)!

    /// Doc 9303 Part 5 specimen identity card.
    static let td1 = [
        "I<UTOD231458907<<<<<<<<<<<<<<<",
        "7408122F1204159UTO<<<<<<<<<<<6",
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    ]

    /// The same holder on a TD2 card, check digits computed by hand.
    static let td2 = [
        "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
        "D231458907UTO7408122F1204159<<<<<<<6",
    ]

    /// Doc 9303 Part 4 specimen passport.
    static let td3 = [
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ]

    static func parse(_ lines: [String], today: CivilDate = today) -> MRZResult {
        MRZ.parse(lines.joined(separator: "\n"), today: today)
    }

    static func checkDigit(_ text: String) -> Character {
        Character(String(MRZ.checkDigit(text.utf8)))
    }

    /// `lines` with the character at 1-based `line`, `column` replaced.
    static func replacing(_ lines: [String], line: Int, column: Int, with character: Character) -> [String] {
        var result = lines
        var characters = Array(result[line - 1])
        characters[column - 1] = character
        result[line - 1] = String(characters)
        return result
    }

    /// `lines` with the text starting at 1-based `line`, `column` overwritten by `text`.
    static func writing(_ text: String, into lines: [String], line: Int, column: Int) -> [String] {
        var result = lines
        for (index, character) in text.enumerated() {
            result = replacing(result, line: line, column: column + index, with: character)
        }
        return result
    }

    /// `lines` with the digit at `line`, `column` changed to the next one.
    static func corruptingDigit(_ lines: [String], line: Int, column: Int) -> [String] {
        let digit = Array(lines[line - 1])[column - 1].wholeNumberValue!
        return replacing(lines, line: line, column: column, with: Character(String((digit + 1) % 10)))
    }

    /// `lines` with a correct composite check digit, so a test can break exactly one other check.
    static func withCompositeRecomputed(_ lines: [String]) -> [String] {
        func slice(_ line: Int, _ columns: ClosedRange<Int>) -> String {
            String(Array(lines[line - 1])[(columns.lowerBound - 1)...(columns.upperBound - 1)])
        }
        switch lines[0].count {
        case 30:
            let covered = slice(1, 6...30) + slice(2, 1...7) + slice(2, 9...15) + slice(2, 19...29)
            return replacing(lines, line: 2, column: 30, with: checkDigit(covered))
        default:
            let length = lines[0].count
            let covered = slice(2, 1...10) + slice(2, 14...20) + slice(2, 22...(length - 1))
            return replacing(lines, line: 2, column: length, with: checkDigit(covered))
        }
    }

    /// The specimen passport with other dates, every check digit made right.
    static func td3(birth: String = "740812", expiry: String = "120415") -> [String] {
        var lines = writing(birth + String(checkDigit(birth)), into: td3, line: 2, column: 14)
        lines = writing(expiry + String(checkDigit(expiry)), into: lines, line: 2, column: 22)
        return withCompositeRecomputed(lines)
    }
}
