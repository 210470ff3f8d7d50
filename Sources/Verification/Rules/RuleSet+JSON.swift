import Base

extension RuleSet {
    /// The rule set in full, defaults included, in the shape `init(json:)` reads.
    public var json: JSONValue {
        .object([
            "required_documents": .array(requiredDocuments.map(JSONValue.string)),
            "minimum_age": .number(Double(minimumAge)),
            "accepted_countries": .array(acceptedCountries.map(JSONValue.string)),
            "blocked_countries": .array(blockedCountries.map(JSONValue.string)),
            "document_expiry_margin_days": .number(Double(documentExpiryMarginDays)),
            "proof_of_address_max_age_days": .number(Double(proofOfAddressMaxAgeDays)),
            "mrz_required": .bool(mrzRequired),
            "minimum_resolution": .object(
                minimumResolution.mapValues { .object(["width": .number(Double($0.width)), "height": .number(Double($0.height))]) }
            ),
            "name_match": .object(["reject_below": .number(nameRejectBelow), "review_below": .number(nameReviewBelow)]),
            "on_duplicate": .string(onDuplicate.rawValue),
            "on_tampering": .string(onTampering.rawValue),
            "photo_quality": .object([
                "minimum_sharpness": .number(minimumSharpness),
                "maximum_glare": .number(maximumGlare),
                "on_failure": .string(onPoorPhoto.rawValue),
            ]),
            "mrz_reading": .object([
                "on_mismatch": .string(onMRZMismatch.rawValue),
                "on_unconfirmed": .string(onUnconfirmedMRZ.rawValue),
            ]),
            "screening": .object([
                "enabled": .bool(screeningEnabled),
                "threshold": .number(screeningThreshold),
                "on_match": .string(onScreeningMatch.rawValue),
                "monitoring": .bool(screeningMonitoring),
                "rescreen_days": .number(Double(screeningRescreenDays)),
            ]),
            "regulator": .object(["enabled": .bool(regulatorEnabled), "on_no_match": .string(onRegulatorNoMatch.rawValue)]),
            "face": .object([
                "enabled": .bool(faceEnabled),
                "max_distance": .number(faceMaximumDistance),
                "on_no_match": .string(onFaceNoMatch.rawValue),
                "on_duplicate": .string(onDuplicateFace.rawValue),
            ]),
            "risk": .object(["review_at": .number(riskReviewAt), "reject_at": .number(riskRejectAt)]),
            "auto_approve": .bool(autoApprove),
            "custom_rules": .array(customRules.map(\.json)),
        ])
    }
}

extension CustomRule {
    /// The rule as the merchant wrote it.
    public var json: JSONValue {
        var fields: [String: JSONValue] = [
            "id": .string(id),
            "when": condition,
            "action": .string(action.rawValue),
            "reason": .string(reason),
            "risk_points": .number(riskPoints),
        ]
        if let description { fields["description"] = .string(description) }
        return .object(fields)
    }
}
