/// Reads a HEIF image's size from its item properties, walking boxes by their declared sizes.
///
/// The size lives in an `ispe` property under `meta`/`iprp`/`ipco`; the primary item (`pitm`) is
/// linked to its properties by `ipma`. When that link cannot be followed, the largest `ispe` is
/// taken, since thumbnails and grid tiles are never larger than the image. EXIF sits in an item
/// located through `iloc`, which is not followed, so HEIF reports carry no software.
enum HEICInspector {
    private static let meta = FourCC.code("meta")
    private static let itemProperties = FourCC.code("iprp")
    private static let propertyContainer = FourCC.code("ipco")
    private static let propertyAssociation = FourCC.code("ipma")
    private static let primaryItem = FourCC.code("pitm")
    private static let imageSpatialExtents = FourCC.code("ispe")

    static func inspect(_ bytes: [UInt8]) -> FileReport {
        var report = FileReport(fileType: .heic)
        let top = ISOBoxList(ByteWindow(bytes))
        // A box past the end may be a cut file or a wrong size; with no overall length, both are possible.
        report.isTruncated = top.overrunsEnd
        report.isCorrupt = top.overrunsEnd || top.isMalformed
        guard let metaContents = top.first(meta)?.fullBoxContents else { return report }
        let metaChildren = ISOBoxList(metaContents)
        let properties = metaChildren.first(itemProperties).map { ISOBoxList($0.payload) }
        let container = properties?.first(propertyContainer).map { ISOBoxList($0.payload) }
        if metaChildren.isDamaged || properties?.isDamaged == true || container?.isDamaged == true {
            report.isCorrupt = true
        }
        guard let properties, let container else { return report }
        let primaryProperties = metaChildren.first(primaryItem).flatMap(itemID(of:)).flatMap { item in
            properties.all(propertyAssociation).lazy.compactMap { propertyIndices(of: item, in: $0) }.first
        }
        if let size = imageSize(properties: container, primaryIndices: primaryProperties) {
            report.recordDimensions(width: size.width, height: size.height)
        }
        return report
    }

    /// The primary item's size, or the largest `ispe` when the primary's properties are unknown.
    private static func imageSize(properties: ISOBoxList, primaryIndices: [Int]?) -> (width: Int, height: Int)? {
        // Property indices are 1-based; 0 means "no property".
        for index in primaryIndices ?? [] {
            if let box = properties.box(at: index - 1), box.type == imageSpatialExtents, let size = spatialExtents(box) { return size }
        }
        var largest: (width: Int, height: Int)?
        for index in 0..<properties.count {
            guard let box = properties.box(at: index), box.type == imageSpatialExtents, let size = spatialExtents(box) else { continue }
            if let current = largest, Double(current.width) * Double(current.height) >= Double(size.width) * Double(size.height) {
                continue
            }
            largest = size
        }
        return largest
    }

    /// `ispe`: version and flags, then 32-bit width and height.
    private static func spatialExtents(_ box: ISOBox) -> (width: Int, height: Int)? {
        guard let contents = box.fullBoxContents, let width = contents.uint32(at: 0, .bigEndian),
            let height = contents.uint32(at: 4, .bigEndian)
        else { return nil }
        return (width, height)
    }

    /// `pitm`: a 16-bit item ID in version 0, 32-bit after.
    private static func itemID(of box: ISOBox) -> Int? {
        guard let version = box.payload.byte(at: 0) else { return nil }
        return version == 0 ? box.payload.uint16(at: 4, .bigEndian) : box.payload.uint32(at: 4, .bigEndian)
    }

    /// The property indices `ipma` associates with `item`, or nil when it lists no entry for it.
    private static func propertyIndices(of item: Int, in box: ISOBox) -> [Int]? {
        let payload = box.payload
        guard let version = payload.byte(at: 0), let flags = payload.uint24(at: 1, .bigEndian),
            let entryCount = payload.uint32(at: 4, .bigEndian)
        else { return nil }
        let idLength = version < 1 ? 2 : 4
        let indexLength = flags & 1 == 1 ? 2 : 1
        var offset = 8
        var entry = 0
        // Every entry takes at least three bytes, so a lying count ends at the box's end.
        while entry < entryCount {
            guard let entryItem = idLength == 2 ? payload.uint16(at: offset, .bigEndian) : payload.uint32(at: offset, .bigEndian),
                let associationCount = payload.byte(at: offset + idLength)
            else { return nil }
            offset += idLength + 1
            guard payload.contains(offset: offset, length: Int(associationCount) * indexLength) else { return nil }
            if entryItem == item {
                return (0..<Int(associationCount)).compactMap { association in
                    propertyIndex(in: payload, at: offset + association * indexLength, wide: indexLength == 2)
                }
            }
            offset += Int(associationCount) * indexLength
            entry += 1
        }
        return nil
    }

    /// One association: the top bit marks it essential, the other 7 or 15 bits are the index.
    private static func propertyIndex(in payload: ByteWindow, at offset: Int, wide: Bool) -> Int? {
        if wide { return payload.uint16(at: offset, .bigEndian).map { $0 & 0x7FFF } }
        return payload.byte(at: offset).map { Int($0 & 0x7F) }
    }
}
