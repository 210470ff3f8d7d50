/// Reads a PDF's page count, producer and completeness with one pass over its bytes.
///
/// Objects can sit anywhere in a PDF, so the whole file is scanned, but only for `/` (the start of
/// every name): the few names that matter are checked where one is found, and nothing is converted
/// to a string except the short producer values. Objects inside compressed object streams are
/// invisible to this scan: such a file's page count comes from its linearization dictionary when it
/// has one, and is otherwise nil (unknown, not zero). Pages rewritten by incremental updates are
/// counted once per revision.
enum PDFInspector {
    /// `%%EOF` must appear this close to the end; writers add at most a line break after it.
    private static let tailLength = 1024
    private static let endOfFileMarker = Array("%%EOF".utf8)

    static func inspect(_ bytes: [UInt8]) -> FileReport {
        var report = FileReport(fileType: .pdf)
        var evidence = SoftwareEvidence()
        bytes.withUnsafeBufferPointer { buffer in
            let names = PDFNameScan(buffer)
            report.pageCount = names.pageCount > 0 ? names.pageCount : PDFLinearization.pageCount(in: buffer)
            // The last value belongs to the latest revision; earlier ones still name tools that touched the file.
            evidence.offer(names.producers.last, from: .pdfProducer)
            evidence.offer(names.creators.last, from: .pdfCreator)
            for name in names.producers + names.creators { evidence.mention(name) }
            let tailStart = max(0, buffer.count - tailLength)
            report.isTruncated = ByteSearch.lastIndex(of: endOfFileMarker, in: buffer, from: tailStart, to: buffer.count) == nil
        }
        report.record(evidence)
        return report
    }
}
