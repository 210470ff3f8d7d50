import ArgumentParser
import Base
import Foundation
import ImageDecoding
import MRZReading
import Verification
import VouchCore

/// `vouch mrz read`: reads the machine readable zone of document photos, as the document check
/// does, for support cases and the reading benchmark.
struct MRZCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mrz",
        abstract: "Read machine readable zones from document photos.",
        subcommands: [Read.self]
    )

    struct Read: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read each image file's MRZ; one JSON object a line with --json."
        )

        @Flag(help: "Print one JSON object a line: file, found, valid, format, lines, fields, confidence, quality, ms.")
        var json = false

        @Argument(help: "JPEG, PNG, WebP or HEIC files.")
        var files: [String]

        func run() throws {
            let today = CivilDate(unixSeconds: Date().timeIntervalSince1970)
            for file in files {
                let line = Self.report(file: file, today: today)
                if json {
                    let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys, .withoutEscapingSlashes])
                    print(String(decoding: data, as: UTF8.self))
                } else {
                    let lines = (line["lines"] as? [String] ?? []).joined(separator: " / ")
                    print(
                        "\(file): \(line["valid"] as? Bool == true ? "valid" : line["found"] as? Bool == true ? "INVALID" : "not found") \(lines)"
                    )
                }
            }
        }

        /// What one file reads to, timed from its bytes to the result.
        static func report(file: String, today: CivilDate) -> [String: Any] {
            let clock = ContinuousClock()
            let start = clock.now
            guard let data = FileManager.default.contents(atPath: file) else {
                return ["file": file, "found": false, "valid": false, "error": "file_unreadable"]
            }
            let image: DecodedImage
            do {
                image = try ImageDecoder.decode(Array(data), channels: .grey, side: MRZReader.workingSide)
            } catch {
                return ["file": file, "found": false, "valid": false, "error": error.code.rawValue]
            }
            let reading = MRZReader.read(image, today: today)
            let elapsed = clock.now - start
            let quality = PhotoMeasurement.quality(of: image, reading: reading)
            var line: [String: Any] = [
                "file": file, "found": reading.found, "valid": reading.valid, "lines": reading.lines,
                "confidence": Double(reading.confidence), "repaired": reading.repairedCharacters,
                "character_confidences": reading.characterConfidences.map { line in line.map { (Double($0) * 1000).rounded() / 1000 } },
                "quality": [
                    "width": image.width, "height": image.height, "sharpness": quality.sharpness, "glare": quality.glare,
                    "mrz_pitch": reading.pitch ?? 0,
                ],
                "ms": Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000,
            ]
            line["format"] = reading.format?.rawValue.uppercased()
            if reading.valid, let document = MRZ.parse(reading.lines.joined(separator: "\n"), today: today).document {
                line["fields"] = DocumentExtraction.values(of: document)
            }
            return line
        }
    }
}
