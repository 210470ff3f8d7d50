import Foundation

/// Document photos drawn by `scripts/make-image-fixtures`: a 1280 × 800 card on a desk, sharp,
/// out of focus, and with a reflection across it.
public enum TestPhotos {
    public static func bytes(_ name: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: "Photos/\(name)", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile)
        }
        return Array(try Data(contentsOf: url))
    }

    public static func sharp() throws -> [UInt8] { try bytes("document-sharp.jpg") }
    public static func blurry() throws -> [UInt8] { try bytes("document-blurry.jpg") }
    public static func glare() throws -> [UInt8] { try bytes("document-glare.jpg") }
}
