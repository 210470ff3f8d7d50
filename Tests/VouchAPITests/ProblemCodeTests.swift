import Foundation
import Testing

@testable import VouchAPI

/// The problem codes are a contract: the table in `openapi.yaml` and `ProblemCode` must list the
/// same codes with the same statuses.
@Suite("Problem codes")
struct ProblemCodeTests {
    /// Codes the server defines but never answers over the documented HTTP surface.
    static let undocumented: [ProblemCode: String] = [
        .invalidPlan: "raised by operator plan commands only"
    ]

    static func spec() throws -> String {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("openapi.yaml")
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// `| 409 | `review_closed` | …` rows of the error table in the spec's description.
    static func documentedCodes() throws -> [String: Int] {
        let text = try spec()
        var codes: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard cells.count >= 3, let status = Int(cells[0]), cells[1].hasPrefix("`"), cells[1].hasSuffix("`") else { continue }
            codes[String(cells[1].dropFirst().dropLast())] = status
        }
        return codes
    }

    @Test("every documented code is defined, with the documented status")
    func documentedAreDefined() throws {
        let documented = try Self.documentedCodes()
        #expect(documented.count > 30, "the error table was not found in openapi.yaml")
        for (code, status) in documented {
            let defined = ProblemCode(rawValue: code)
            #expect(defined != nil, "`\(code)` is documented but not defined")
            #expect(defined?.status.code == status, "`\(code)` is documented as \(status)")
        }
    }

    @Test("every problem type in the spec's examples is a defined code")
    func examplesAreDefined() throws {
        let prefix = "https://vouch.dev/errors/"
        let text = try Self.spec()
        var found = 0
        var rest = text[...]
        while let range = rest.range(of: prefix) {
            let code = rest[range.upperBound...].prefix { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
            rest = rest[range.upperBound...]
            // The spec's description of the member itself: `https://vouch.dev/errors/<code>`.
            if code.isEmpty { continue }
            #expect(ProblemCode(rawValue: String(code)) != nil, "`\(code)` appears in an example but is not defined")
            found += 1
        }
        #expect(found > 10)
    }

    @Test("every defined code is documented, but those never answered over HTTP")
    func definedAreDocumented() throws {
        let documented = try Self.documentedCodes()
        for code in ProblemCode.allCases where Self.undocumented[code] == nil {
            #expect(documented[code.rawValue] != nil, "`\(code.rawValue)` is not in openapi.yaml's error table")
        }
        for code in Self.undocumented.keys {
            #expect(documented[code.rawValue] == nil, "`\(code.rawValue)` is documented now: drop it from `undocumented`")
        }
    }

    @Test("every code is snake_case and every problem takes its status and title from its code")
    func table() {
        for code in ProblemCode.allCases {
            #expect(code.rawValue.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLowercase || $0.isNumber)) }, "\(code.rawValue)")
            let error = APIError(code, detail: "d")
            #expect(error.code == code.rawValue && error.status == code.status && error.title == code.title)
            #expect(error.problemCode == code)
        }
        #expect(Set(ProblemCode.allCases.map(\.title)).count == ProblemCode.allCases.count, "titles are distinct")
    }
}
