/// Reads tool names out of an XMP packet without an XML parser.
///
/// Only two properties matter: `xmp:CreatorTool`, the application that wrote the file, and each
/// `stEvt:softwareAgent` in the edit history, which keeps the editors even after another tool
/// re-saved the file. Both may be written as attributes (`prefix:Name="…"`) or as elements
/// (`<prefix:Name>…</prefix:Name>`); any namespace prefix is accepted.
enum XMPMetadata {
    private static let creatorTool = Array("CreatorTool".utf8)
    private static let softwareAgent = Array("softwareAgent".utf8)
    /// Edit histories can be long; a few dozen entries are plenty to find an editor.
    private static let maximumAgents = 64
    /// Occurrences of a property name examined per packet, valid or not, so a packet stuffed with
    /// near-misses costs no more than a normal one.
    private static let maximumCandidates = 256
    /// How far a value may extend; longer ones are not program names.
    private static let maximumValueLength = MetadataText.maximumLength * 4

    /// Adds the packet's creator tool (as software) and history agents (as mentions) to `evidence`.
    static func record(_ packet: ByteWindow, into evidence: inout SoftwareEvidence) {
        evidence.offer(values(of: creatorTool, in: packet, limit: 1).first, from: .creatorTool)
        for agent in values(of: softwareAgent, in: packet, limit: maximumAgents) {
            evidence.mention(agent)
        }
    }

    /// The first `limit` non-empty values of the property named `name`.
    private static func values(of name: [UInt8], in packet: ByteWindow, limit: Int) -> [String] {
        var found: [String] = []
        var start = 0
        var candidates = 0
        while found.count < limit, candidates < maximumCandidates, let nameOffset = packet.firstOffset(of: name, from: start) {
            start = nameOffset + name.count
            candidates += 1
            // A qualified property name: the prefix's colon right before it.
            guard packet.byte(at: nameOffset - 1) == UInt8(ascii: ":") else { continue }
            if let value = value(after: start, in: packet) { found.append(value) }
        }
        return found
    }

    /// The attribute value or element text that follows a property name ending at `offset`.
    private static func value(after offset: Int, in packet: ByteWindow) -> String? {
        var position = offset
        while let byte = packet.byte(at: position), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
            position += 1
        }
        switch packet.byte(at: position) {
        case UInt8(ascii: "="):
            position += 1
            while packet.byte(at: position) == 0x20 { position += 1 }
            guard let quote = packet.byte(at: position), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                return nil
            }
            return text(from: position + 1, upTo: quote, in: packet)
        case UInt8(ascii: ">"):
            return text(from: position + 1, upTo: UInt8(ascii: "<"), in: packet)
        default:
            return nil
        }
    }

    private static func text(from start: Int, upTo terminator: UInt8, in packet: ByteWindow) -> String? {
        guard let searched = packet.available(at: start, upTo: maximumValueLength), let end = searched.firstOffset(of: [terminator]),
            let value = searched.window(at: 0, length: end)
        else { return nil }
        return MetadataText.utf8(value.bytes)
    }
}
