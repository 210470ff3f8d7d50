import FaceRecognition
import Foundation
import ImageDecoding
import Testing
import Verification

@Suite struct FaceAnalysisTests {
    static func descriptor(_ name: String) async throws -> [Float] {
        let analysis = try await FaceTestData.engine.analyze(try FaceTestData.image(name))
        return try #require(analysis.face, "a face in \(name)").descriptor
    }

    @Test func onePersonIsCloseAndAnotherIsFar() async throws {
        let obama = try await Self.descriptor("obama.jpg")
        for other in ["obama2.jpg", "obama3.jpg", "obama_partial_face2.jpg"] {
            #expect(FaceComparison.distance(obama, try await Self.descriptor(other)) < 0.5, "\(other)")
        }
        let biden = try await Self.descriptor("biden.jpg")
        for other in ["obama.jpg", "obama2.jpg", "obama3.jpg"] {
            #expect(FaceComparison.distance(biden, try await Self.descriptor(other)) > 0.7, "\(other)")
        }
    }

    @Test func aPhotoWithoutAFaceHasNone() async throws {
        let photo = try FaceTestData.image("obama.jpg")
        // The lower part of the photo: shoulders and background, no face.
        let below = photo.cropped(x: 0, y: photo.height * 2 / 3, width: photo.width, height: photo.height / 3)
        let analysis = try await FaceTestData.engine.analyze(below)
        #expect(analysis.face == nil)
        #expect(analysis.boxes.isEmpty)
        let blank = DecodedImage(width: 640, height: 480, channels: .rgb, pixels: [UInt8](repeating: 200, count: 640 * 480 * 3))
        #expect(try await FaceTestData.engine.analyze(blank).face == nil)
    }

    @Test func twoPeopleSideBySideAreTwoProminentFaces() async throws {
        let left = try FaceTestData.image("obama.jpg").fitting(side: 600)
        let right = try FaceTestData.image("biden.jpg").fitting(side: 600)
        let analysis = try await FaceTestData.engine.analyze(Self.sideBySide(left, right))
        #expect(analysis.boxes.count == 2)
        #expect(analysis.prominentFaces == 2)
    }

    @Test func aFaceCutByTheEdgeIsCropped() async throws {
        let analysis = try await FaceTestData.engine.analyze(try FaceTestData.image("obama_partial_face.jpg"))
        #expect(try #require(analysis.face).cropped)
        let whole = try await FaceTestData.engine.analyze(try FaceTestData.image("obama.jpg"))
        #expect(try #require(whole.face).cropped == false)
    }

    @Test func aTinyPhotoShowsNoUsableFace() async throws {
        let tiny = try FaceTestData.image("obama.jpg").fitting(side: 64)
        let analysis = try await FaceTestData.engine.analyze(tiny)
        #expect(analysis.face.map { $0.box.side < 40 } ?? true)
    }

    /// 20 megapixels: found on the small copy, described from a shrunk crop, the same person.
    @Test func aTwentyMegapixelPhotoIsReadFromSmallerCopies() async throws {
        let photo = try FaceTestData.image("obama.jpg")
        let (width, height) = (photo.width * 9 / 2, photo.height * 9 / 2)  // 4095 × 5116
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            let sourceRow = y * photo.height / height
            for x in 0..<width {
                let at = (sourceRow * photo.width + x * photo.width / width) * 3
                let to = (y * width + x) * 3
                pixels[to] = photo.pixels[at]
                pixels[to + 1] = photo.pixels[at + 1]
                pixels[to + 2] = photo.pixels[at + 2]
            }
        }
        let large = DecodedImage(width: width, height: height, channels: .rgb, pixels: pixels)
        let face = try #require(try await FaceTestData.engine.analyze(large).face)
        #expect(face.box.side > 500)
        #expect(FaceComparison.distance(face.descriptor, try await Self.descriptor("obama.jpg")) < 0.3)
    }

    @Test func greyPhotosAreReadToo() async throws {
        let colour = try await Self.descriptor("obama.jpg")
        let grey = try ImageDecoder.decode(try FaceTestData.bytes("obama.jpg"), channels: .grey)
        let face = try #require(try await FaceTestData.engine.analyze(grey).face)
        #expect(FaceComparison.distance(colour, face.descriptor) < 0.3)
    }

    @Test func blurLowersSharpness() async throws {
        let photo = try FaceTestData.image("obama.jpg")
        let sharp = try #require(try await FaceTestData.engine.analyze(photo).face).sharpness
        let blurred = try #require(try await FaceTestData.engine.analyze(Self.boxBlur(photo, radius: 6)).face).sharpness
        #expect(blurred < sharp / 4, "sharp \(sharp), blurred \(blurred)")
    }

    static func sideBySide(_ a: DecodedImage, _ b: DecodedImage) -> DecodedImage {
        let height = max(a.height, b.height)
        let width = a.width + b.width
        var pixels = [UInt8](repeating: 255, count: width * height * 3)
        for (image, offset) in [(a, 0), (b, a.width)] {
            for y in 0..<image.height {
                for x in 0..<image.width {
                    for c in 0..<3 { pixels[(y * width + offset + x) * 3 + c] = image[x, y, c] }
                }
            }
        }
        return DecodedImage(width: width, height: height, channels: .rgb, pixels: pixels)
    }

    /// A box blur along rows then columns.
    static func boxBlur(_ image: DecodedImage, radius: Int) -> DecodedImage {
        let (w, h, n) = (image.width, image.height, image.channels.rawValue)
        var pass = image.pixels
        for (along, across, step, lineStep) in [(w, h, n, w * n), (h, w, w * n, n)] {
            var out = pass
            for line in 0..<across {
                for c in 0..<n {
                    for i in 0..<along {
                        var sum = 0
                        var count = 0
                        for j in max(0, i - radius)...min(along - 1, i + radius) {
                            sum += Int(pass[line * lineStep + j * step + c])
                            count += 1
                        }
                        out[line * lineStep + i * step + c] = UInt8(sum / count)
                    }
                }
            }
            pass = out
        }
        return DecodedImage(width: w, height: h, channels: image.channels, pixels: pass)
    }
}

@Suite struct FaceModelFileTests {
    @Test func missingModelsAreAStartUpErrorThatNamesTheFile() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("face-models-\(UUID())")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect {
            _ = try FaceModels.load(directory: empty.path)
        } throws: { error in
            "\(error)".contains(FaceModels.landmarksFile)
        }
    }

    @Test func truncatedModelsAreAStartUpErrorNotACrash() throws {
        let source = URL(fileURLWithPath: FaceTestData.environment("VOUCH_FACE_MODELS_DIR"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("face-models-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in [FaceModels.landmarksFile, FaceModels.descriptorFile] {
            let whole = try Data(contentsOf: source.appendingPathComponent(file))
            try whole.prefix(whole.count / 3).write(to: folder.appendingPathComponent(file))
        }
        #expect(throws: FaceModels.LoadError.self) { _ = try FaceModels.load(directory: folder.path) }
    }
}
