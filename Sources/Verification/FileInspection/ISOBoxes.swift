/// One box of an ISO base media file (HEIF, MP4): its four-character type and its contents.
struct ISOBox {
    let type: Int
    let payload: ByteWindow

    /// The contents after a full box's version and flags.
    var fullBoxContents: ByteWindow? { payload.window(from: 4) }
}

/// The boxes laid end to end in a window, read by their declared sizes.
///
/// Only positions are kept while walking, so a container stuffed with thousands of tiny boxes costs
/// a few integers each.
struct ISOBoxList {
    private struct Entry {
        let type: Int
        let offset: Int
        let length: Int
    }

    private let window: ByteWindow
    private var entries: [Entry] = []
    /// A box claims more bytes than the window has: the file was cut or the size is wrong.
    private(set) var overrunsEnd = false
    /// A size smaller than the box header or too large to be real.
    private(set) var isMalformed = false

    init(_ window: ByteWindow) {
        self.window = window
        var offset = 0
        while offset < window.count {
            guard let declaredSize = window.uint32(at: offset, .bigEndian), let type = window.uint32(at: offset + 4, .bigEndian) else {
                overrunsEnd = true
                return
            }
            var headerLength = 8
            var size = declaredSize
            if declaredSize == 1 {
                // A 64-bit size follows the type.
                guard window.contains(offset: offset + 8, length: 8) else {
                    overrunsEnd = true
                    return
                }
                headerLength = 16
                size = window.uint64(at: offset + 8, .bigEndian) ?? 0
            } else if declaredSize == 0 {
                size = window.count - offset  // the box runs to the end
            }
            guard size >= headerLength else {
                isMalformed = true
                return
            }
            guard window.contains(offset: offset + headerLength, length: size - headerLength) else {
                overrunsEnd = true
                return
            }
            entries.append(Entry(type: type, offset: offset + headerLength, length: size - headerLength))
            offset += size
        }
    }

    /// Whether this level or the walk inside it went wrong.
    var isDamaged: Bool { overrunsEnd || isMalformed }

    var count: Int { entries.count }

    /// The box at a 0-based position.
    func box(at index: Int) -> ISOBox? {
        guard entries.indices.contains(index) else { return nil }
        return box(entries[index])
    }

    func first(_ type: Int) -> ISOBox? { entries.first { $0.type == type }.flatMap(box) }

    func all(_ type: Int) -> [ISOBox] { entries.filter { $0.type == type }.compactMap(box) }

    private func box(_ entry: Entry) -> ISOBox? {
        window.window(at: entry.offset, length: entry.length).map { ISOBox(type: entry.type, payload: $0) }
    }
}
