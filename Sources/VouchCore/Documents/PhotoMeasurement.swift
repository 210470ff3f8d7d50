import ImageAnalysis
import ImageDecoding
import Verification

/// Decodes a document photo and measures what the photo-quality check compares with the
/// tenant's thresholds. Runs where the document check runs, on the background executor's
/// threads: decoding and measuring are CPU work that must not hold a cooperative thread.
enum PhotoMeasurement {
    /// Nil when the document type is not judged by its photo; `.undecodable` when its pixels
    /// do not decode (a PDF scan among them: the checks judge no PDF as a photo).
    static func reading(of bytes: [UInt8], documentType: String) -> PhotoReading? {
        guard DocumentChecker.photoTypes.contains(documentType) else { return nil }
        guard let image = try? ImageDecoder.decode(bytes, channels: .grey, side: ImageQuality.measuringSide) else {
            return .undecodable
        }
        let figures = ImageQuality.measure(image)
        return .measured(sharpness: figures.sharpness, glare: figures.glare)
    }
}
