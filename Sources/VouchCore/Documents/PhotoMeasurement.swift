import ImageAnalysis
import ImageDecoding
import Verification

/// Decodes a document photo and measures what the photo-quality check compares with the
/// tenant's thresholds. Runs where the document check runs, on the background executor's
/// threads: decoding and measuring are CPU work that must not hold a cooperative thread.
enum PhotoMeasurement {
    /// Nil when the document type is not judged by its photo or the file is not an image (a
    /// PDF scan); `.undecodable` with the decoder's reason when its pixels do not decode.
    static func reading(of bytes: [UInt8], documentType: String) -> PhotoReading? {
        guard DocumentChecker.photoTypes.contains(documentType), ImageFormat.sniff(bytes) != nil else { return nil }
        do {
            let image = try ImageDecoder.decode(bytes, channels: .grey, side: ImageQuality.measuringSide)
            let figures = ImageQuality.measure(image)
            return .measured(sharpness: figures.sharpness, glare: figures.glare)
        } catch {
            // Typed: the decoder throws only `ImageDecodingError`.
            return .undecodable(error.code.rawValue)
        }
    }
}
