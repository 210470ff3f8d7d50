import Base
import ImageAnalysis
import ImageDecoding
import MRZReading
import Verification

/// Decodes a document photo and measures what the photo checks compare with the tenant's
/// thresholds, and reads an identity document's machine readable zone. Runs where the document
/// check runs, on the background executor's threads: decoding, measuring and reading are CPU
/// work that must not hold a cooperative thread.
public enum PhotoMeasurement {
    struct Outcome: Sendable {
        /// Nil when the document type is not judged by its photo; `.undecodable` when its pixels
        /// do not decode (a PDF scan among them: the checks judge no PDF as a photo).
        var photo: PhotoReading?
        /// Nil when no zone was looked for (not an identity document, or pixels that do not decode).
        var zone: PhotoZone?
    }

    static func measure(_ bytes: [UInt8], documentType: String, today: CivilDate) -> Outcome {
        guard DocumentChecker.photoTypes.contains(documentType) else { return Outcome() }
        let readsZone = documentType == "ID_FRONT" || documentType == "ID_BACK"
        let side = readsZone ? MRZReader.workingSide : ImageQuality.measuringSide
        guard let image = try? ImageDecoder.decode(bytes, channels: .grey, side: side) else {
            return Outcome(photo: .undecodable)
        }
        let reading = readsZone ? MRZReader.read(image, today: today) : nil
        let figures = quality(of: image, reading: reading)
        return Outcome(photo: .measured(sharpness: figures.sharpness, glare: figures.glare), zone: reading.map(zone))
    }

    /// The photo's sharpness and glare as the checks judge them (and `vouch mrz read` reports).
    /// Where a zone was found, glare is judged over its text: white paper elsewhere in the photo
    /// is not a reflection, and the text is what must stay readable.
    public static func quality(of image: DecodedImage, reading: MRZReading?) -> (sharpness: Double, glare: Double) {
        let figures = ImageQuality.measure(image.fitting(side: ImageQuality.measuringSide))
        return (figures.sharpness, reading?.zoneGlare ?? figures.glare)
    }

    /// What the checks need of a reading: the text only when it is to be trusted.
    static func zone(_ reading: MRZReading) -> PhotoZone {
        guard reading.found else { return .notFound(cropped: reading.cropped) }
        guard reading.valid else { return .unreadable(pitch: reading.pitch ?? 0) }
        return .read(
            text: reading.lines.joined(separator: "\n"),
            confidences: reading.fieldConfidences.mapValues(Double.init),
            pitch: reading.pitch ?? 0
        )
    }
}
