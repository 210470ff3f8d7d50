import ArgumentParser
import Base
import Foundation
import Verification

/// `vouch-bench verification`: the verification library's own speed, with no database, HTTP or
/// job queue around it, so a slowdown can be placed in the library or outside it.
///
/// Each workload runs on one thread for `--seconds`. Copying the uploaded file once is measured in
/// the same run as the baseline, so document checks can be stated relative to a memory copy of the
/// file on whatever machine runs this.
struct BenchVerification: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verification",
        abstract: "Measure the verification library alone"
    )

    @Option(help: "Seconds to spend on each workload.")
    var seconds: Double = 2

    @Flag(help: "Print the results as JSON.")
    var json = false

    func validate() throws {
        guard seconds > 0, seconds <= 3600 else { throw ValidationError("--seconds must be more than 0 and at most 3600") }
    }

    func run() throws {
        let workloads = try VerificationBenchWorkloads()
        let budget = Duration.milliseconds(Int64((seconds * 1000).rounded()))
        let baseline = VerificationBenchTimer.measure(for: budget) { blackHole(workloads.copyFile()) }
        let results = [
            VerificationBenchResult(name: "copy_2mib", label: "copy 2 MiB file (baseline)", run: baseline, baseline: baseline),
            VerificationBenchResult(
                name: "document_check",
                label: "document check (2 MiB JPEG, TD1)",
                run: VerificationBenchTimer.measure(for: budget) { blackHole(workloads.checkDocument()) },
                baseline: baseline
            ),
            VerificationBenchResult(
                name: "mrz_parse_td3",
                label: "MRZ parse (TD3 specimen)",
                run: VerificationBenchTimer.measure(for: budget) { blackHole(workloads.parseZone()) }
            ),
            VerificationBenchResult(
                name: "decision_20_custom_rules",
                label: "decision (defaults + 20 rules)",
                run: VerificationBenchTimer.measure(for: budget) { blackHole(workloads.decide()) }
            ),
        ]
        if json {
            print(try VerificationBenchReport(secondsPerWorkload: seconds, results: results).encoded())
        } else {
            print(VerificationBenchReport(secondsPerWorkload: seconds, results: results).table())
        }
    }
}

/// Keeps a result alive: the optimiser may delete work whose value nobody reads, and an empty
/// function it can see into would not stop it.
@_optimize(none)
private func blackHole<T>(_ value: T) {}

// MARK: timing

/// How many times a workload ran and for how long.
private struct VerificationBenchRun {
    var operations: Int
    var elapsed: Duration

    var seconds: Double {
        let parts = elapsed.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}

private enum VerificationBenchTimer {
    /// Runs `body` in batches that double until one takes a few milliseconds, so reading the clock
    /// costs nothing next to the work, and stops once `budget` has passed.
    static func measure(for budget: Duration, _ body: () -> Void) -> VerificationBenchRun {
        let clock = ContinuousClock()
        // Warm caches, the allocator and lazily initialised tables before timing.
        let warmUpEnd = clock.now.advanced(by: budget / 10)
        while clock.now < warmUpEnd { body() }
        var batch = 1
        var operations = 0
        let start = clock.now
        var elapsed = Duration.zero
        while elapsed < budget {
            let batchStart = clock.now
            for _ in 0..<batch { body() }
            let now = clock.now
            operations += batch
            elapsed = now - start
            if now - batchStart < .milliseconds(5) { batch *= 2 }
        }
        return VerificationBenchRun(operations: operations, elapsed: elapsed)
    }
}

// MARK: workloads

/// The inputs, built once and checked to take the full path through the code, so a benchmark
/// never measures an early exit by mistake.
private struct VerificationBenchWorkloads {
    static let today = CivilDate(year: 2026, month: 6, day: 1)!
    /// The passport specimen of ICAO Doc 9303 Part 4.
    static let passportZone = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"

    let document: DocumentCheckInput
    let documentRules = RuleSet()
    let signals: DecisionSignals
    let decisionRules: RuleSet

