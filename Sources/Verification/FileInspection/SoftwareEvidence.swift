/// What a file's metadata says about the programs that wrote it, gathered while its structure is walked.
///
/// Several places may name software (an EXIF tag, an XMP property, a PNG text chunk) in any order
/// within the file, so each claim carries a rank and the most specific one wins, while every
/// mention is searched for editor names.
struct SoftwareEvidence {
    /// Where a software name came from, most authoritative first.
    enum Source: Int, Comparable {
        case softwareTag
        case creatorTool
        case pdfProducer
        case pdfCreator

        static func < (lhs: Source, rhs: Source) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Distinct texts searched for editor names; crafted files can repeat metadata endlessly, real
    /// ones name a handful of programs.
    private static let maximumMentions = 64
    /// Texts received in all, repeats included, before metadata stops being worth decoding.
    private static let maximumTexts = 256

    private(set) var software: String?
    private var softwareSource: Source?
    private var toolIndices: Set<Int> = []
    /// Edit histories repeat the same agent many times; each distinct text is searched once.
    private var mentioned: Set<String> = []
    private var textsReceived = 0

    /// Whether more metadata is worth decoding; inspectors skip further text chunks once it is false.
    var hasRoom: Bool { textsReceived < Self.maximumTexts }

    /// Offers a software name; it becomes `software` unless a better-ranked one is already known.
    mutating func offer(_ name: String?, from source: Source) {
        mention(name)
        guard let name else { return }
        if let current = softwareSource, current <= source { return }
        software = name
        softwareSource = source
    }

    /// Searches a text that names software (an XMP history agent, say) without making it `software`.
    mutating func mention(_ text: String?) {
        textsReceived += 1  // an empty or unreadable text cost decoding too
        guard let text, mentioned.count < Self.maximumMentions, mentioned.insert(text).inserted else { return }
        toolIndices.formUnion(EditingToolCatalog.toolIndices(in: text))
    }

    /// Records a tool known from the file's structure rather than from a name.
    mutating func addTrace(named name: String) {
        if let index = EditingToolCatalog.tools.firstIndex(where: { $0.name == name }) {
            toolIndices.insert(index)
        }
    }

    /// Normalised tool names in catalogue order.
    var traces: [String] { toolIndices.sorted().map { EditingToolCatalog.tools[$0].name } }
}
