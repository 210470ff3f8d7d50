import Foundation
import Testing
import Verification

@testable import VouchCore

/// The in-memory face index's scan against a plain one, on random descriptors.
@Suite struct FaceIndexTests {
    static func random(_ generator: inout some RandomNumberGenerator) -> [Float] {
        (0..<FaceIndex.dimensions).map { _ in Float.random(in: -0.2...0.2, using: &generator) }
    }

    @Test func theScanFindsWhatAPlainScanFinds() {
        var generator = SystemRandomNumberGenerator()
        var faces = FaceIndex.Faces()
        var stored: [(ApplicantID, [Float])] = []
        for _ in 0..<500 {
            let (applicant, descriptor) = (ApplicantID.generate(), Self.random(&generator))
            faces.add(applicant, DocumentID.generate(), descriptor)
            stored.append((applicant, descriptor))
        }
        for _ in 0..<8 {
            let query = Self.random(&generator)
            let expected = stored.enumerated().min {
                FaceComparison.distance(query, $0.element.1) < FaceComparison.distance(query, $1.element.1)
            }!
            let found = FaceIndex.closest(to: query, in: faces, within: 100, excluding: ApplicantID.generate())
            #expect(found?.index == expected.offset)
            #expect(abs((found?.distance ?? 0) - FaceComparison.distance(query, expected.element.1)) < 1e-4)
            // The asker's own face is never its duplicate; nothing beyond the limit is.
            let other = FaceIndex.closest(to: query, in: faces, within: 100, excluding: expected.element.0)
            #expect(other != nil && other?.index != expected.offset)
            #expect(
                FaceIndex.closest(to: query, in: faces, within: (found?.distance ?? 0) * 0.99, excluding: ApplicantID.generate()) == nil
            )
        }
    }

    @Test func aFaceIsIndexedOnceAndOnlyWithTheRightLength() {
        var faces = FaceIndex.Faces()
        let document = DocumentID.generate()
        faces.add(ApplicantID.generate(), document, [Float](repeating: 0, count: 128))
        faces.add(ApplicantID.generate(), document, [Float](repeating: 0, count: 128))
        faces.add(ApplicantID.generate(), DocumentID.generate(), [Float](repeating: 0, count: 64))
        #expect(faces.count == 1)
    }
}