    init() throws {
        let profile = ProfileFacts(
            firstName: "Alex Jamie",
            lastName: "Morgan",
            dateOfBirth: CivilDate(year: 1990, month: 2, day: 15),
            nationality: "GB"
        )
        document = DocumentCheckInput(
            type: "ID_FRONT",
            bytes: VerificationBenchFiles.jpeg(width: 1600, height: 1000, totalSize: 2 << 20),
            mrz: VerificationBenchFiles.identityCardZone(),
            fields: [:],
            profile: profile,
            today: Self.today
        )
        signals = VerificationBenchRules.applicant()
        do {
            decisionRules = try RuleSet(json: VerificationBenchRules.document)
        } catch {
            throw ValidationError("benchmark rule set is invalid: \(error.issues.map(\.description).joined(separator: "; "))")
        }
        try confirmFullPaths()
    }

    private func confirmFullPaths() throws {
        let report = checkDocument()
        guard report.checks.count == 8, report.checks.allSatisfy({ $0.outcome == .pass }) else {
            throw ValidationError("benchmark document does not pass every check: \(report.checks)")
        }
        guard parseZone().isValid else { throw ValidationError("benchmark passport zone does not validate") }
        guard decisionRules.customRules.count == 20, decide().verdict == .verified else {
            throw ValidationError("benchmark applicant is not verified under the benchmark rules")
        }
    }

    func copyFile() -> [UInt8] {
        // `Array(bytes)` would share the buffer; copying through a pointer is the memcpy it stands for.
        document.bytes.withUnsafeBufferPointer { Array($0) }
    }

    func checkDocument() -> DocumentCheckReport { DocumentChecker.check(document, rules: documentRules) }

    func parseZone() -> MRZResult { MRZ.parse(Self.passportZone, today: Self.today) }

    func decide() -> Decision { DecisionEngine.decide(signals, rules: decisionRules) }
}

/// A photographed identity card: a JPEG with real headers and an EXIF block, and the card's zone.
private enum VerificationBenchFiles {
    /// SOI, JFIF, EXIF (camera make, model and software), DQT, SOF0, DHT, SOS, entropy-coded-like
    /// bytes up to `totalSize`, EOI.
    static func jpeg(width: Int, height: Int, totalSize: Int) -> [UInt8] {
        var bytes: [UInt8] = [0xFF, 0xD8]
        bytes += segment(0xE0, Array("JFIF".utf8) + [0, 1, 2, 0, 0, 72, 0, 72, 0, 0])
        bytes += segment(0xE1, Array("Exif".utf8) + [0, 0] + exif(["BenchCam", "BC-1", "BenchCam Firmware 3.1"]))
        bytes += segment(0xDB, [0] + (1...64).map { UInt8($0) })
        bytes += segment(0xC0, [8] + bigEndian16(height) + bigEndian16(width) + [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1])
        bytes += segment(0xC4, [0x00] + [UInt8](repeating: 1, count: 16) + (0..<16).map { UInt8($0) })
        bytes += segment(0xDA, [3, 1, 0x00, 2, 0x11, 3, 0x11, 0x00, 0x3F, 0x00])
        bytes += scanData(count: totalSize - bytes.count - 2)
        bytes += [0xFF, 0xD9]
        return bytes
    }

    static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [0xFF, marker] + bigEndian16(payload.count + 2) + payload
    }

