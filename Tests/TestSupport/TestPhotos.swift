import Foundation

/// Document photos drawn by `scripts/make-image-fixtures`: a 1280 × 800 card on a desk, sharp,
/// out of focus, and with a reflection across it; and by `scripts/make-mrz-photos --fixtures`:
/// a passport photographed tilted (its zone in `passportZone`) and a utility bill.
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
    public static func passport() throws -> [UInt8] { try bytes("passport.jpg") }
    public static func bill() throws -> [UInt8] { try bytes("bill.jpg") }

    /// What `passport()` shows (Tests/MRZReadingTests/Fixtures/labels.jsonl, `td3-rotated.jpg`).
    public static let passportZone = "P<GBROESTERGAARD<<NIA<<<<<<<<<<<<<<<<<<<<<<<\n92892338A4GBR9009224F3309232<<<<<<<<<<<<<<02"
}
