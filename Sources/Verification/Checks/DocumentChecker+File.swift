import Base

extension DocumentChecker {
    /// Which kinds of file each document may be: a selfie is a photograph, identity documents are
    /// photographs or scans, a proof of address is often a PDF statement.
    static func allowedTypes(for documentType: String) -> Set<FileType> {
        switch documentType {
        case "SELFIE": return [.jpeg, .png, .webp, .heic]
        case "PROOF_OF_ADDRESS": return [.jpeg, .png, .webp, .heic, .pdf]
        default: return [.jpeg, .png, .webp, .heic, .pdf]
        }
    }

    static func fileChecks(_ input: DocumentCheckInput, rules: RuleSet, signals: inout DocumentSignals) -> [CheckResult] {
        let report = FileInspector.inspect(input.bytes)
        signals.fileType = report.fileType?.rawValue
        signals.width = report.width
        signals.height = report.height
        signals.pageCount = report.pageCount
        signals.editingTools = report.editingToolTraces
        var checks: [CheckResult] = []
        guard let fileType = report.fileType, allowedTypes(for: input.type).contains(fileType) else {
            return [CheckResult(name: "file_type", outcome: .fail, reasons: ["file_type_not_allowed"])]
        }
        checks.append(CheckResult(name: "file_type", outcome: .pass))
        var integrity: [String] = []
        if report.isCorrupt { integrity.append("file_corrupt") }
        if report.isTruncated { integrity.append("file_truncated") }
        checks.append(CheckResult(name: "file_integrity", outcome: integrity.isEmpty ? .pass : .fail, reasons: integrity))
        checks.append(resolutionCheck(report, documentType: input.type, rules: rules))
        if fileType != .pdf, photoTypes.contains(input.type) {
            checks.append(photoQualityCheck(input.photo, zone: input.zone, rules: rules, signals: &signals))
        }
        if report.editingToolTraces.isEmpty {
            checks.append(CheckResult(name: "tampering", outcome: .pass))
        } else {
            checks.append(
                CheckResult(name: "tampering", outcome: outcome(for: rules.onTampering), reasons: ["editing_software_detected"])
            )
        }
        return checks
    }

    /// The documents whose photos must be sharp and free of glare to be read.
    public static let photoTypes: Set<String> = ["ID_FRONT", "ID_BACK", "SELFIE"]

    /// Rejection reasons that say "take another photo" rather than anything about the person.
    public static let retakeReasons: Set<String> = [
        "image_blurry", "image_glare", "image_too_small", "document_cropped", "mrz_not_found",
    ]

    /// Whether a rejection only asks for another photo: it has reasons, all of them retakes.
    public static func asksForRetake(_ reasons: [String]) -> Bool {
        !reasons.isEmpty && reasons.allSatisfy(retakeReasons.contains)
    }

    /// Whether the photo can be read: the document large enough in it, sharp, not blown out by a reflection,
    /// and for an identity document not cut off at the zone. A failure asks the end user for
    /// another photo (every reason here is in `retakeReasons`); it says nothing about fraud.
    static func photoQualityCheck(
        _ photo: PhotoReading?,
        zone: PhotoZone?,
        rules: RuleSet,
        signals: inout DocumentSignals
    ) -> CheckResult {
        switch photo {
        case nil:
            return CheckResult(name: "photo_quality", outcome: .skipped, reasons: ["photo_not_measured"])
        case .undecodable:
            // The file checks judge the structure; pixels that do not decode are not measured.
            return CheckResult(name: "photo_quality", outcome: .skipped, reasons: ["photo_undecodable"])
        case .measured(let sharpness, let glare):
            signals.sharpness = sharpness
            signals.glare = glare
            var reasons: [String] = []
            // The document fills too little of the photo for its zone's characters to be read.
            if case .unreadable(let pitch) = zone, pitch < PhotoZone.minimumPitch { reasons.append("image_too_small") }
            if case .notFound(cropped: true) = zone { reasons.append("document_cropped") }
            if sharpness < rules.minimumSharpness { reasons.append("image_blurry") }
            if glare > rules.maximumGlare { reasons.append("image_glare") }
            return CheckResult(name: "photo_quality", outcome: reasons.isEmpty ? .pass : outcome(for: rules.onPoorPhoto), reasons: reasons)
        }
    }

    static func resolutionCheck(_ report: FileReport, documentType: String, rules: RuleSet) -> CheckResult {
        guard report.fileType != .pdf else {
            // Pages kept in compressed object streams cannot be counted without inflating them:
            // unknown is not zero, so it is recorded as skipped rather than failed.
            switch report.pageCount {
            case nil: return CheckResult(name: "resolution", outcome: .skipped, reasons: ["page_count_unknown"])
            case 0: return CheckResult(name: "resolution", outcome: .fail, reasons: ["pdf_no_pages"])
            default: return CheckResult(name: "resolution", outcome: .pass)
            }
        }
        guard let minimum = rules.minimumResolution[documentType] else { return CheckResult(name: "resolution", outcome: .pass) }
        guard let width = report.width, let height = report.height else {
            // HEIC files whose size is not in a header we read: a person decides.
            return CheckResult(name: "resolution", outcome: .review, reasons: ["dimensions_unknown"])
        }
        // Either orientation: a card photographed upright is as good as one lying flat.
        let fits =
            (width >= minimum.width && height >= minimum.height) || (height >= minimum.width && width >= minimum.height)
        return CheckResult(name: "resolution", outcome: fits ? .pass : .fail, reasons: fits ? [] : ["resolution_too_low"])
    }

    static func issueDateCheck(_ input: DocumentCheckInput, rules: RuleSet, signals: inout DocumentSignals) -> CheckResult {
        guard let text = input.fields["issue_date"] else {
            return CheckResult(name: "issue_date", outcome: .fail, reasons: ["issue_date_missing"])
        }
        guard let issued = CivilDate(text), issued <= input.today else {
            return CheckResult(name: "issue_date", outcome: .fail, reasons: ["issue_date_invalid"])
        }
        let age = input.today.daysSinceEpoch - issued.daysSinceEpoch
        signals.proofOfAddressAgeDays = age
        let fresh = age <= rules.proofOfAddressMaxAgeDays
        return CheckResult(name: "issue_date", outcome: fresh ? .pass : .fail, reasons: fresh ? [] : ["proof_of_address_too_old"])
    }
}