    static func bigEndian16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }

    static func littleEndian16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }

    static func littleEndian32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(value >> (8 * $0) & 0xFF) } }

    /// A little-endian TIFF block whose first directory holds Make, Model and Software, in that order.
    static func exif(_ values: [String]) -> [UInt8] {
        let tags = [0x010F, 0x0110, 0x0131]
        var directory = littleEndian16(values.count)
        var strings: [UInt8] = []
        let stringsStart = 8 + 2 + 12 * values.count + 4
        for (tag, value) in zip(tags, values) {
            let text = Array(value.utf8) + [0]
            directory += littleEndian16(tag) + littleEndian16(2) + littleEndian32(text.count) + littleEndian32(stringsStart + strings.count)
            strings += text
        }
        return Array("II".utf8) + littleEndian16(42) + littleEndian32(8) + directory + littleEndian32(0) + strings
    }

    /// Pseudo-random bytes with every 0xFF followed by a stuffed 0x00, as in a real scan.
    static func scanData(count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        while bytes.count < count {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            let byte = UInt8(truncatingIfNeeded: state)
            if byte == 0xFF {
                guard bytes.count + 2 <= count else { break }
                bytes += [0xFF, 0x00]
            } else {
                bytes.append(byte)
            }
        }
        while bytes.count < count { bytes.append(0) }
        return bytes
    }

    /// A TD1 card for Alex Jamie Morgan with every check digit computed.
    static func identityCardZone() -> String {
        let number = "BX1234567"
        let optional1 = String(repeating: "<", count: 15)
        let line1 = "I<GBR" + number + digit(number) + optional1
        let birth = "900215"
        let expiry = "340101"
        let optional2 = String(repeating: "<", count: 11)
        let body = birth + digit(birth) + "F" + expiry + digit(expiry) + "GBR" + optional2
        let composite = digit(String(line1.dropFirst(5)) + birth + digit(birth) + expiry + digit(expiry) + optional2)
        let line3 = "MORGAN<<ALEX<JAMIE" + String(repeating: "<", count: 12)
        return [line1, body + composite, line3].joined(separator: "\n")
    }

    static func digit(_ text: String) -> String { String(MRZ.checkDigit(text.utf8)) }
}

/// A merchant's rule set exercising most JSONLogic operators, and an applicant it verifies.
private enum VerificationBenchRules {
    static func applicant() -> DecisionSignals {
        var signals = DecisionSignals()
        signals.age = 34
        signals.country = "GBR"
        signals.residence = "IRL"
        signals.nameScore = 0.97
        signals.mrzValid = true
        signals.documentCode = "P"
        signals.issuingCountry = "GBR"
        signals.daysToExpiry = 1500
        signals.birthDateMatches = true
        signals.documentStatuses = ["ID_FRONT": "VERIFIED", "ID_BACK": "VERIFIED", "PROOF_OF_ADDRESS": "VERIFIED", "SELFIE": "VERIFIED"]
        signals.proofOfAddressAgeDays = 20
        signals.screeningStatus = "clear"
        signals.screeningTopScore = 0.12
        signals.regulatorStatus = "match"
        return signals
    }

    static func rule(_ id: String, _ when: JSONValue, _ action: String = "review", points: Double = 0) -> JSONValue {
        ["id": .string(id), "when": when, "action": .string(action), "risk_points": .number(points)]
    }

