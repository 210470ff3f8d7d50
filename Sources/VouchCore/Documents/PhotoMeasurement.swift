import Base
import ImageAnalysis
import ImageDecoding
import MRZReading
import Verification

/// Decodes a document photo and measures what the photo checks compare with the tenant's
/// thresholds, and reads an identity document's machine readable zone. Runs where the document
/// check runs, on the background executor's threads: decoding, measuring and reading are CPU
/// work that must not hold a cooperative thread.
enum PhotoMeasurement {
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
        let figures = ImageQuality.measure(image.fitting(side: ImageQuality.measuringSide))
        guard readsZone else { return Outcome(photo: .measured(sharpness: figures.sharpness, glare: figures.glare)) }
        let reading = MRZReader.read(GreyImage(image), today: today)
        // Where a zone was found, glare is judged over its text: white paper elsewhere in the
        // photo is not a reflection, and the text is what must stay readable.
        let glare = reading.zoneGlare ?? figures.glare
        return Outcome(photo: .measured(sharpness: figures.sharpness, glare: glare), zone: zone(reading))
    }

    /// What the checks need of a reading: the text only when it is to be trusted.
    static func zone(_ reading: MRZReading) -> PhotoZone {
        guard reading.found, let format = reading.format else { return .notFound(cropped: reading.cropped) }
        guard reading.valid else { return .unreadable(pitch: reading.pitch ?? 0) }
        let plan = MRZReadingPlan.of(format, isVisa: reading.lines.first?.first == "V")
        let confidences = Array(reading.characterConfidences.joined())
        let fields = plan.fields.mapValues { cells in Double(cells.map { confidences[$0] }.min() ?? 1) }
        return .read(text: reading.lines.joined(separator: "\n"), confidences: fields, pitch: reading.pitch ?? 0)
    }
}
