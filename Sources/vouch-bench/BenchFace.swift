import ArgumentParser
import Crypto
import FaceRecognition
import Foundation
import ImageDecoding
import Verification
import VouchCore

/// `vouch-bench face`: the face check's parts on this machine. Per photo on one inference thread:
/// detection and description (landmarks, alignment, descriptor), beside decoding the same JPEG (the
/// baseline, measured in the same run); analyses per second with one thread and with two; and the
/// duplicate search over a tenant's sealed faces, beside a plain scan of the same descriptors.
struct BenchFace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "face", abstract: "Measure the face check")

    @Option(help: "The folder holding dlib's model files.")
    var models: String

    @Option(help: "A folder of photos with faces (JPEG or PNG).")
    var photos: String

    @Option(help: "Times each photo is analysed on one thread.")
    var rounds = 10

    @Option(parsing: .upToNextOption, help: "Stored faces to search, one figure per count.")
    var faces: [Int] = [100_000, 1_000_000]

    func run() async throws {
        let loaded = try FaceModels.load(directory: models)
        let files = try FileManager.default.contentsOfDirectory(atPath: photos).filter { $0.hasSuffix(".jpg") || $0.hasSuffix(".png") }
            .sorted()
        let bytes = try files.map { [UInt8](try Data(contentsOf: URL(fileURLWithPath: photos).appendingPathComponent($0))) }
        let images = try bytes.map { try ImageDecoder.decode($0) }
        print("photos: \(files.count) (\(images.map { "\($0.width)x\($0.height)" }.joined(separator: ", ")))")

        let one = FaceEngine(models: loaded, threads: 1)
        var decode: [Double] = []
        var detection: [Double] = []
        var description: [Double] = []
        for image in images { _ = try await one.analyze(image) }  // warm-up: first touches of the models
        for _ in 0..<max(1, rounds) {
            for (index, image) in images.enumerated() {
                let started = ContinuousClock.now
                _ = try ImageDecoder.decode(bytes[index])
                decode.append(Self.milliseconds(ContinuousClock.now - started))
                let analysis = try await one.analyze(image)
                detection.append(Self.milliseconds(analysis.detectionTime))
                if analysis.face != nil { description.append(Self.milliseconds(analysis.descriptionTime)) }
            }
        }
        let base = Self.percentile(decode, 0.5)
        for (name, values) in [("decode JPEG (baseline)", decode), ("detection", detection), ("landmarks + descriptor", description)] {
            let p50 = Self.percentile(values, 0.5)
            print(
                String(
                    format: "%-26@ p50 %7.1f ms  p99 %7.1f ms  (%.2fx decode)",
                    name as NSString,
                    p50,
                    Self.percentile(values, 0.99),
                    p50 / base
                )
            )
        }

        let work = Array(repeating: images, count: 8).flatMap { $0 }
        let perSecondOne = try await Self.throughput(one, work)
        let perSecondTwo = try await Self.throughput(FaceEngine(models: loaded, threads: 2), work)
        print(
            String(
                format: "analyses per second: one thread %.1f, two threads %.1f (%.2fx)",
                perSecondOne,
                perSecondTwo,
                perSecondTwo / perSecondOne
            )
        )

        // Before the search, whose stored faces are the benchmark's own: the models (four copies:
        // the loaded set and one per inference thread of the two engines) and the photos.
        print("peak memory with the models and photos (VmHWM): \(Self.peakMemory())")
        for count in faces { try search(count) }
    }

    /// The duplicate search over `count` stored faces of one tenant: the index's scan (opened
    /// faces in memory, 32-bit floats, eight lanes at a time) against the way it was done before
    /// the index (open each sealed face, then measure), and against a plain scan in doubles.
    func search(_ count: Int) throws {
        let key = SymmetricKey(size: .bits256)
        let tenant = TenantID.generate()
        var generator = SystemRandomNumberGenerator()
        let query = (0..<128).map { _ in Float.random(in: -0.2...0.2, using: &generator) }
        var index = FaceIndex.Faces()
        var plain: [[Float]] = []
        var sealed: [(DocumentID, [UInt8])] = []
        for _ in 0..<count {
            let descriptor = (0..<128).map { _ in Float.random(in: -0.2...0.2, using: &generator) }
            let document = DocumentID.generate()
            plain.append(descriptor)
            index.add(ApplicantID.generate(), document, descriptor)
            sealed.append(
                (
                    document,
                    try Keyring.sealFaceDescriptor(FaceDescriptorCoding.encode(descriptor), with: key, tenant: tenant, document: document)
                )
            )
        }
        var scan: [Double] = []
        var opened: [Double] = []
        var indexed: [Double] = []
        let someone = ApplicantID.generate()
        for _ in 0..<5 {
            var started = ContinuousClock.now
            var best = Double.infinity
            for descriptor in plain { best = min(best, FaceComparison.distance(query, descriptor)) }
            scan.append(Self.milliseconds(ContinuousClock.now - started))
            started = ContinuousClock.now
            var bestOpened = Double.infinity
            for (document, box) in sealed {
                let bytes = try Keyring.openFaceDescriptor(box, with: key, tenant: tenant, document: document)
                bestOpened = min(bestOpened, FaceComparison.distance(query, FaceDescriptorCoding.decode(bytes)))
            }
            opened.append(Self.milliseconds(ContinuousClock.now - started))
            started = ContinuousClock.now
            let found = FaceIndex.closest(to: query, in: index, within: 10, excluding: someone)
            indexed.append(Self.milliseconds(ContinuousClock.now - started))
            precondition(best == bestOpened && abs((found?.distance ?? 0) - best) < 1e-4, "every scan finds the same nearest face")
        }
        let (plainMs, openedMs, indexMs) = (Self.percentile(scan, 0.5), Self.percentile(opened, 0.5), Self.percentile(indexed, 0.5))
        print(
            String(
                format:
                    "search %d faces (median of 5): plain scan %.1f ms (baseline); open each + scan %.1f ms (%.1fx); index %.1f ms p99 %.1f (%.2fx)",
                count,
                plainMs,
                openedMs,
                openedMs / plainMs,
                indexMs,
                Self.percentile(indexed, 0.99),
                indexMs / plainMs
            )
        )
    }

    static func throughput(_ engine: FaceEngine, _ images: [DecodedImage]) async throws -> Double {
        let started = ContinuousClock.now
        // In waves the engine's line holds (it refuses more than `maximumWaiting`).
        for wave in stride(from: 0, to: images.count, by: engine.maximumWaiting / 2) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for image in images[wave..<min(images.count, wave + engine.maximumWaiting / 2)] {
                    group.addTask { _ = try await engine.analyze(image) }
                }
                try await group.waitForAll()
            }
        }
        return Double(images.count) / (milliseconds(ContinuousClock.now - started) / 1000)
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
    }

    static func peakMemory() -> String {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        return status.split(separator: "\n").first { $0.hasPrefix("VmHWM") }.map {
            String($0.dropFirst(6)).trimmingCharacters(in: .whitespaces)
        } ?? "?"
    }
}
