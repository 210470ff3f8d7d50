/// Small, structurally faithful files built byte by byte, for tests that need real headers
/// without shipping binary fixtures.
enum FileSamples {
    /// The two TIFF byte orders EXIF may use.
    enum TIFFOrder {
        case intel
        case motorola
    }

    // MARK: Integers and text

    static func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func bigEndian16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }

    static func bigEndian32(_ value: Int) -> [UInt8] {
        [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static func littleEndian16(_ value: Int) -> [UInt8] { bigEndian16(value).reversed() }

    static func littleEndian24(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF)] }

    static func littleEndian32(_ value: Int) -> [UInt8] { bigEndian32(value).reversed() }

    /// Filler that never contains 0xFF, so it cannot be mistaken for a JPEG marker.
    static func filler(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) & 0x7F } }

    // MARK: EXIF / TIFF

    /// A TIFF structure whose IFD0 holds `Make` (inline) and, when given, `Software`.
    static func tiff(software: String?, order: TIFFOrder = .intel) -> [UInt8] {
        let u16 = order == .intel ? littleEndian16 : bigEndian16
        let u32 = order == .intel ? littleEndian32 : bigEndian32
        var entries: [(tag: Int, value: [UInt8])] = [(0x010F, ascii("Cam") + [0])]
        if let software { entries.append((0x0131, ascii(software) + [0])) }
        let header = (order == .intel ? ascii("II") : ascii("MM")) + u16(42) + u32(8)
        var directory = u16(entries.count)
        var outOfLine: [UInt8] = []
        let dataStart = 8 + 2 + entries.count * 12 + 4
        for entry in entries {
            directory += u16(entry.tag) + u16(2) + u32(entry.value.count)
            if entry.value.count <= 4 {
                directory += entry.value + [UInt8](repeating: 0, count: 4 - entry.value.count)
            } else {
                directory += u32(dataStart + outOfLine.count)
                outOfLine += entry.value
            }
        }
        return header + directory + u32(0) + outOfLine
    }

    // MARK: JPEG

    static func jpegSegment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [0xFF, marker] + bigEndian16(payload.count + 2) + payload
    }

    static func xmpPacket(creatorTool: String?, softwareAgents: [String] = [], asElement: Bool = false) -> [UInt8] {
        var description = "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\""
        if let creatorTool, !asElement { description += " xmp:CreatorTool=\"\(creatorTool)\"" }
        description += ">"
        if let creatorTool, asElement { description += "<xmp:CreatorTool>\(creatorTool)</xmp:CreatorTool>" }
        if !softwareAgents.isEmpty {
            description += "<xmpMM:History><rdf:Seq>"
            for agent in softwareAgents {
                description += "<rdf:li stEvt:action=\"saved\" stEvt:softwareAgent=\"\(agent)\"/>"
            }
            description += "</rdf:Seq></xmpMM:History>"
        }
        description += "</rdf:Description>"
        return ascii("<?xpacket begin=\"\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF>")
            + ascii(description) + ascii("</rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>")
    }

    /// A baseline JPEG: SOI, optional metadata segments, DQT, DHT, SOF0, SOS, `padding` bytes of
    /// scan data and EOI.
    static func jpeg(
        width: Int = 640,
        height: Int = 480,
        software: String? = nil,
        padding: Int = 64,
        order: TIFFOrder = .intel,
        creatorTool: String? = nil,
        softwareAgents: [String] = [],
        photoshopResources: Bool = false,
        frameMarker: UInt8 = 0xC0,
        endMarker: Bool = true
    ) -> [UInt8] {
        var bytes: [UInt8] = [0xFF, 0xD8]
        bytes += jpegSegment(0xE0, ascii("JFIF") + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0])
        if let software { bytes += jpegSegment(0xE1, ascii("Exif") + [0, 0] + tiff(software: software, order: order)) }
        if creatorTool != nil || !softwareAgents.isEmpty {
            let header = ascii("http://ns.adobe.com/xap/1.0/") + [0]
            bytes += jpegSegment(0xE1, header + xmpPacket(creatorTool: creatorTool, softwareAgents: softwareAgents))
        }
        if photoshopResources { bytes += jpegSegment(0xED, ascii("Photoshop 3.0") + [0] + ascii("8BIM") + [0x04, 0x04, 0, 0, 0, 0, 0, 0]) }
        bytes += jpegSegment(0xDB, [0] + filler(64))
        // A Huffman table whose first bytes would read as a 0x0101 x 0x0101 frame if taken for SOF.
        bytes += jpegSegment(0xC4, [0x00, 0x01, 0x01, 0x01, 0x01, 0x03] + filler(14))
        bytes += jpegSegment(frameMarker, [8] + bigEndian16(height) + bigEndian16(width) + [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1])
        bytes += jpegSegment(0xDA, [3, 1, 0x00, 2, 0x11, 3, 0x11, 0x00, 0x3F, 0x00])
        bytes += filler(padding)
        if endMarker { bytes += [0xFF, 0xD9] }
        return bytes
    }

    // MARK: PNG

    static func pngChunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = ascii(type)
        return bigEndian32(data.count) + typeBytes + data + bigEndian32(Int(crc32(typeBytes + data)))
    }

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func pngHeader(width: Int, height: Int, bitDepth: UInt8 = 8, colourType: UInt8 = 2) -> [UInt8] {
        pngChunk("IHDR", bigEndian32(width) + bigEndian32(height) + [bitDepth, colourType, 0, 0, 0])
    }

    /// IHDR, an optional `tEXt` Software, two IDAT chunks and IEND.
    static func png(width: Int = 640, height: Int = 480, software: String? = nil, endChunk: Bool = true) -> [UInt8] {
        var bytes = pngSignature + pngHeader(width: width, height: height)
        if let software {
            bytes += pngChunk("tEXt", ascii("Software") + [0] + Array(software.unicodeScalars.map { UInt8($0.value & 0xFF) }))
        }
        bytes += pngChunk("IDAT", filler(100)) + pngChunk("IDAT", filler(37))
        if endChunk { bytes += pngChunk("IEND", []) }
        return bytes
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return crc ^ 0xFFFF_FFFF
    }

    // MARK: WebP

    static func riffChunk(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        ascii(type) + littleEndian32(payload.count) + payload + (payload.count % 2 == 1 ? [0] : [])
    }

    /// `RIFF size WEBP` around `chunks`; `declaredSize` overrides the honest size.
    static func webp(chunks: [UInt8], declaredSize: Int? = nil) -> [UInt8] {
        ascii("RIFF") + littleEndian32(declaredSize ?? 4 + chunks.count) + ascii("WEBP") + chunks
    }

    static func vp8Frame(width: Int, height: Int) -> [UInt8] {
        [0x50, 0x02, 0x00, 0x9D, 0x01, 0x2A] + littleEndian16(width) + littleEndian16(height) + filler(21)
    }

    static func webpLossy(width: Int = 640, height: Int = 480) -> [UInt8] {
        webp(chunks: riffChunk("VP8 ", vp8Frame(width: width, height: height)))
    }

    static func webpLossless(width: Int = 640, height: Int = 480) -> [UInt8] {
        let bits = (width - 1) | (height - 1) << 14 | 1 << 28
        return webp(chunks: riffChunk("VP8L", [0x2F] + littleEndian32(bits) + filler(40)))
    }

    /// VP8X with an EXIF chunk (flag bit 3) after the image data when `software` is given.
    static func webpExtended(width: Int = 640, height: Int = 480, software: String? = nil, exifPrefix: Bool = false) -> [UInt8] {
        let flags: UInt8 = software == nil ? 0 : 0x08
        var chunks = riffChunk("VP8X", [flags, 0, 0, 0] + littleEndian24(width - 1) + littleEndian24(height - 1))
        chunks += riffChunk("VP8 ", vp8Frame(width: width, height: height))
        if let software { chunks += riffChunk("EXIF", (exifPrefix ? ascii("Exif") + [0, 0] : []) + tiff(software: software)) }
        return webp(chunks: chunks)
    }

    // MARK: PDF

    /// A PDF with `pages` page objects, optional producer and creator, and a real cross-reference
    /// table. `compactNames` writes `/Type/Page`; `contentPadding` lengthens each page's content.
    static func pdf(
        pages: Int = 3,
        producer: String? = nil,
        creator: String? = nil,
        compactNames: Bool = false,
        contentPadding: Int = 0,
        endMarker: Bool = true
    ) -> [UInt8] {
        let separator = compactNames ? "" : " "
        var objects: [String] = []
        let pageIDs = (0..<pages).map { 3 + 2 * $0 }
        objects.append("<< /Type\(separator)/Catalog /Pages 2 0 R >>")
        objects.append("<< /Type\(separator)/Pages /Kids [\(pageIDs.map { "\($0) 0 R" }.joined(separator: " "))] /Count \(pages) >>")
        for (index, pageID) in pageIDs.enumerated() {
            objects.append("<< /Type\(separator)/Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents \(pageID + 1) 0 R >>")
            var content = "BT /F1 12 Tf 72 712 Td (Page \(index + 1)) Tj ET\n"
            while content.utf8.count < contentPadding {
                content += "BT /F1 9 Tf 72 \(700 - content.utf8.count % 600) Td (Line of text) Tj ET\n"
            }
            objects.append("<< /Length \(content.utf8.count) >>\nstream\n\(content)endstream")
        }
        var info: [String] = []
        if let producer { info.append("/Producer (\(producer))") }
        if let creator { info.append("/Creator (\(creator))") }
        objects.append("<< \(info.joined(separator: " ")) >>")
        return pdfFile(objects: objects, endMarker: endMarker)
    }

    /// Numbers `objects` from 1, writes them with an xref table and a trailer pointing at the last as Info.
    static func pdfFile(objects: [String], endMarker: Bool = true) -> [UInt8] {
        var bytes = ascii("%PDF-1.7\n%") + [0xE2, 0xE3, 0xCF, 0xD3] + ascii("\n")
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(bytes.count)
            bytes += ascii("\(index + 1) 0 obj\n\(object)\nendobj\n")
        }
        let xrefOffset = bytes.count
        var xref = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { xref += String(repeating: "0", count: 10 - String(offset).count) + "\(offset) 00000 n \n" }
        xref += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R /Info \(objects.count) 0 R >>\nstartxref\n\(xrefOffset)\n"
        bytes += ascii(xref)
        if endMarker { bytes += ascii("%%EOF\n") }
        return bytes
    }

    // MARK: HEIF

    static func isoBox(_ type: String, _ payload: [UInt8]) -> [UInt8] { bigEndian32(payload.count + 8) + ascii(type) + payload }

    static func isoFullBox(_ type: String, version: UInt8 = 0, flags: Int = 0, _ payload: [UInt8]) -> [UInt8] {
        isoBox(type, [version, UInt8(flags >> 16 & 0xFF), UInt8(flags >> 8 & 0xFF), UInt8(flags & 0xFF)] + payload)
    }

    static func spatialExtents(width: Int, height: Int) -> [UInt8] {
        isoFullBox("ispe", bigEndian32(width) + bigEndian32(height))
    }

    /// A HEIF file whose primary item (1) has the `width` x `height` extents, listed after a larger
    /// unrelated item's, so only following `ipma` gives the right answer. Without `associations`
    /// there is no `ipma` and the largest extents are the best guess.
    static func heic(width: Int = 4032, height: Int = 3024, associations: Bool = true, mediaData: Int = 64) -> [UInt8] {
        let ftyp = isoBox("ftyp", ascii("heic") + [0, 0, 0, 0] + ascii("mif1") + ascii("heic"))
        let properties = isoBox(
            "ipco",
            spatialExtents(width: 8000, height: 8000) + spatialExtents(width: width, height: height)
                + spatialExtents(width: 320, height: 240)
        )
        // Item 2 -> property 1 (essential), item 1 -> property 2 (essential), item 3 -> property 3.
        let association = isoFullBox(
            "ipma",
            bigEndian32(3) + bigEndian16(2) + [1, 0x81] + bigEndian16(1) + [1, 0x82] + bigEndian16(3) + [1, 0x03]
        )
        let itemProperties = isoBox("iprp", properties + (associations ? association : []))
        let handler = isoFullBox("hdlr", [0, 0, 0, 0] + ascii("pict") + [UInt8](repeating: 0, count: 13))
        let meta = isoFullBox("meta", handler + isoFullBox("pitm", bigEndian16(1)) + itemProperties)
        return ftyp + meta + isoBox("mdat", filler(mediaData))
    }
}