    static let document: JSONValue = [
        "custom_rules": [
            rule("young", ["<": [["var": "age"], 21]], points: 5),
            rule("high-risk-country", ["in": [["var": "country"], ["PRK", "IRN", "SYR", "CUB"]]], "reject"),
            rule("lives-abroad", ["!=": [["var": "country"], ["var": "residence"]]], "ignore", points: 5),
            rule("weak-name", ["and": [["!==": [["var": "name_score"], nil]], ["<": [["var": "name_score"], 0.9]]]]),
            rule("expiring", ["<=": [["var": "doc.days_to_expiry"], 60]]),
            rule("stale-address", [">": [["var": "proof_of_address.age_days"], 60]]),
            rule("near-miss", ["and": [["==": [["var": "screening.status"], "hit"]], [">=": [["var": "screening.top_score"], 0.5]]]]),
            rule(
                "unusual-document",
                ["if": [["==": [["var": "doc.type"], "P"]], false, ["in": [["var": "doc.type"], ["I", "ID", "AC"]]], false, true]]
            ),
            rule("duplicate", ["var": "duplicate.any"], "reject"),
            rule("risky-and-young", ["and": [[">": [["var": "risk_score"], 30]], ["<": [["var": "age"], 25]]]]),
            rule("neighbour", ["some": [["merge": [["var": "country"], ["var": "residence"]]], ["in": [["var": ""], ["RUS", "BLR"]]]]]),
            rule(
                "rejected-document",
                ["!": [["none": [[["var": "documents.ID_FRONT"], ["var": "documents.SELFIE"]], ["==": [["var": ""], "REJECTED"]]]]]],
                "reject"
            ),
            rule("senior", [">=": [["var": "age"], 90]]),
            rule(
                "edited-and-unsure",
                [
                    "or": [
                        ["and": [["var": "doc.tampering"], ["<": [["var": "name_score"], 0.95]]]],
                        ["==": [["var": "doc.birth_date_matches"], false]],
                    ]
                ],
                "reject"
            ),
            rule("regulator-slow", ["in": [["var": "regulator.status"], ["pending", "error"]]], "ignore"),
            rule("facts-missing", ["missing_some": [1, ["age", "country"]]]),
            rule("score-band", ["<": [40, ["var": "risk_score"], 60]]),
            rule("combined", [">": [["max": [["var": "screening.top_score"], ["/": [["var": "risk_score"], 100]]]], 0.8]]),
            rule("issuer-differs", ["!=": [["var": "doc.issuing_country"], ["var": "country"]]], "ignore"),
            rule(
                "address-and-risk",
                [">": [["+": [["var": "risk_score"], ["*": [["var": "proof_of_address.age_days"], 0.5]]]], ["cat": ["5", "0"]]]]
            ),
        ]
    ]
}

// MARK: report

/// One workload's outcome; the ratio is this workload's rate over the baseline's.
private struct VerificationBenchResult: Encodable {
    var name: String
    var label: String
    var operations: Int
    var seconds: Double
    var ratioToBaseline: Double?

    init(name: String, label: String, run: VerificationBenchRun, baseline: VerificationBenchRun? = nil) {
        self.name = name
        self.label = label
        operations = run.operations
        seconds = run.seconds
        ratioToBaseline = baseline.map { (Double(run.operations) / run.seconds) / (Double($0.operations) / $0.seconds) }
    }

    var operationsPerSecond: Double { Double(operations) / seconds }
    var microsecondsPerOperation: Double { seconds * 1e6 / Double(operations) }

    enum CodingKeys: String, CodingKey {
        case name, operations, seconds
        case operationsPerSecond = "ops_per_second"
        case microsecondsPerOperation = "us_per_op"
        case ratioToBaseline = "ratio_to_baseline"
    }

    /// Every key always present, the ratio as null where a file copy is no yardstick.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(operations, forKey: .operations)
        try container.encode(seconds, forKey: .seconds)
        try container.encode(operationsPerSecond, forKey: .operationsPerSecond)
        try container.encode(microsecondsPerOperation, forKey: .microsecondsPerOperation)
        try container.encode(ratioToBaseline, forKey: .ratioToBaseline)
    }
}

private struct VerificationBenchReport: Encodable {
    var secondsPerWorkload: Double
    var threads = 1
    var baseline = "copy_2mib"
    var results: [VerificationBenchResult]

    enum CodingKeys: String, CodingKey {
        case secondsPerWorkload = "seconds_per_workload"
        case threads, baseline, results
    }

    func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    func table() -> String {
        let header = ["workload", "ops/s", "µs/op", "× baseline"]
        let rows = results.map { result in
            [
                result.label, String(format: "%.0f", result.operationsPerSecond), String(format: "%.3f", result.microsecondsPerOperation),
                result.ratioToBaseline.map { String(format: "%.2f", $0) } ?? "-",
            ]
        }
        let widths = (0..<header.count).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }
            .joined(separator: "  ")
        }
        let note = "one thread, \(String(format: "%g", secondsPerWorkload)) s per workload; × baseline = ops/s over copies/s of the file"
        return ([note, line(header)] + rows.map(line)).joined(separator: "\n")
    }
}
